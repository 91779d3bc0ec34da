"""Child processes that do not outlive the process they work for.

A render process of a pool (certificates: WeasyPrint, a few hundred MB each) would otherwise
sit on for good after the task worker that started it was killed: with the forkserver start
method it is the fork server's child, not the worker's, and the fork server itself only exits
once every process it forked has (each holds its "alive" pipe), so neither the kernel's
parent-death signal nor the pool's own shutdown reaches it. `exit_with(pid)`, run as the pool's
initializer with the worker's pid, starts a thread that waits for that process to end (a pidfd on
Linux 5.3+, otherwise a check every second) and then exits at once, whatever is rendering."""

import os
import select
import threading
import time


def exit_with(pid: int) -> None:
    """End this process as soon as process `pid` ends (or now, if it already has)."""
    threading.Thread(target=_wait_then_exit, args=(pid,), name="exit-with", daemon=True).start()


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _wait_then_exit(pid: int) -> None:
    try:
        pidfd = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):  # no pidfd here: look once a second
        while _exists(pid):
            time.sleep(1)
        os._exit(1)
    select.select([pidfd], [], [])  # readable once the process has ended
    os._exit(1)
