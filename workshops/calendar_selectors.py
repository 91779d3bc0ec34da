"""Read-side queries for the calendar feeds: which workshops and sessions a feed shows, and
the validators (ETag, Last-Modified) read with aggregates before any feed is built."""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db.models import CharField, Count, Max, Min, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Cast, ExtractYear
from django.utils import timezone, translation

from offices.models import Region
from workshops.content import workshop_languages
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


@dataclass(frozen=True)
class FeedEntry:
    """One workshop of a feed as much as its cached events' key and the feed's VTIMEZONEs need:
    its revision and its shown sessions' aggregates, read for every workshop in one query
    without a text (`workshop_list_calendar_entries`)."""

    workshop_id: int
    languages: list[str]  # its working languages (UN codes), for a feed in each one's own
    time_zone: str
    # What changes whenever the workshop's or its shown sessions' events do: a save bumps
    # `updated_at` (and a shown change `sequence`); a session added, edited, removed or aged
    # out of the feed changes its count, its latest change or the sum of its ids.
    revision: tuple
    # The years its shown sessions start and end in (UTC), None without a session.
    first_year: int | None
    last_year: int | None

    def content_working_languages(self) -> list[str]:
        """Its workshop's, so that the content rule (`working_languages`) reads it alike."""
        return workshop_languages(self)


def _as_text(moment: str | Max) -> Cast:
    # Compared, never read as a time: text is what the database sends fastest (parsing 20,000
    # timestamps into datetimes is most of this query's cost at 5,000 workshops).
    return Cast(moment, output_field=CharField())


def workshop_list_calendar_entries(*, region: Region | None = None) -> list[FeedEntry]:
    """Every workshop of the all-workshops feed, in the feed's order, in one query over the
    workshops and their shown sessions (no text, no model instance): what deciding which
    workshops' events must be built again costs, whatever the number of workshops."""
    shown = _sessions_in_feeds(prefix="sessions__")
    rows = (
        _calendar_workshops(region=region)
        .order_by("start_date", "pk")
        .annotate(
            updated=_as_text("updated_at"),
            session_count=Count("sessions", filter=shown),
            sessions_updated_at=_as_text(Max("sessions__updated_at", filter=shown)),
            session_sequences=Sum("sessions__sequence", filter=shown),
            session_ids=Sum("sessions__pk", filter=shown),
            first_year=ExtractYear(Min("sessions__starts_at", filter=shown), tzinfo=dt.UTC),
            last_year=ExtractYear(Max("sessions__ends_at", filter=shown), tzinfo=dt.UTC),
        )
        .values_list(
            "pk",
            "languages",
            "time_zone",
            "sequence",
            "updated",
            "session_count",
            "sessions_updated_at",
            "session_sequences",
            "session_ids",
            "first_year",
            "last_year",
        )
    )
    return [
        FeedEntry(
            workshop_id=pk,
            languages=languages or [],
            time_zone=time_zone,
            revision=(
                sequence,
                updated,
                count,
                sessions_updated_at,
                int(sequences or 0),  # a Decimal on PostgreSQL
                int(ids or 0),
            ),
            first_year=first_year,
            last_year=last_year,
        )
        for (
            pk,
            languages,
            time_zone,
            sequence,
            updated,
            count,
            sessions_updated_at,
            sequences,
            ids,
            first_year,
            last_year,
        ) in rows
    ]


def feed_time_zones(entries: list[FeedEntry]) -> dict[str, tuple[int, int]]:
    """Each zone the feed's sessions use, with the first and last year they fall in (the
    VTIMEZONEs of `calendar.assembled_feed_ics`), from the entries alone."""
    years: dict[str, tuple[int, int]] = {}
    for entry in entries:
        if entry.first_year is None or entry.last_year is None:
            continue  # no session: no timed event in its zone
        first, last = years.get(entry.time_zone, (entry.first_year, entry.last_year))
        years[entry.time_zone] = (min(first, entry.first_year), max(last, entry.last_year))
    return years


def public_events_keys(entries: list[FeedEntry], *, languages: list[str]) -> list[str]:
    """The cache key of each workshop's serialised events in a public feed, written in the
    language at the same place in `languages`: the workshop's revision (`FeedEntry.revision`),
    that language and the settings in the output."""
    settings_digest = hashlib.sha256(
        repr((CALENDAR_FORMAT_VERSION, settings.SITE_URL)).encode()
    ).hexdigest()[:16]
    return [
        "calendar-events:"
        + hashlib.sha256(
            repr((settings_digest, language, entry.workshop_id, entry.revision)).encode()
        ).hexdigest()[:32]
        for entry, language in zip(entries, languages, strict=True)
    ]


def calendar_cutoff() -> dt.date:
    """Cancelled workshops and sessions that ended before this day leave the feeds."""
    retention = dt.timedelta(days=settings.CALENDAR_CANCELLED_RETENTION_DAYS)
    return timezone.now().date() - retention


def latest_moment(*moments: dt.datetime | None) -> dt.datetime | None:
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else None


def _sessions_in_feeds(prefix: str = "") -> Q:
    """The sessions the feeds show (`prefix` "sessions__" when filtering from a workshop)."""
    cutoff = dt.datetime.combine(calendar_cutoff(), dt.time(), tzinfo=dt.UTC)
    return Q(**{f"{prefix}is_cancelled": False}) | Q(**{f"{prefix}ends_at__gte": cutoff})


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


def workshop_list_calendar(
    *, region: Region | None = None, pks: list[int] | None = None
) -> QuerySet[Workshop]:
    """Every workshop of the all-workshops feed (or those of them in `pks`) with its sessions,
    in two queries."""
    workshops = _calendar_workshops(region=region)
    if pks is not None:
        workshops = workshops.filter(pk__in=pks)
    return workshops.prefetch_related(calendar_sessions_prefetch()).order_by("start_date", "pk")


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
