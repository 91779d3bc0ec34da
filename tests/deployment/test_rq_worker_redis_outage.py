"""An RQ worker process (`manage.py rq_worker`) rides out its Redis going away: started while
Redis's port refuses connections, and cut off again while it waits for a job, it waits,
reconnects, runs the jobs queued meanwhile, and logs one line when each outage starts and one
when it ends; SIGTERM still stops it, also while it waits for Redis."""

import signal
import time

import pytest
from rq import Worker
from rq.exceptions import NoSuchJobError
from rq.job import Job

from tests.deployment.conftest import (
    TEST_REDIS_URL,
    closed_port,
    json_log_lines,
    manage_process,
    run_python,
    wait_for,
)
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.worker

ENQUEUE = "from tests.deployment.tasks import add_numbers; print(add_numbers.enqueue(2, 3).id)"


def _job_status(client, job_id: str) -> str | None:
    try:
        return Job.fetch(job_id, connection=client).get_status()
    except NoSuchJobError:
        return None


def _messages(lines: list[str]) -> list[str]:
    return [entry["message"] for entry in json_log_lines("".join(lines)) if entry]


def test_rq_worker_started_with_redis_away_and_cut_off_again_carries_on(production_env, test_redis):
    # Not db 9: other worker tests empty that one.
    production_env.update(TASKS_BACKEND="rq", REDIS_URL=TEST_REDIS_URL)
    proxy = TcpProxy(closed_port(), ("127.0.0.1", 6379))
    through_proxy = TEST_REDIS_URL.replace(":6379/", f":{proxy.port}/")

    def logged(start: str) -> int:
        return sum(start in line for line in list(lines))

    with manage_process({**production_env, "REDIS_URL": through_proxy}, "rq_worker") as (
        worker,
        lines,
    ):
        try:
            away_at_start = wait_for(lambda: logged("Redis unreachable") == 1, timeout=20)
            proxy.start()
            first = run_python(production_env, ENQUEUE)
            first_done = wait_for(lambda: _job_status(test_redis, first) == "finished", 20)
            proxy.stop()  # Redis "restarts": every connection cut, the port refuses
            cut_off = wait_for(lambda: logged("Redis unreachable") == 2, timeout=20)
            second = run_python(production_env, ENQUEUE)  # queued meanwhile
            time.sleep(2)  # a few of the worker's tries fail
            proxy.start()
            second_done = wait_for(lambda: _job_status(test_redis, second) == "finished", 30)
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=15)
        finally:
            proxy.stop()
    output = "".join(lines)

    assert (away_at_start, first_done, cut_off, second_done) == (True, True, True, True), output
    assert worker.returncode == 0, output
    messages = _messages(lines)
    outages = [m for m in messages if m.startswith("Redis unreachable")]
    recoveries = [m for m in messages if m.startswith("Redis reachable again after")]
    assert (len(outages), len(recoveries)) == (2, 2), "\n".join(messages)
    assert outages[1].endswith("(outage 2 of this process).")
    # RQ's own line per try, and its traceback on leaving the loop, are gone.
    assert not [m for m in messages if "could not connect to Redis" in m], "\n".join(messages)
    assert "Traceback" not in output, output
    # The registrations of the worker cut off, and of the one stopped, are marked dead.
    assert Worker.count(connection=test_redis) == 0


def test_rq_worker_waiting_for_redis_stops_at_once_on_sigterm(production_env):
    production_env.update(TASKS_BACKEND="rq", REDIS_URL=f"redis://127.0.0.1:{closed_port()}/11")

    with manage_process(production_env, "rq_worker") as (worker, lines):
        waiting = wait_for(lambda: any("Redis unreachable" in line for line in lines), 20)
        time.sleep(1.5)  # into the backoff
        signalled = time.monotonic()
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=10)
        took = time.monotonic() - signalled
    output = "".join(lines)

    assert waiting, output
    assert (worker.returncode, took < 3) == (0, True), output
    assert _messages(lines)[-1] == "Stopped while Redis was unreachable (outage 1).", output
