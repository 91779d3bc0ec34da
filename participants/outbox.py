"""The outbox: every participant e-mail is a row before it is a message, so a mail server that
refuses, hangs or is away loses nothing.

A row is written with the change that causes it (same transaction), then tried once by the
worker as soon as the transaction commits, then retried by ``manage.py send_due_mail`` (run
periodically) after each failure, with a growing delay, until it is sent or ``RETRY_DELAYS``
runs out; then it is failed and staff can resend it from the staff area.

A try first *claims* the row: in a short transaction it counts the attempt and moves the next
attempt to after the retry delay. Whoever else looks at the row meanwhile (another worker, the
periodic command) sees it is not due, so it is sent once; and a worker that dies while sending
leaves a row that becomes due again by itself. The SMTP connection has a timeout
(``EMAIL_TIMEOUT``), always shorter than the first delay."""

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from participants.emails import KINDS, participant_email_send
from participants.models import OutgoingEmail, Registration

logger = logging.getLogger(__name__)

# After the n-th failed try, the next comes this much later: six tries over about two hours.
RETRY_DELAYS = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=15),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=1),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def outgoing_email_record(
    *, kind: str, registration_id: int, extra: dict[str, Any] | None = None
) -> OutgoingEmail | None:
    """Write the row for one e-mail, due now. None when the registration is gone or its
    person erased: there is nobody to write to."""
    if kind not in KINDS:
        raise ValueError(f"Unknown participant e-mail kind: {kind!r}")
    recipient = (
        Registration.objects.filter(pk=registration_id, participant__anonymised_at__isnull=True)
        .values_list("participant__email", flat=True)
        .first()
    )
    if not recipient:
        logger.info(
            "E-mail %s not recorded: registration %s is gone or its person erased.",
            kind,
            registration_id,
        )
        return None
    return OutgoingEmail.objects.create(
        registration_id=registration_id,
        recipient=recipient,
        kind=kind,
        extra=dict(extra or {}),
        next_attempt_at=timezone.now(),
    )


def _retry_delay(attempts: int) -> dt.timedelta:
    return RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]


def _claim(email_id: int, *, now: dt.datetime) -> OutgoingEmail | None:
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(
                pk=email_id,
                status=OutgoingEmail.Status.PENDING,
                next_attempt_at__lte=now,
            )
            .first()
        )
        if email is None:
            return None  # sent, failed, not due, or being tried by someone else right now
        email.attempts += 1
        email.next_attempt_at = now + _retry_delay(email.attempts)
        email.save(update_fields=["attempts", "next_attempt_at"])
    return email


@dataclass(frozen=True)
class Attempt:
    email_id: int
    outcome: str  # "sent", "retry", "failed", "dropped", or "skipped" (not due or taken)
    error: str = ""


def outgoing_email_attempt(*, email_id: int, now: dt.datetime | None = None) -> Attempt:
    """Try to send one due e-mail now. Sent: the row keeps who, what kind and when, and drops
    the rest. Refused, timed out or any other error: the error is kept and the row stays
    pending for a later try, or becomes failed after the last one. Nothing left to send (the
    registration or a row the kind needs is gone, the person erased): the row is deleted."""
    now = now or timezone.now()
    email = _claim(email_id, now=now)
    if email is None:
        return Attempt(email_id, "skipped")
    try:
        sent = participant_email_send(
            kind=email.kind, registration_id=email.registration_id, extra=email.extra
        )
    except Exception as error:  # SMTP refusal, timeout, DNS: whatever it is, try again later
        message = f"{type(error).__name__}: {error}"[:500]
        logger.warning(
            "E-mail %s (%s) not sent, attempt %s of %s: %s",
            email.pk,
            email.kind,
            email.attempts,
            MAX_ATTEMPTS,
            message,
        )
        email.last_error = message
        fields = ["last_error"]
        if email.attempts >= MAX_ATTEMPTS:
            email.status = OutgoingEmail.Status.FAILED
            email.next_attempt_at = None
            fields += ["status", "next_attempt_at"]
        email.save(update_fields=fields)
        outcome = "failed" if email.status == OutgoingEmail.Status.FAILED else "retry"
        return Attempt(email.pk, outcome, message)
    if not sent:
        email.delete()
        return Attempt(email_id, "dropped")
    email.status = OutgoingEmail.Status.SENT
    email.sent_at = timezone.now()
    email.next_attempt_at = None
    email.extra = {}
    email.last_error = ""
    email.save(update_fields=["status", "sent_at", "next_attempt_at", "extra", "last_error"])
    return Attempt(email.pk, "sent")


def outgoing_emails_due(*, now: dt.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(
        OutgoingEmail.objects.filter(
            status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)
    )


def outgoing_emails_send_due(
    *, now: dt.datetime | None = None, dry_run: bool = False
) -> list[Attempt]:
    """Try every e-mail that is due, oldest first, each on its own (one failure stops none of
    the others). Idempotent: a row sent or claimed meanwhile is skipped. With dry_run, lists
    what is due and sends nothing."""
    now = now or timezone.now()
    due = outgoing_emails_due(now=now)
    if dry_run:
        return [Attempt(email_id, "due") for email_id in due]
    return [outgoing_email_attempt(email_id=email_id, now=now) for email_id in due]


def outgoing_emails_make_due(*, email_ids: list[int], now: dt.datetime | None = None) -> int:
    """Put failed or pending e-mails back in the queue, due now, with their attempts counted
    afresh. Sent ones are left alone. Returns how many."""
    now = now or timezone.now()
    return (
        OutgoingEmail.objects.filter(pk__in=email_ids)
        .exclude(status=OutgoingEmail.Status.SENT)
        .update(status=OutgoingEmail.Status.PENDING, attempts=0, next_attempt_at=now)
    )
