"""A db_worker process rides out its PostgreSQL going away: started while the database's port
refuses connections, and cut off again while it runs, it waits, reconnects, runs the tasks
queued meanwhile, and logs one line when each outage starts and one when it ends."""

import secrets
import signal

import pytest

from tests.deployment.conftest import (
    closed_port,
    json_log_lines,
    manage_process,
    run_manage,
    run_python,
    wait_for,
)
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.worker

POSTGRES = "postgres://postgres@127.0.0.1:5432/"
ENQUEUE = "from tests.deployment.tasks import add_numbers; print(add_numbers.enqueue(2, 3).id)"


@pytest.fixture
def postgres_url():
    """A throwaway PostgreSQL database; skips when no PostgreSQL answers on 5432."""
    psycopg = pytest.importorskip("psycopg")
    name = f"cop_resil2_outage_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(POSTGRES + "postgres", autocommit=True, connect_timeout=2)
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL answers on 127.0.0.1:5432")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield POSTGRES + name
        finally:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _task_status(url: str, task_id: str) -> str:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://"), connect_timeout=2) as db:
        row = db.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = %s", (task_id,)
        ).fetchone()
    return row[0]


def test_worker_started_with_the_database_away_and_cut_off_again_carries_on(
    production_env, postgres_url
):
    production_env["DATABASE_URL"] = postgres_url
    run_manage(production_env, "migrate", "--no-input", "-v", "0")
    first = run_python(production_env, ENQUEUE)
    proxy = TcpProxy(closed_port(), ("127.0.0.1", 5432))
    worker_env = {
        **production_env,
        "DATABASE_URL": postgres_url.replace(":5432/", f":{proxy.port}/"),
        "TASKS_HEARTBEAT_SECONDS": "1",
    }

    def outages_logged() -> int:
        return sum("Database unreachable" in line for line in list(lines))

    with manage_process(worker_env, "db_worker", "--no-reload", "--no-startup-delay") as (
        worker,
        lines,
    ):
        try:
            wait_for(lambda: outages_logged() == 1, timeout=60)  # the port refuses
            proxy.start()
            first_done = wait_for(lambda: _task_status(postgres_url, first) == "SUCCESSFUL", 60)
            proxy.stop()  # PostgreSQL "restarts": every connection cut, the port refuses
            cut_off = wait_for(lambda: outages_logged() == 2, timeout=30)
            second = run_python(production_env, ENQUEUE)  # queued meanwhile
            proxy.start()
            second_done = wait_for(lambda: _task_status(postgres_url, second) == "SUCCESSFUL", 60)
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=30)
        finally:
            proxy.stop()
    output = "".join(lines)

    assert (first_done, cut_off, second_done) == (True, True, True), output
    assert worker.returncode == 0, output
    messages = [entry["message"] for entry in json_log_lines(output)]
    outages = [m for m in messages if m.startswith("Database unreachable")]
    recoveries = [m for m in messages if m.startswith("Database reachable again after")]
    assert (len(outages), len(recoveries)) == (2, 2), "\n".join(messages)
    assert not any("Traceback" in line for line in output.splitlines()), output
