"""A process that asked for it ends when the one it works for is killed with SIGKILL (which
leaves that one no chance to stop it); one that did not ask outlives it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

PARENT = """
import multiprocessing, os, sys, time
from core.processes import exit_with

def child(ask, parent):
    if ask:
        exit_with(parent)
    time.sleep(60)

if __name__ == "__main__":
    process = multiprocessing.get_context("fork").Process(
        target=child, args=(sys.argv[1] == "ask", os.getpid()))
    process.start()
    print(process.pid, flush=True)
    time.sleep(60)
"""


def process_alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


def _orphan_after_parent_killed(ask: str, tmp_path) -> tuple[int, bool]:
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    parent = subprocess.Popen(
        [sys.executable, str(script), ask],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    child = int(parent.stdout.readline())
    time.sleep(0.3)  # the child has run exit_with
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=5)
    parent.stdout.close()
    deadline = time.monotonic() + 5
    while process_alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = process_alive(child)
    if alive:
        os.kill(child, signal.SIGKILL)
    return child, alive


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
def test_child_that_asked_dies_with_its_killed_parent(tmp_path):
    _child, alive = _orphan_after_parent_killed("ask", tmp_path)

    assert alive is False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
def test_child_that_did_not_ask_outlives_its_killed_parent(tmp_path):
    _child, alive = _orphan_after_parent_killed("no", tmp_path)

    assert alive is True
