"""Background work for participants: thin tasks, ids in, one function does the work."""

from typing import Any

from django.db import transaction
from django_tasks import task

from participants.outbox import outgoing_email_attempt, outgoing_email_record


@task()
def send_outgoing_email(email_id: int) -> str:
    """The first try of one outbox row; `manage.py send_due_mail` makes the later ones."""
    return outgoing_email_attempt(email_id=email_id).outcome


@task()
def send_participant_email(
    kind: str, registration_id: int, extra: dict[str, Any] | None = None
) -> str:
    """Tasks queued before the outbox existed: recorded now, then tried like the others."""
    email = outgoing_email_record(kind=kind, registration_id=registration_id, extra=extra)
    if email is None:
        return "dropped"
    return outgoing_email_attempt(email_id=email.pk).outcome


def outgoing_email_enqueue(*, email_id: int) -> None:
    """The first try once the current transaction commits. Should queuing fail, the row is
    still due, and `send_due_mail` sends it."""
    transaction.on_commit(
        lambda: send_outgoing_email.enqueue(email_id=email_id),
        robust=True,  # a queue that is away logs an error; the request that caused it succeeds
    )


def participant_email_enqueue(
    *, kind: str, registration_id: int, extra: dict[str, Any] | None = None
) -> None:
    """Record the e-mail in the outbox within the current transaction, and try it once the
    transaction commits: an e-mail never tells of a change that was rolled back, the worker
    finds the rows, and a change that was kept always has its e-mail on record."""
    email = outgoing_email_record(kind=kind, registration_id=registration_id, extra=extra)
    if email is not None:
        outgoing_email_enqueue(email_id=email.pk)
