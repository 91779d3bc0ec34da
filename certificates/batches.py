"""Queueing the issue of a whole workshop's certificates, and following its task.

Apart from certificates/services.py because it enqueues the batch task and reads its state, and
the task module imports the services: services never import tasks of their own app, so neither
imports the other in a circle. What a batch would do is certificates.selectors.batch_plan; the
work itself is certificates.services.batch_run, which is resumable: a batch whose worker died
is taken up again by the next worker (core.workers puts the task back in the queue), or, once
its task has failed, marked failed here and resumed by staff."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from certificates.models import CertificateBatch
from certificates.tasks import run_certificate_batch
from workshops.models import Workshop

logger = logging.getLogger(__name__)

PENDING = (CertificateBatch.Status.QUEUED, CertificateBatch.Status.RUNNING)
# A new batch's task id is written once its transaction commits: allow it this long.
ENQUEUE_GRACE = dt.timedelta(minutes=1)


class BatchError(Exception):
    """A batch action that cannot be done; the message says why, for people."""


@dataclass(frozen=True)
class BatchTask:
    """What became of a pending batch's task."""

    live: bool  # waiting or running: the batch will move on by itself
    requeued: bool = False  # back in the queue after its worker stopped
    attempts: int = 0  # how many workers took it so far


def _enqueue(batch: CertificateBatch) -> None:
    """Queue the batch's task once the current transaction commits, and note its id."""

    def enqueue() -> None:
        result = run_certificate_batch.enqueue(batch_id=batch.pk)
        CertificateBatch.objects.filter(pk=batch.pk).update(task_result_id=str(result.id)[:64])

    # A queue that is away (Redis, with RQ) logs an error; the batch, left without a task, is
    # marked failed by batch_settle after ENQUEUE_GRACE and can be resumed.
    transaction.on_commit(enqueue, robust=True)


def batch_task(*, batch: CertificateBatch, now: dt.datetime | None = None) -> BatchTask:
    """Whether the batch's task is still waiting or running. A backend that cannot look a task
    up (the immediate one, which ran it already) counts as live."""
    if not batch.task_result_id:
        return BatchTask(live=batch.created_at > (now or timezone.now()) - ENQUEUE_GRACE)
    if not run_certificate_batch.get_backend().supports_get_result:
        return BatchTask(live=True)
    try:
        result = run_certificate_batch.get_result(batch.task_result_id)
    except TaskResultDoesNotExist:
        return BatchTask(live=False)
    attempts = len(result.worker_ids)
    if result.status == TaskResultStatus.READY:
        return BatchTask(live=True, requeued=attempts > 0, attempts=attempts)
    return BatchTask(live=result.status == TaskResultStatus.RUNNING, attempts=attempts)


def batch_settle(*, batch: CertificateBatch) -> CertificateBatch:
    """Mark a queued or running batch failed when its task is no longer live (its worker died
    and the task ran out of attempts, or it was never queued), so that staff can resume it."""
    if batch.status not in PENDING or batch_task(batch=batch).live:
        return batch
    batch.status = CertificateBatch.Status.FAILED
    batch.error = _("The task worker stopped before the batch finished. Resume it to go on.")
    batch.finished_at = timezone.now()
    updated = CertificateBatch.objects.filter(pk=batch.pk, status__in=PENDING).update(
        status=batch.status, error=batch.error, finished_at=batch.finished_at
    )
    if not updated:  # it finished meanwhile
        batch.refresh_from_db()
    return batch


def batch_settle_pending() -> list[CertificateBatch]:
    """Settle every queued or running batch (batch_settle), so that one whose task is gone
    shows as failed, with its Resume button, without anybody opening its page: the periodic
    tick's part (`manage.py settle_certificate_batches`). Returns the batches marked failed. A
    batch whose task cannot be looked up now (the queue away: Redis, with RQ) is left as it is
    for the next tick."""
    failed = []
    for batch in CertificateBatch.objects.filter(status__in=PENDING).order_by("pk"):
        try:
            settled = batch_settle(batch=batch)
        except Exception as error:  # the backend's own errors (redis-py's, with RQ)
            logger.warning(
                "Certificate batch %s not settled: its task could not be looked up (%s: %s).",
                batch.pk,
                type(error).__name__,
                error,
            )
            continue
        if settled.status == CertificateBatch.Status.FAILED:
            logger.warning(
                "Certificate batch %s (workshop %s) marked failed: its task is gone.",
                batch.pk,
                batch.workshop_id,
            )
            failed.append(settled)
    return failed


def batch_create(*, workshop: Workshop, by: AbstractBaseUser | None) -> CertificateBatch:
    """Queue the issue of a whole workshop's certificates; a batch already waiting or running
    for the workshop is returned instead of a second one, unless its task is gone (then it is
    marked failed and a new batch starts)."""
    with transaction.atomic():
        pending = workshop.certificate_batches.filter(status__in=PENDING).first()
        if pending is not None and batch_settle(batch=pending).status in PENDING:
            return pending
        batch = CertificateBatch.objects.create(workshop=workshop, requested_by=by)
        _enqueue(batch)
    return batch


def batch_resume(*, batch: CertificateBatch, by: AbstractBaseUser | None) -> CertificateBatch:
    """Queue a failed batch again: it issues what is still missing (what it issued before is
    up to date now, neither reissued nor e-mailed again)."""
    with transaction.atomic():
        locked = CertificateBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != CertificateBatch.Status.FAILED:
            raise BatchError(_("Only a batch that failed can be resumed."))
        locked.status = CertificateBatch.Status.QUEUED
        locked.error = ""
        locked.finished_at = None
        locked.task_result_id = ""
        locked.requested_by = by or locked.requested_by
        locked.save(
            update_fields=["status", "error", "finished_at", "task_result_id", "requested_by"]
        )
        _enqueue(locked)
    return locked
