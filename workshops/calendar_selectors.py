"""Read-side queries for the calendar feeds: which workshops and sessions a feed shows, and
the validators (ETag, Last-Modified) read with aggregates before any feed is built."""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone, translation

from offices.models import Region
from workshops.models import Session, Workshop


@dataclass(frozen=True)
class FeedVersion:
    """What a feed's validators are made of, read with aggregates before any feed is built."""

    etag: str
    last_modified: dt.datetime | None


# Bump when the feed's shape changes, so no client keeps an old rendering on a 304.
CALENDAR_FORMAT_VERSION = 2  # 2: texts in six languages, with LANGUAGE


def feed_version(*parts: object, last_modified: dt.datetime | None) -> FeedVersion:
    """An ETag from everything the feed depends on besides rows: the day (cancelled items age
    out), the language of the labels and the settings that shape the output."""
    fingerprint = repr(
        (
            CALENDAR_FORMAT_VERSION,
            calendar_cutoff().isoformat(),
            translation.get_language(),
            settings.SITE_URL,
            settings.CALENDAR_REFRESH_MINUTES,
            *parts,
        )
    )
    return FeedVersion(
        etag=hashlib.sha256(fingerprint.encode()).hexdigest()[:32], last_modified=last_modified
    )


def public_events_key(workshop: Workshop) -> str:
    """The cache key of one workshop's serialised events in a public feed: its revision and
    its shown sessions' (a save bumps `updated_at`; a session added, removed or aged out
    changes the list), the language of the labels and the settings in the output."""
    sessions = tuple(
        (session.pk, session.sequence, session.updated_at.isoformat())
        for session in workshop.sessions.all()
    )
    fingerprint = repr(
        (
            CALENDAR_FORMAT_VERSION,
            translation.get_language(),
            settings.SITE_URL,
            workshop.pk,
            workshop.sequence,
            workshop.updated_at.isoformat(),
            sessions,
        )
    )
    return "calendar-events:" + hashlib.sha256(fingerprint.encode()).hexdigest()[:32]


def calendar_cutoff() -> dt.date:
    """Cancelled workshops and sessions that ended before this day leave the feeds."""
    retention = dt.timedelta(days=settings.CALENDAR_CANCELLED_RETENTION_DAYS)
    return timezone.now().date() - retention


def latest_moment(*moments: dt.datetime | None) -> dt.datetime | None:
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else None


def _sessions_in_feeds() -> Q:
    cutoff = dt.datetime.combine(calendar_cutoff(), dt.time(), tzinfo=dt.UTC)
    return Q(is_cancelled=False) | Q(ends_at__gte=cutoff)


def _calendar_workshops(*, region: Region | None = None) -> QuerySet[Workshop]:
    """Public workshops for the feeds: no drafts, cancelled ones only for a while."""
    workshops = Workshop.objects.exclude(status=Workshop.Status.DRAFT).exclude(
        status=Workshop.Status.CANCELLED, end_date__lt=calendar_cutoff()
    )
    if region is not None:
        workshops = workshops.filter(office__region=region)
    return workshops


def calendar_sessions_prefetch(lookup: str = "sessions") -> Prefetch:
    return Prefetch(lookup, queryset=Session.objects.filter(_sessions_in_feeds()))


def workshop_list_calendar(*, region: Region | None = None) -> QuerySet[Workshop]:
    """Every workshop of the all-workshops feed with its sessions, in two queries."""
    return (
        _calendar_workshops(region=region)
        .prefetch_related(calendar_sessions_prefetch())
        .order_by("start_date", "pk")
    )


def workshop_list_calendar_version(*, region: Region | None = None) -> FeedVersion:
    """The all-workshops feed's validators from two aggregates (counts catch deletions)."""
    workshops = _calendar_workshops(region=region)
    workshop_totals = workshops.aggregate(count=Count("pk"), latest=Max("updated_at"))
    session_totals = (
        Session.objects.filter(_sessions_in_feeds())
        .filter(workshop__in=workshops)
        .aggregate(count=Count("pk"), latest=Max("updated_at"))
    )
    return feed_version(
        "all",
        region.slug if region else "",
        workshop_totals,
        session_totals,
        last_modified=latest_moment(workshop_totals["latest"], session_totals["latest"]),
    )


def workshop_get_calendar(*, slug: str) -> Workshop:
    """A public workshop with every session, cancelled or not: its own feed is about it.
    Annotated with its sessions' count and latest change for the validators. Raises
    Workshop.DoesNotExist."""
    return (
        Workshop.objects.exclude(status=Workshop.Status.DRAFT)
        .annotate(session_count=Count("sessions"), sessions_updated_at=Max("sessions__updated_at"))
        .get(slug=slug)
    )


def workshop_calendar_version(*, workshop: Workshop) -> FeedVersion:
    """Validators for one workshop's feed, from the row `workshop_get_calendar` read."""
    return feed_version(
        "workshop",
        workshop.pk,
        workshop.updated_at,
        workshop.session_count,
        workshop.sessions_updated_at,
        last_modified=latest_moment(workshop.updated_at, workshop.sessions_updated_at),
    )
