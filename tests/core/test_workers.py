"""Task workers' heartbeats and the reclaim of tasks held by a worker that stopped: back in the
queue while attempts remain, failed (and logged as such) after the last."""

import datetime as dt
import logging

import pytest
from django.core.management import call_command, get_commands
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.models import WorkerHeartbeat
from core.workers import heartbeat_beat, heartbeat_stop, tasks_reclaim, workers_alive
from tests.deployment.tasks import add_numbers

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("database_tasks"),
]

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_tasks():
    with override_settings(TASKS=DATABASE_TASKS, TASKS_RECLAIM_SECONDS=120, TASKS_MAX_ATTEMPTS=3):
        yield


def _claimed(*, by: list[str], minutes_ago: float = 0) -> DBTaskResult:
    """A task claimed (as db_worker claims it) by each of `by` in turn, the last claim
    `minutes_ago`."""
    result = add_numbers.enqueue(2, 3)
    task = DBTaskResult.objects.get(pk=result.id)
    for worker_id in by:
        task.claim(worker_id)
    DBTaskResult.objects.filter(pk=task.pk).update(
        started_at=timezone.now() - dt.timedelta(minutes=minutes_ago)
    )
    task.refresh_from_db()
    return task


def _heartbeat(worker_id: str, *, minutes_ago: float) -> None:
    heartbeat_beat(worker_id=worker_id, started_at=timezone.now())
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(
        last_seen_at=timezone.now() - dt.timedelta(minutes=minutes_ago)
    )


def test_db_worker_command_is_cores_not_the_librarys():
    assert get_commands()["db_worker"] == "core"


def test_task_of_a_silent_worker_goes_back_to_the_queue():
    task = _claimed(by=["dead"], minutes_ago=10)
    _heartbeat("dead", minutes_ago=3)

    result = tasks_reclaim()

    task.refresh_from_db()
    assert (result.requeued, result.failed) == ([str(task.pk)], [])
    assert (task.status, task.worker_ids) == (TaskResultStatus.READY, ["dead"])
    assert DBTaskResult.objects.ready().get() == task
    assert not WorkerHeartbeat.objects.exists()  # the dead worker is forgotten


def test_task_of_a_worker_still_heartbeating_is_left_alone_however_long_it_runs():
    task = _claimed(by=["busy"], minutes_ago=60)
    _heartbeat("busy", minutes_ago=0.1)

    result = tasks_reclaim()

    task.refresh_from_db()
    assert (result.requeued, result.failed, task.status) == ([], [], TaskResultStatus.RUNNING)
    assert WorkerHeartbeat.objects.get().worker_id == "busy"


def test_task_claimed_by_a_worker_without_heartbeat_gets_the_grace_period_from_its_claim():
    recent = _claimed(by=["older-worker"], minutes_ago=1)
    old = _claimed(by=["older-worker"], minutes_ago=3)

    result = tasks_reclaim()

    assert result.requeued == [str(old.pk)]
    recent.refresh_from_db()
    assert recent.status == TaskResultStatus.RUNNING


def test_task_out_of_attempts_is_failed_with_the_reason_and_logged(caplog):
    task = _claimed(by=["first", "second", "third"], minutes_ago=5)
    caplog.set_level(logging.INFO, logger="cop.tasks")

    result = tasks_reclaim()

    task.refresh_from_db()
    assert (result.requeued, result.failed) == ([], [str(task.pk)])
    assert (task.status, task.exception_class_path) == (
        TaskResultStatus.FAILED,
        "core.workers.WorkerLost",
    )
    assert task.traceback.startswith("WorkerLost: worker third stopped while running this task")
    assert task.finished_at is not None
    [record] = [r for r in caplog.records if r.name == "cop.tasks"]
    assert (record.task_id, record.outcome) == (str(task.pk), "failed")


def test_reclaim_of_one_workers_own_tasks_ignores_its_heartbeat_and_the_others():
    mine = _claimed(by=["me"])
    theirs = _claimed(by=["them"])
    _heartbeat("me", minutes_ago=0)

    result = tasks_reclaim(worker_id="me")

    assert result.requeued == [str(mine.pk)]
    theirs.refresh_from_db()
    assert theirs.status == TaskResultStatus.RUNNING


def test_reclaim_twice_changes_nothing_the_second_time():
    _claimed(by=["dead"], minutes_ago=10)
    tasks_reclaim()

    again = tasks_reclaim()

    assert (again.requeued, again.failed) == ([], [])


def test_tasks_maintenance_command_says_what_it_did(capsys):
    _claimed(by=["dead"], minutes_ago=10)
    _claimed(by=["a", "b", "c"], minutes_ago=10)

    call_command("tasks_maintenance")

    assert capsys.readouterr().out == "1 task(s) put back in the queue, 1 failed.\n"


def test_workers_alive_counts_only_recent_heartbeats_and_a_stopped_worker_leaves():
    _heartbeat("recent", minutes_ago=1)
    _heartbeat("silent", minutes_ago=3)
    assert workers_alive() == 1

    heartbeat_stop(worker_id="recent")

    assert workers_alive() == 0
