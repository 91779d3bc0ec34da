"""Background work for participants: thin tasks, ids in, one function does the work."""

from typing import Any

from django.db import transaction
from django_tasks import task

from participants.emails import participant_email_send


@task()
def send_participant_email(
    kind: str, registration_id: int, extra: dict[str, Any] | None = None
) -> bool:
    return participant_email_send(kind=kind, registration_id=registration_id, extra=extra)


def participant_email_enqueue(
    *, kind: str, registration_id: int, extra: dict[str, Any] | None = None
) -> None:
    """Queue the e-mail once the current transaction commits (at once outside one): an
    e-mail never tells of a change that was rolled back, and the worker finds the rows."""
    payload = dict(extra or {})
    transaction.on_commit(
        lambda: send_participant_email.enqueue(
            kind=kind, registration_id=registration_id, extra=payload
        )
    )
