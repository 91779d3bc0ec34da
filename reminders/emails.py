"""The scheduled e-mail, a kind of participant e-mail (participants/emails.py), registered
from RemindersConfig.ready(). Its subject and text are the rule's own (in the participant's
language, falling back to English) or the standard ones of reminders/texts.py."""

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format

from participants.emails import KINDS, ParticipantEmail, personal_url
from participants.models import Registration
from reminders.models import MailRule
from reminders.texts import BODIES, SUBJECTS, fill
from workshops.models import Workshop

SCHEDULED = "scheduled"

LINKS = {
    MailRule.Kind.PRE_TEST: "me:pre_test",
    MailRule.Kind.AFTER: "me:evaluation",
    MailRule.Kind.CHASER: "me:evaluation",
    MailRule.Kind.CERTIFICATE: "me:certificate",
}


def _dates(workshop: Workshop) -> str:
    start = date_format(workshop.start_date, "j F Y")
    if workshop.end_date == workshop.start_date:
        return start
    return f"{start} – {date_format(workshop.end_date, 'j F Y')}"


def _link(rule: MailRule, registration: Registration) -> str:
    name = LINKS.get(rule.kind)
    if rule.kind in (MailRule.Kind.AFTER, MailRule.Kind.CHASER):
        # The evaluation if the workshop has one, else the post-test.
        settings_ = getattr(registration.workshop, "learning_settings", None)
        if settings_ is not None and settings_.evaluation_id is None:
            name = "me:post_test"
    if name is None:
        return personal_url(registration)
    return settings.SITE_URL + reverse(name, kwargs={"token": registration.token})


def _scheduled_context(registration: Registration, extra: dict[str, Any]) -> dict[str, Any]:
    """Raises MailRule.DoesNotExist when the rule is gone (the e-mail is dropped). Runs inside
    translation.override(registration.language): the rule's fields read that language."""
    rule = MailRule.objects.get(pk=extra["rule_id"])
    workshop = registration.workshop
    confirmed = registration.status == Registration.Status.CONFIRMED
    values = {
        "name": registration.participant.full_name,
        "workshop": workshop.title,
        "dates": _dates(workshop),
        "link": _link(rule, registration),
        "join_link": workshop.join_url if confirmed and workshop.join_url else "",
    }
    subject = rule.subject or str(SUBJECTS[rule.kind])
    body = rule.body or str(BODIES[rule.kind])
    return {
        "subject": fill(subject, values).replace("\n", " "),
        "body": fill(body, values),
        "personal_url": personal_url(registration),
    }


KINDS[SCHEDULED] = ParticipantEmail(
    subject_template="emails/scheduled_subject.txt",
    text_template="emails/scheduled.txt",
    context=_scheduled_context,
    reply_to_office=True,
)
