"""Background work for certificates: thin tasks, ids in, a service does the work.

Certificate e-mails are participant e-mails: participants.tasks sends them."""

from django_tasks import task

from certificates import services


@task()
def run_certificate_batch(batch_id: int) -> None:
    services.batch_run(batch_id=batch_id)
