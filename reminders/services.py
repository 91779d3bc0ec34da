"""Enqueue the scheduled mail that is due: each (kind, registration) at most once."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from participants.tasks import participant_email_enqueue
from reminders.emails import SCHEDULED
from reminders.models import MailSendLog
from reminders.selectors import ScheduledMail, scheduled_mail_due

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Enqueued:
    due: list[ScheduledMail]
    queued: int  # e-mails written to the outbox by this run
    taken: int  # already sent by another run (the send log's constraint said so)


def scheduled_mail_enqueue_due(
    *, now: dt.datetime | None = None, dry_run: bool = False
) -> Enqueued:
    """For each due rule and registration: in one transaction, the send-log row and the
    outbox e-mail (sent by the worker once committed, retried by the tick). The log's unique
    (registration, kind) is the lock: a second run racing this one gets IntegrityError for
    that row and writes nothing, so each mail is queued once however many runs there are.
    With dry_run: what is due, nothing written."""
    now = now or timezone.now()
    due = scheduled_mail_due(now=now)
    if dry_run:
        return Enqueued(due, 0, 0)
    queued = taken = 0
    for item in due:
        for registration_id in item.registration_ids:
            try:
                with transaction.atomic():
                    MailSendLog.objects.create(
                        rule=item.rule, kind=item.rule.kind, registration_id=registration_id
                    )
                    participant_email_enqueue(
                        kind=SCHEDULED,
                        registration_id=registration_id,
                        extra={"rule_id": item.rule.pk},
                    )
            except IntegrityError:
                taken += 1
                continue
            queued += 1
    if queued or taken:
        logger.info("Scheduled mail: %s queued, %s queued by another run.", queued, taken)
    return Enqueued(due, queued, taken)


@transaction.atomic
def mail_rules_save(*, formset, workshop=None, office=None) -> None:
    """Save the rules of one workshop, or one office's defaults, as the formset holds them.
    Mail already sent stays in the send log: a rule changed or replaced does not send again."""
    for rule in formset.save(commit=False):
        rule.workshop, rule.office = workshop, office
        rule.full_clean()
        rule.save()
    for rule in formset.deleted_objects:
        rule.delete()
