"""Background work for certificates: thin tasks, ids in, a service does the work."""

from django_tasks import task

from certificates.models import Certificate
from certificates.services import batch_run, certificate_email_send


@task()
def run_certificate_batch(batch_id: int) -> None:
    batch_run(batch_id=batch_id)


@task()
def send_certificate_email(certificate_id: int) -> None:
    certificate = Certificate.objects.select_related(
        "registration__participant", "registration__workshop"
    ).get(pk=certificate_id)
    certificate_email_send(certificate=certificate)
