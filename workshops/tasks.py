"""Background work for workshops: thin, ids in, a service does the work."""

from django_tasks import task

from workshops import services


@task()
def send_workshop_cancelled_emails(*, workshop_id: int, message: str = "") -> int:
    return services.workshop_cancelled_notify(workshop_id=workshop_id, message=message)
