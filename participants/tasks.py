"""Background work for registrations: thin tasks, ids in, a service does the work."""

from django_tasks import task

from participants import services


@task()
def send_registration_email(registration_id: int, kind: str) -> None:
    services.registration_send_email(registration_id=registration_id, kind=kind)


@task()
def send_workshop_cancelled_emails(*, workshop_id: int, message: str = "") -> int:
    return services.workshop_cancelled_notify(workshop_id=workshop_id, message=message)
