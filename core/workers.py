"""Task workers that die are noticed, and the tasks they held are not lost.

django-tasks-db (0.13, the newest release) marks a task RUNNING when a worker claims it, and
nothing more: a worker killed mid-task (SIGKILL, out of memory, a lost machine) leaves the task
RUNNING for good (upstream issue RealOrangeOne/django-tasks-db#5, open). Built around the
backend's own table, without patching it:

- each worker process keeps a `WorkerHeartbeat` row fresh from a thread (`Heartbeat`), every
  TASKS_HEARTBEAT_SECONDS, whatever its task is doing;
- `tasks_reclaim` takes every RUNNING task whose worker has been silent for longer than
  TASKS_RECLAIM_SECONDS and puts it back in the queue, or marks it failed once it has been
  claimed TASKS_MAX_ATTEMPTS times (the task's own `worker_ids` counts its claims). The worker's
  heartbeat thread runs it, and so does `manage.py tasks_maintenance` (the periodic tick).

A task may so run twice (a worker that was only cut off comes back and finishes it too): every
task of the project is safe to run twice. `database_wait` lets a worker sit out a database
outage instead of exiting (`outage_wait`, which the RQ worker uses for Redis: core/rq_workers.py).
"""

import contextlib
import datetime as dt
import logging
import os
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult

from core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# What a database that went away raises (psycopg's and sqlite3's errors, wrapped by Django).
DATABASE_DOWN = (OperationalError, InterfaceError)
LOST_WORKER_ERROR = "core.workers.WorkerLost"
_outages: Counter[str] = Counter()  # outages this process sat out, by what went away


@dataclass
class Reclaimed:
    requeued: list[str] = field(default_factory=list)  # task ids back in the queue
    failed: list[str] = field(default_factory=list)  # task ids out of attempts


def heartbeat_beat(*, worker_id: str, started_at: dt.datetime) -> None:
    """Say this worker process is alive now."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"last_seen_at": timezone.now()},
        create_defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "last_seen_at": timezone.now(),
        },
    )


def heartbeat_stop(*, worker_id: str) -> None:
    """A worker that stops cleanly leaves no heartbeat behind."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def _cutoff(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=settings.TASKS_RECLAIM_SECONDS)


def workers_alive(*, now: dt.datetime | None = None) -> int:
    """How many workers heartbeated within TASKS_RECLAIM_SECONDS."""
    return WorkerHeartbeat.objects.filter(last_seen_at__gte=_cutoff(now or timezone.now())).count()


def _abandoned(now: dt.datetime) -> list[tuple[str, list[str]]]:
    """RUNNING tasks whose last claim was made by a worker silent past the cutoff. A claim by
    a worker with no heartbeat row at all (one started before heartbeats existed, or whose row
    was already cleared) counts from the claim itself."""
    cutoff = _cutoff(now)
    seen = dict(WorkerHeartbeat.objects.values_list("worker_id", "last_seen_at"))
    abandoned = []
    for task_id, worker_ids, started_at in DBTaskResult.objects.running().values_list(
        "id", "worker_ids", "started_at"
    ):
        last_worker = worker_ids[-1] if worker_ids else None
        last_sign_of_life = seen.get(last_worker, started_at)
        if last_sign_of_life is None or last_sign_of_life < cutoff:
            abandoned.append((str(task_id), worker_ids))
    return abandoned


def _release(task_id: str, worker_ids: list[str], *, now: dt.datetime, result: Reclaimed) -> None:
    with transaction.atomic():
        task = DBTaskResult.objects.select_for_update().filter(pk=task_id).first()
        if task is None or task.status != TaskResultStatus.RUNNING or task.worker_ids != worker_ids:
            return  # finished, or claimed again, meanwhile
        attempts = len(worker_ids)
        worker = worker_ids[-1] if worker_ids else "?"
        if attempts < settings.TASKS_MAX_ATTEMPTS:
            task.status = TaskResultStatus.READY
            task.save(update_fields=["status"])
            result.requeued.append(task_id)
            logger.warning(
                "Task %s (%s) put back in the queue: its worker %s stopped (claim %s of %s).",
                task_id,
                task.task_path,
                worker,
                attempts,
                settings.TASKS_MAX_ATTEMPTS,
            )
            return
        task.status = TaskResultStatus.FAILED
        task.finished_at = now
        task.exception_class_path = LOST_WORKER_ERROR
        task.traceback = (
            f"WorkerLost: worker {worker} stopped while running this task, "
            f"claimed {attempts} times (TASKS_MAX_ATTEMPTS = {settings.TASKS_MAX_ATTEMPTS})."
        )
        task.return_value = None
        task.save(
            update_fields=[
                "status",
                "finished_at",
                "exception_class_path",
                "traceback",
                "return_value",
            ]
        )
        result.failed.append(task_id)
    try:
        finished = task.task_result
    except (ImportError, SuspiciousOperation):  # the task's code is gone: nobody listens
        return
    task_finished.send(sender=type(finished.task.get_backend()), task_result=finished)


