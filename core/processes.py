"""Child processes that do not outlive their parent.

A worker process of a pool (certificate rendering: WeasyPrint, a few hundred MB each) would
otherwise go on rendering for minutes after the task worker that started it was killed. On
Linux the kernel delivers SIGKILL to a process whose parent dies once it has asked for it with
prctl(PR_SET_PDEATHSIG); elsewhere this does nothing (the pool's own shutdown still applies)."""

import ctypes
import ctypes.util
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent() -> None:
    """Ask to be killed when the parent process ends (a pool's initializer). If the parent is
    already gone (adopted by init before the request), exit now."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        return  # not allowed here (a sandbox): the pool's own shutdown is all there is
    if os.getppid() != parent or parent == 1:
        os._exit(1)
