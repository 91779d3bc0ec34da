"""When each scheduled mail is due and to whom.

A rule's time is computed from the workshop's dates at every tick (so moving the workshop
moves its mail): before the first session for the reminder, the pre-test invitation and
"starts tomorrow"; after the last session for the rest. A rule is sent while it is due and
not more than LATE_GRACE late; past that it is *missed*: not sent late in bulk, and reported
on the workshop's staff page."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from certificates.models import Certificate
from learning.models import TestResponse
from learning.selectors import (
    Check,
    WorkshopSpan,
    check_window,
    learning_settings_for,
    workshop_span,
)
from participants.models import Registration
from reminders.models import MailRule, MailSendLog
from workshops.models import Workshop

LATE_GRACE = dt.timedelta(hours=6)
BEFORE_KINDS = (MailRule.Kind.REMINDER, MailRule.Kind.PRE_TEST, MailRule.Kind.STARTS_TOMORROW)
# Workshops looked at by a tick: those whose mail can still be due (a bounded scan).
LOOK_AHEAD_DAYS = 100
LOOK_BACK_DAYS = 100


def rule_due_at(*, rule: MailRule, workshop: Workshop, span: WorkshopSpan) -> dt.datetime:
    """When the rule fires for this workshop. With a time of day: that day (days before the
    start, or after the last session) at that time in the workshop's time zone; without:
    exactly days and hours before the first session or after the last one."""
    zone = zoneinfo.ZoneInfo(workshop.time_zone)
    days = 1 if rule.kind == MailRule.Kind.STARTS_TOMORROW else rule.days
    if rule.kind in BEFORE_KINDS:
        anchor, sign = span.first_start, -1
    else:
        anchor, sign = span.last_end, 1
    if rule.time_of_day is not None:
        day = anchor.astimezone(zone).date() + dt.timedelta(days=sign * days)
        return dt.datetime.combine(day, rule.time_of_day, tzinfo=zone)
    hours = 0 if rule.kind == MailRule.Kind.STARTS_TOMORROW else rule.hours
    return anchor + sign * dt.timedelta(days=days, hours=hours)


def workshop_rules(*, workshop: Workshop) -> list[MailRule]:
    """The workshop's own rules, and its office's defaults for the kinds it has none of;
    active ones only."""
    own = list(MailRule.objects.filter(workshop=workshop))
    kinds = {rule.kind for rule in own}
    defaults = [
        rule
        for rule in MailRule.objects.filter(office_id=workshop.office_id)
        if rule.kind not in kinds
    ]
    return sorted((r for r in own + defaults if r.is_active), key=lambda r: (r.kind, r.pk))


def rule_recipients(
    *, rule: MailRule, workshop: Workshop, now: dt.datetime
) -> QuerySet[Registration]:
    """Who gets this rule's mail now: never a cancelled workshop or registration, never an
    erased person, never someone it was already sent to."""
    if (
        workshop.status != Workshop.Status.PUBLISHED
        and workshop.status != Workshop.Status.COMPLETED
    ):
        return Registration.objects.none()
    registrations = (
        workshop.registrations.filter(participant__anonymised_at__isnull=True)
        .exclude(participant__email="")
        .exclude(Exists(MailSendLog.objects.filter(registration=OuterRef("pk"), kind=rule.kind)))
    )
    confirmed = registrations.filter(status=Registration.Status.CONFIRMED)
    settings = learning_settings_for(workshop=workshop)
    span = workshop_span(workshop=workshop)
    if rule.kind == MailRule.Kind.REMINDER:
        return confirmed
    if rule.kind == MailRule.Kind.PRE_TEST:
        window = check_window(settings=settings, check=Check.PRE, span=span)
        if window is None or not window.is_open(now):
            return Registration.objects.none()
        return registrations.filter(status__in=Registration.LIVE_STATUSES).exclude(
            test_responses__phase=Check.PRE.value
        )
    if rule.kind == MailRule.Kind.STARTS_TOMORROW:
        # The join link is the point of it: online and hybrid workshops only.
        if workshop.format == Workshop.Format.IN_PERSON:
            return Registration.objects.none()
        return confirmed
    if rule.kind in (MailRule.Kind.AFTER, MailRule.Kind.CHASER):
        post = check_window(settings=settings, check=Check.POST, span=span)
        evaluation = check_window(settings=settings, check=Check.EVALUATION, span=span)
        open_ = [w for w in (post, evaluation) if w is not None and w.is_open(now)]
        if not open_:
            return Registration.objects.none()
        if rule.kind == MailRule.Kind.AFTER:
            return confirmed
        missing = Q()
        if post in open_:
            missing |= ~Q(
                Exists(
                    TestResponse.objects.filter(registration=OuterRef("pk"), phase=Check.POST.value)
                )
            )
        if evaluation in open_:
            missing |= Q(evaluation_receipt__isnull=True)
        return confirmed.filter(missing)
    if rule.kind == MailRule.Kind.CERTIFICATE:
        return confirmed.filter(
            Exists(Certificate.objects.current().filter(registration=OuterRef("pk")))
        )
    return Registration.objects.none()


@dataclass(frozen=True)
class ScheduledMail:
    rule: MailRule
    workshop: Workshop
    due_at: dt.datetime
    registration_ids: tuple[int, ...] = ()


def workshops_in_reach(*, now: dt.datetime) -> QuerySet[Workshop]:
    today = now.date()
    return Workshop.objects.filter(
        status__in=[Workshop.Status.PUBLISHED, Workshop.Status.COMPLETED],
        start_date__lte=today + dt.timedelta(days=LOOK_AHEAD_DAYS),
        end_date__gte=today - dt.timedelta(days=LOOK_BACK_DAYS),
    ).select_related("office")


def scheduled_mail_due(*, now: dt.datetime | None = None) -> list[ScheduledMail]:
    """Every rule that is due now (not more than LATE_GRACE late), with the registrations it
    still has to reach."""
    now = now or timezone.now()
    due = []
    for workshop in workshops_in_reach(now=now):
        span = workshop_span(workshop=workshop)
        for rule in workshop_rules(workshop=workshop):
            due_at = rule_due_at(rule=rule, workshop=workshop, span=span)
            if not due_at <= now < due_at + LATE_GRACE:
                continue
            ids = tuple(
                rule_recipients(rule=rule, workshop=workshop, now=now)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            if ids:
                due.append(ScheduledMail(rule, workshop, due_at, ids))
    return due


def workshop_mail_schedule(*, workshop: Workshop, now: dt.datetime | None = None) -> list[dict]:
    """The workshop's rules with their times, how many have been sent, and whether a rule's
    time passed (more than LATE_GRACE ago) with nothing sent: missed, not sent late."""
    now = now or timezone.now()
    span = workshop_span(workshop=workshop)
    sent = {
        kind: count
        for kind, count in MailSendLog.objects.filter(registration__workshop=workshop)
        .values_list("kind")
        .annotate(count=Count("pk"))
        .order_by()
    }
    rows = []
    for rule in workshop_rules(workshop=workshop):
        due_at = rule_due_at(rule=rule, workshop=workshop, span=span)
        rows.append(
            {
                "rule": rule,
                "due_at": due_at,
                "sent": sent.get(rule.kind, 0),
                "missed": now >= due_at + LATE_GRACE and not sent.get(rule.kind, 0),
            }
        )
    return rows


def workshop_own_rules(*, workshop: Workshop) -> QuerySet[MailRule]:
    return MailRule.objects.filter(workshop=workshop)


def office_default_rules(*, office_id: int) -> QuerySet[MailRule]:
    return MailRule.objects.filter(office_id=office_id)
