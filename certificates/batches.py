"""Queueing the issue of a whole workshop's certificates.

Apart from certificates/services.py because it enqueues the batch task, and the task module
imports the services: services never import tasks of their own app, so neither imports the
other in a circle. What a batch would do is certificates.selectors.batch_plan; the work itself
is certificates.services.batch_run."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from certificates.models import CertificateBatch
from certificates.tasks import run_certificate_batch
from workshops.models import Workshop


def batch_create(*, workshop: Workshop, by: AbstractBaseUser | None) -> CertificateBatch:
    """Queue the issue of a whole workshop's certificates; a batch already waiting or running
    for the workshop is returned instead of a second one."""
    with transaction.atomic():
        pending = workshop.certificate_batches.filter(
            status__in=[CertificateBatch.Status.QUEUED, CertificateBatch.Status.RUNNING]
        ).first()
        if pending is not None:
            return pending
        batch = CertificateBatch.objects.create(workshop=workshop, requested_by=by)

        def enqueue() -> None:
            result = run_certificate_batch.enqueue(batch_id=batch.pk)
            CertificateBatch.objects.filter(pk=batch.pk, task_result_id="").update(
                task_result_id=str(result.id)[:64]
            )

        transaction.on_commit(enqueue)
    return batch
