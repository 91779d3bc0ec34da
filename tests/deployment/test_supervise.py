"""deploy/supervise.sh, which `make run` puts around the worker: a command that exits is
started again, and stopping the supervisor stops the command too."""

import os
import signal
import subprocess
import time

import pytest

from tests.deployment.conftest import REPO


def test_a_command_that_exits_is_started_again_and_stops_with_the_supervisor(tmp_path):
    runs = tmp_path / "runs"
    alive = tmp_path / "alive"  # holds the pid of the run that stays up
    # Each run writes a line; the second one stays up (as a healthy worker does).
    command = f"echo run >> {runs}; [ $(wc -l < {runs}) -ge 2 ] && echo $$ > {alive} && exec sleep 60; exit 3"
    supervisor = subprocess.Popen(
        ["sh", str(REPO / "deploy" / "supervise.sh"), "worker", "sh", "-c", command],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 10
    while not (alive.exists() and alive.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.1)
    pid = int(alive.read_text())

    supervisor.send_signal(signal.SIGTERM)
    _out, err = supervisor.communicate(timeout=10)

    assert runs.read_text() == "run\nrun\n"
    assert "worker exited with status 3; starting it again in 1 s." in err
    assert supervisor.returncode == 0
    # The long-running second run ended with its supervisor: no sleep 60 left behind.
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