def tasks_reclaim(*, now: dt.datetime | None = None, worker_id: str | None = None) -> Reclaimed:
    """Put the tasks of workers that stopped heartbeating back in the queue (or fail them when
    out of attempts), then forget those workers. With `worker_id`: that worker's own running
    tasks, whatever its heartbeat (a worker back from a database outage, holding none)."""
    now = now or timezone.now()
    if worker_id is None:
        abandoned = _abandoned(now)
    else:
        abandoned = [
            (str(task_id), worker_ids)
            for task_id, worker_ids in DBTaskResult.objects.running().values_list(
                "id", "worker_ids"
            )
            if worker_ids and worker_ids[-1] == worker_id
        ]
    result = Reclaimed()
    for task_id, worker_ids in abandoned:
        _release(task_id, worker_ids, now=now, result=result)
    if worker_id is None:
        WorkerHeartbeat.objects.filter(last_seen_at__lt=_cutoff(now)).delete()
    return result


def _close_quietly() -> None:
    """Drop this thread's database connection; a broken one may fail to close, and that is fine."""
    with contextlib.suppress(*DATABASE_DOWN):
        connection.close()


def outage_wait(
    what: str,
    error: BaseException,
    *,
    probe: Callable[[], object],
    down: tuple[type[BaseException], ...],
    max_pause: float = 10.0,
    stop: threading.Event | None = None,
) -> float | None:
    """Wait until `probe()` stops raising one of `down`, trying after 1 s, then 2, 4 ... up to
    `max_pause`; log one line when the outage is noticed and one when it is over, never one
    per try. Returns how long it lasted, in seconds, or None when `stop` was set meanwhile."""
    _outages[what] += 1
    outage = _outages[what]
    # Numbered, so that two outages within a minute are two lines (config.logs collapses
    # identical warnings).
    logger.warning(
        "%s unreachable (%s: %s); the worker waits for it (outage %s of this process).",
        what,
        type(error).__name__,
        str(error).strip().splitlines()[0] if str(error).strip() else "",
        outage,
    )
    started = time.monotonic()
    pause = 1.0
    while True:
        if stop is None:
            time.sleep(pause)
        elif stop.wait(pause):
            logger.warning("Stopped while %s was unreachable (outage %s).", what, outage)
            return None
        pause = min(pause * 2, max_pause)
        try:
            probe()
        except down:
            continue
        lasted = time.monotonic() - started
        logger.warning(
            "%s reachable again after %.0f s; the worker carries on (outage %s).",
            what,
            lasted,
            outage,
        )
        return lasted


def database_wait(error: BaseException, *, max_pause: float = 10.0) -> float:
    """Wait until the default database answers again (`outage_wait`). Returns how long the
    outage lasted, in seconds."""

    def probe() -> None:
        _close_quietly()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    lasted = outage_wait("Database", error, probe=probe, down=DATABASE_DOWN, max_pause=max_pause)
    assert lasted is not None  # no stop event: only an answer ends the wait
    return lasted


class Heartbeat:
    """A thread that keeps a worker's heartbeat fresh and, every TASKS_RECLAIM_SECONDS / 2,
    reclaims the tasks of workers that stopped. Its failures (the database away) are left to
    the worker's main loop to report: the thread only tries again at its next beat."""

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        # Database away: the row ages and is cleared later, like a dead worker's.
        with contextlib.suppress(*DATABASE_DOWN):
            heartbeat_stop(worker_id=self.worker_id)

    def _run(self) -> None:
        reclaim_every = settings.TASKS_RECLAIM_SECONDS / 2
        next_reclaim = time.monotonic()
        try:
            while not self._stop.is_set():
                try:
                    heartbeat_beat(worker_id=self.worker_id, started_at=self.started_at)
                    if time.monotonic() >= next_reclaim:
                        tasks_reclaim()
                        next_reclaim = time.monotonic() + reclaim_every
                except DATABASE_DOWN as error:
                    logger.debug("Heartbeat not written: %s", error)
                    _close_quietly()
                self._stop.wait(settings.TASKS_HEARTBEAT_SECONDS)
        finally:
            _close_quietly()
