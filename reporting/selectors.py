"""Figures for the staff dashboard and the reports."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from certificates import selectors as certificate_selectors
from core.content_languages import language_name
from core.page_cache import kept_records
from offices.permissions import StaffAccess
from participants.models import Registration
from workshops import selectors as workshop_selectors
from workshops.access import workshops_visible_to
from workshops.content import incomplete_working_languages
from workshops.models import Workshop


@dataclass(frozen=True)
class StatisticsRow:
    country: str
    sector: str
    registrations: int


def registration_statistics(*, workshops: QuerySet[Workshop]) -> list[StatisticsRow]:
    """Confirmed registrations counted by country and sector: the anonymous figures that
    outlive the names (anonymisation keeps both columns)."""
    rows = (
        Registration.objects.filter(workshop__in=workshops, status=Registration.Status.CONFIRMED)
        .values("participant__country", "participant__sector")
        .annotate(total=Count("pk"))
        .order_by("participant__country", "participant__sector")
    )
    return [
        StatisticsRow(
            country=row["participant__country"],
            sector=row["participant__sector"],
            registrations=row["total"],
        )
        for row in rows
    ]


def staff_workshops_with_counts(workshops: QuerySet[Workshop]) -> QuerySet[Workshop]:
    """Workshops with their registrations counted by status, in the same query. Each count is
    a subquery per row (on the workshop-status index), not a join grouped over every
    registration, so a LIMIT (a page, the dashboard's recent ones) bounds the work."""

    def count(status: str) -> Coalesce:
        per_workshop = (
            Registration.objects.filter(workshop=OuterRef("pk"), status=status)
            .order_by()
            .values("workshop")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return Coalesce(Subquery(per_workshop), 0)

    return workshops.annotate(
        confirmed_count=count(Registration.Status.CONFIRMED),
        pending_count=count(Registration.Status.PENDING),
        waitlisted_count=count(Registration.Status.WAITLISTED),
    )


# A workshop's own "today" is at most a day away from UTC's: the database filters with that
# margin and the exact cut, in each workshop's time zone, is made on the few rows it returns.
_ZONE_MARGIN = dt.timedelta(days=1)


def staff_workshops_upcoming(workshops: QuerySet[Workshop]) -> list[Workshop]:
    """Draft or published workshops not over yet in their own time zone, soonest first, with
    their counts. Only workshops ending from yesterday (UTC) on are read, whatever the history."""
    since = timezone.now().date() - _ZONE_MARGIN
    candidates = staff_workshops_with_counts(
        workshops.filter(
            status__in=(Workshop.Status.DRAFT, Workshop.Status.PUBLISHED), end_date__gte=since
        )
    ).order_by("start_date", "title")
    return [w for w in candidates if w.end_date >= w.local_today()]


# A workshop whose certificates may be due: it took place (published or completed) and is over
# in its own time zone.
FINISHED_STATUSES = (Workshop.Status.PUBLISHED, Workshop.Status.COMPLETED)


def workshop_is_finished(workshop: Workshop) -> bool:
    return workshop.status in FINISHED_STATUSES and workshop.is_past


def staff_workshops_recently_past(workshops: QuerySet[Workshop], *, limit: int) -> list[Workshop]:
    """The `limit` published or completed workshops that ended most recently (over in their own
    time zone), latest first. Two bounded queries whatever the history."""
    today = timezone.now().date()
    finished = workshops.filter(status__in=FINISHED_STATUSES).order_by(
        "-end_date", "-start_date", "title"
    )
    # Ended around today: past or not depending on the workshop's zone.
    around_today = [
        w
        for w in finished.filter(end_date__gte=today - _ZONE_MARGIN, end_date__lte=today)
        if workshop_is_finished(w)
    ]
    # Ended before that: past in every zone.
    before = list(finished.filter(end_date__lt=today - _ZONE_MARGIN)[:limit])
    return [*around_today, *before][:limit]


# The dashboard's work lists stay bounded whatever the history: the rest is one link away.
DASHBOARD_RECENT_WORKSHOPS = 20
DASHBOARD_UPCOMING_SHOWN = 20
DASHBOARD_PAST_WORKSHOPS_CHECKED = 10


def dashboard_lists(access: StaffAccess) -> dict:
    """What the dashboard lists for this access, kept under the records revision (a change by
    anyone is seen on the next load; a session starting within RECORDS_CACHE_SECONDS)."""
    return kept_records(
        "dashboard",
        (access.role, access.office.pk if access.office else None),
        lambda: _dashboard_lists(access),
    )


def _dashboard_lists(access: StaffAccess) -> dict:
    visible = workshops_visible_to(access)
    every_upcoming = staff_workshops_upcoming(visible)
    upcoming = every_upcoming[:DASHBOARD_UPCOMING_SHOWN]
    for workshop in upcoming:
        workshop.incomplete_languages = [
            language_name(code) for code in incomplete_working_languages(workshop)
        ]
    pending = [w for w in every_upcoming if w.pending_count]
    waitlisted = [w for w in every_upcoming if w.waitlisted_count]
    past = staff_workshops_recently_past(visible, limit=DASHBOARD_PAST_WORKSHOPS_CHECKED)
    to_issue = certificate_selectors.certificates_to_issue(workshops=past)
    recent = list(
        staff_workshops_with_counts(visible)
        .select_related("office")
        .order_by("-start_date", "title")[:DASHBOARD_RECENT_WORKSHOPS]
    )
    return {
        "workshops": recent,
        "workshop_count": visible.count(),
        "upcoming": upcoming,
        "upcoming_count": len(every_upcoming),
        # Soonest first, as many as the upcoming table shows; the rest: how many.
        "pending": pending[:DASHBOARD_UPCOMING_SHOWN],
        "pending_more": len(pending[DASHBOARD_UPCOMING_SHOWN:]),
        "waitlisted": waitlisted[:DASHBOARD_UPCOMING_SHOWN],
        "waitlisted_more": len(waitlisted[DASHBOARD_UPCOMING_SHOWN:]),
        "sessions_today": list(workshop_selectors.sessions_today(visible)),
        "certificates_to_issue": [(w, to_issue[w.pk]) for w in past if to_issue[w.pk]],
    }
