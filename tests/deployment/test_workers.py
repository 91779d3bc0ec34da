"""Real worker processes take tasks off a real queue: the database one and RQ on Redis."""

import logging

import pytest
from django_tasks import TaskResultStatus

from config.logs import record_extras
from tests.deployment.conftest import (
    TEST_REDIS_URL,
    json_log_lines,
    run_manage,
    run_python,
)
from tests.deployment.tasks import add_numbers, always_fails

pytestmark = pytest.mark.worker

ENQUEUE = "from tests.deployment.tasks import add_numbers; print(add_numbers.enqueue(2, 3).id)"
READ_RESULT = (
    "from django_tasks import default_task_backend as backend; "
    "result = backend.get_result({task_id!r}); "
    "print(result.status, result.return_value if result.is_finished else None)"
)


def task_log_entries(output: str, task_id: str) -> list[dict]:
    return [entry for entry in json_log_lines(output) if entry.get("task_id") == task_id]


def test_db_worker_process_runs_an_enqueued_task(production_env):
    run_manage(production_env, "migrate", "--no-input", "-v", "0")
    task_id = run_python(production_env, ENQUEUE)
    assert run_python(production_env, READ_RESULT.format(task_id=task_id)) == "READY None"

    output = run_manage(production_env, "db_worker", "--batch", "--no-reload", "--no-startup-delay")

    assert run_python(production_env, READ_RESULT.format(task_id=task_id)) == "SUCCESSFUL 5"
    [entry] = task_log_entries(output, task_id)
    assert (entry["logger"], entry["task"], entry["outcome"]) == (
        "cop.tasks",
        "tests.deployment.tasks.add_numbers",
        "successful",
    )
    assert entry["duration_ms"] >= 0


def test_rq_worker_process_runs_an_enqueued_task(production_env, test_redis):
    production_env.update(TASKS_BACKEND="rq", REDIS_URL=TEST_REDIS_URL)
    task_id = run_python(production_env, ENQUEUE)
    assert run_python(production_env, READ_RESULT.format(task_id=task_id)) == "READY None"

    output = run_manage(production_env, "rqworker", "default", "--burst")

    assert run_python(production_env, READ_RESULT.format(task_id=task_id)) == "SUCCESSFUL 5"
    [entry] = task_log_entries(
        "\n".join(line for line in output.splitlines() if line.startswith("{")), task_id
    )
    assert (entry["task"], entry["outcome"]) == ("tests.deployment.tasks.add_numbers", "successful")


def test_task_log_has_id_duration_and_outcome(caplog):
    caplog.set_level(logging.INFO, logger="cop.tasks")

    result = add_numbers.enqueue(2, 3)

    [record] = [r for r in caplog.records if r.name == "cop.tasks"]
    assert (record.task_id, record.task, record.outcome, record.levelname) == (
        result.id,
        "tests.deployment.tasks.add_numbers",
        "successful",
        "INFO",
    )
    assert record.duration_ms >= 0
    # Ids, timing and outcome only: a task's arguments may name a person.
    assert set(record_extras(record)) - {"request_id"} == {
        "task_id",
        "task",
        "backend",
        "outcome",
        "duration_ms",
    }


def test_task_log_of_a_failed_task_is_an_error_without_arguments(caplog):
    caplog.set_level(logging.INFO, logger="cop.tasks")

    result = always_fails.enqueue()

    assert result.status == TaskResultStatus.FAILED
    [record] = [r for r in caplog.records if r.name == "cop.tasks"]
    assert (record.task_id, record.outcome, record.levelname) == (result.id, "failed", "ERROR")
