"""iCalendar (RFC 5545 / RFC 7986) for workshops and their sessions.

Pure functions: already-fetched objects in, bytes out; no request and no database writes.
The same builders serve the public feeds, the personal feed and the confirmation e-mail's
attachment, so one workshop has one UID everywhere.

Each workshop is an all-day event over its days (DATE values, exclusive end) and each session
a timed event in the workshop's IANA zone, with a VTIMEZONE for every zone used.
"""

import datetime as dt
import functools
import zoneinfo
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDDDTypes,
    vDuration,
    vText,
)

from core.content_languages import LocalizedText, localized, localized_texts
from workshops.models import Session, Workshop

PRODID = "-//COP Workshops//Calendar feeds//EN"


def calendar_uid_domain() -> str:
    """The right-hand side of every UID: this installation's host, so UIDs are globally unique."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def workshop_uid(workshop: Workshop) -> str:
    # From the primary key only: a UID must survive any change of title, slug or dates.
    return f"workshop-{workshop.pk}@{calendar_uid_domain()}"


def session_uid(session: Session) -> str:
    return f"session-{session.pk}@{calendar_uid_domain()}"


def workshop_page_url(workshop: Workshop) -> str:
    return settings.SITE_URL + workshop.get_absolute_url()


# --- time zones -------------------------------------------------------------------------------


def _utc_offset(zone: zoneinfo.ZoneInfo, moment: dt.datetime) -> dt.timedelta:
    return moment.astimezone(zone).utcoffset() or dt.timedelta()


def _transitions(
    zone: zoneinfo.ZoneInfo, first: dt.date, last: dt.date
) -> list[tuple[dt.datetime, dt.timedelta]]:
    """Instants (UTC) from `first` to `last` at which the zone's offset changes, with the offset
    in force before each. Steps a day at a time (no zone changes twice in a day), then bisects
    to the second, so short-lived rules such as Cairo's Ramadan pause of 2014 are not missed."""
    found = []
    moment = dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(last, dt.time(), tzinfo=dt.UTC)
    offset = _utc_offset(zone, moment)
    while moment < end:
        following = moment + dt.timedelta(days=1)
        if _utc_offset(zone, following) != offset:
            low, high = moment, following
            while high - low > dt.timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _utc_offset(zone, middle) == offset:
                    low = middle
                else:
                    high = middle
            found.append((high.replace(microsecond=0), offset))
            offset = _utc_offset(zone, following)
        moment = following
    return found


@functools.lru_cache(maxsize=256)
def _vtimezone_ical(time_zone: str, first_year: int, last_year: int) -> bytes:
    zone = zoneinfo.ZoneInfo(time_zone)
    first, last = dt.date(first_year, 1, 1), dt.date(last_year + 1, 1, 1)
    vtimezone = Timezone()
    vtimezone.add("TZID", time_zone)
    start = dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC)
    # Observances grouped by (from, to, name, standard?): one sub-component each, with RDATEs.
    observances: dict[tuple, list[dt.datetime]] = {}
    initial = start.astimezone(zone)
    initial_offset = initial.utcoffset() or dt.timedelta()
    key = (initial_offset, initial_offset, initial.tzname(), not initial.dst())
    observances[key] = [initial.replace(tzinfo=None)]
    for instant, offset_before in _transitions(zone, first, last):
        after = instant.astimezone(zone)
        # RFC 5545: the onset is the local time under the offset in force before the change.
        onset = (instant + offset_before).replace(tzinfo=None)
        key = (offset_before, after.utcoffset(), after.tzname(), not after.dst())
        observances.setdefault(key, []).append(onset)
    for (offset_from, offset_to, name, is_standard), onsets in observances.items():
        observance = TimezoneStandard() if is_standard else TimezoneDaylight()
        observance.add("DTSTART", onsets[0])
        if onsets[1:]:
            observance.add("RDATE", onsets[1:])
        observance.add("TZOFFSETFROM", offset_from)
        observance.add("TZOFFSETTO", offset_to)
        if name:
            observance.add("TZNAME", name)
        vtimezone.add_component(observance)
    return vtimezone.to_ical()


def vtimezone(time_zone: str, *, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE for an IANA zone, valid over whole years (cached: zones repeat across feeds).

    icalendar's Timezone.from_tzid() searches in 64-day leaps and so drops rules that last less
    than that (Cairo's summer time of May-June 2014); this one cannot."""
    return Timezone.from_ical(_vtimezone_ical(time_zone, first_year, last_year))


# --- events -----------------------------------------------------------------------------------


def _place(*parts: str) -> str:
    return ", ".join(part for part in parts if part)


def workshop_location(workshop: Workshop) -> str:
    if workshop.format == Workshop.Format.ONLINE:
        return _("Online")
    return _place(workshop.venue, workshop.city, workshop.country.name)


def _tag_languages(event: Event, **languages: str) -> None:
    """LANGUAGE (RFC 5545 3.2.10) on text properties: the language each text is written in,
    which the workshop's fallback rule may have chosen over the feed's (workshops.content)."""
    for name, language in languages.items():
        if name in event:
            event[name].params["LANGUAGE"] = language


def _first_language(*texts: LocalizedText) -> str:
    """The language of the first of `texts` that has a text (else the active one)."""
    for text in texts:
        if text.text:
            return text.language
    return texts[0].page_language


def _location_with_language(workshop: Workshop) -> tuple[str, str]:
    """`workshop_location` and the language it is in, from one reading of the texts."""
    texts = localized_texts(workshop)
    city = texts("city")
    if workshop.format == Workshop.Format.ONLINE:  # the label "Online", in the feed's language
        return _("Online"), city.page_language
    venue = texts("venue")
    return _place(venue.text, city.text, workshop.country.name), _first_language(venue, city)


def _join_url(workshop: Workshop, *, with_join_link: bool) -> str:
    """The online join link is for people with a confirmed seat only: never in a public feed,
    nor for someone pending or on the waiting list."""
    if with_join_link and workshop.format != Workshop.Format.IN_PERSON:
        return workshop.join_url
    return ""


def _description(*paragraphs: str) -> str:
    return "\n\n".join(paragraph.strip() for paragraph in paragraphs if paragraph.strip())


def _join_line(join_url: str) -> str:
    return _("Join online: %(url)s") % {"url": join_url} if join_url else ""


def _add_conference(event: Event, join_url: str) -> None:
    if join_url:
        event.add(
            "CONFERENCE",
            join_url,
            parameters={"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": _("Join online")},
        )


@dataclass(frozen=True)
class _WorkshopShown:
    """What every event of one workshop repeats, worked out once per workshop."""

    page_url: str
    title: LocalizedText
    location: str
    location_language: str
    cancelled: bool
    join_url: str
    zone: zoneinfo.ZoneInfo

    @classmethod
    def of(cls, workshop: Workshop, *, with_join_link: bool) -> "_WorkshopShown":
        location, location_language = _location_with_language(workshop)
        return cls(
            page_url=workshop_page_url(workshop),
            title=localized(workshop, "title"),
            location=location,
            location_language=location_language,
            cancelled=workshop.status == Workshop.Status.CANCELLED,
            join_url=_join_url(workshop, with_join_link=with_join_link),
            zone=workshop.zone,
        )


@dataclass(frozen=True)
class _EventShown:
    """What one VEVENT says, worked out once: made into an icalendar Event where a feed needs
    objects (`_as_event`), or written straight to text for the public feeds (`_written`, the
    same bytes without the objects' cost: a feed of thousands of workshops is built cold in
    a third of the time)."""

    uid: str
    stamp: dt.datetime
    created: dt.datetime | None
    sequence: int
    summary: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime
    location: str
    url: str
    description: str
    status: str
    transparency: str
    # The language of SUMMARY, DESCRIPTION and LOCATION (RFC 5545 3.2.10).
    summary_language: str
    description_language: str
    location_language: str
    join_url: str


def _workshop_shown(workshop: Workshop, shown: _WorkshopShown) -> _EventShown:
    """The workshop as an all-day event: DATE values, DTEND the day after the last day."""
    texts = localized_texts(workshop)
    summary, description = texts("summary"), texts("description")
    return _EventShown(
        uid=workshop_uid(workshop),
        # DTSTAMP in a feed without METHOD is the last revision (RFC 5545 3.8.7.2), not "now",
        # so an unchanged feed is byte-for-byte the same.
        stamp=workshop.updated_at,
        created=workshop.created_at,
        sequence=workshop.sequence,
        summary=shown.title.text,
        start=workshop.start_date,
        end=workshop.end_date + dt.timedelta(days=1),
        location=shown.location,
        url=shown.page_url,
        description=_description(
            _("This workshop has been cancelled.") if shown.cancelled else "",
            summary.text,
            description.text,
            _join_line(shown.join_url),
            shown.page_url,
        ),
        status="CANCELLED" if shown.cancelled else "CONFIRMED",
        # The whole days are not busy: the sessions are.
        transparency="TRANSPARENT",
        summary_language=shown.title.language,
        description_language=_first_language(description, summary),
        location_language=shown.location_language,
        join_url=shown.join_url,
    )


def _session_shown(session: Session, workshop: Workshop, shown: _WorkshopShown) -> _EventShown:
    """A session as a timed event in its workshop's zone. It shows the workshop's place and
    status, so its SEQUENCE adds the workshop's: both only grow, so the sum grows whenever
    either changes."""
    cancelled = session.is_cancelled or shown.cancelled
    texts = localized_texts(session)
    title, room, speakers = texts("title"), texts("room"), texts("speakers")
    description = texts("description")
    return _EventShown(
        uid=session_uid(session),
        stamp=max(session.updated_at, workshop.updated_at),
        created=None,
        sequence=session.sequence + workshop.sequence,
        summary=f"{title.text} ({shown.title.text})",
        start=session.starts_at.astimezone(shown.zone),
        end=session.ends_at.astimezone(shown.zone),
        location=_place(room.text, shown.location),
        url=shown.page_url,
        description=_description(
            _("This session has been cancelled.") if cancelled else "",
            _("Speakers: %(speakers)s") % {"speakers": speakers.text} if speakers.text else "",
            description.text,
            _join_line(shown.join_url),
            shown.page_url,
        ),
        status="CANCELLED" if cancelled else "CONFIRMED",
        transparency="OPAQUE",
        summary_language=title.language,
        description_language=_first_language(description, speakers),
        location_language=shown.location_language,
        join_url=shown.join_url,
    )


def _as_event(shown: _EventShown) -> Event:
    event = Event.new(
        uid=shown.uid,
        stamp=shown.stamp,
        created=shown.created,
        last_modified=shown.stamp,
        sequence=shown.sequence,
        summary=shown.summary,
        start=shown.start,
        end=shown.end,
        location=shown.location,
        url=shown.url,
        description=shown.description,
        status=shown.status,
        transparency=shown.transparency,
    )
    _tag_languages(
        event,
        SUMMARY=shown.summary_language,
        DESCRIPTION=shown.description_language,
        LOCATION=shown.location_language,
    )
    _add_conference(event, shown.join_url)
    return event


# --- the same events written straight to text -------------------------------------------------
# What icalendar writes for the properties above, without its objects. The tests compare both
# byte for byte (tests/workshops/test_calendar.py).


def _escaped(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11), escaped as icalendar escapes it (the order matters)."""
    return (
        text.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


_FOLD_AT = 75  # octets (RFC 5545 3.1): lines of 74 or fewer are left whole


def _folded(line: str) -> str:
    """The line folded as icalendar folds it: before the character that would make 75 octets,
    never right after a backslash or caret (an escape is not split across lines)."""
    if len(line) < _FOLD_AT and (line.isascii() or len(line.encode()) < _FOLD_AT):
        return line
    folded: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        size = len(char.encode())
        if current and count + size >= _FOLD_AT:
            carried = current.pop() if len(current) > 1 and current[-1] in "\\^" else ""
            folded.append("".join(current))
            current = [carried] if carried else []
            count = len(carried.encode())
        current.append(char)
        count += size
    folded.append("".join(current))
    return "\r\n ".join(folded)


def _utc(moment: dt.datetime) -> str:
    return _local(moment.astimezone(dt.UTC)) + "Z"


def _local(moment: dt.datetime) -> str:
    # Formatted by hand: strftime is a third of the cost of writing an event's times.
    return (
        f"{moment.year:04d}{moment.month:02d}{moment.day:02d}"
        f"T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"
    )


@functools.lru_cache(maxsize=256)
def _written_tzid(time_zone: str) -> str | None:
    """The TZID icalendar writes for a time in this zone, or None when it writes the time in
    UTC instead (UTC and the zones it takes for UTC, such as Africa/Abidjan)."""
    sample = dt.datetime(2000, 1, 1, tzinfo=zoneinfo.ZoneInfo(time_zone))
    return vDDDTypes(sample).params.get("TZID")


def _when(name: str, value: dt.date | dt.datetime) -> str:
    if not isinstance(value, dt.datetime):
        return f"{name};VALUE=DATE:{value:%Y%m%d}"
    tzid = _written_tzid(str(value.tzinfo))
    if tzid is None:
        return f"{name}:{_utc(value)}"
    return f"{name};TZID={tzid}:{_local(value)}"


def _written(shown: _EventShown) -> str:
    """The event as `_as_event(shown).to_ical()` writes it, for a public feed (which never has
    a join link, so never a CONFERENCE)."""
    stamp = _utc(shown.stamp)
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY;LANGUAGE={shown.summary_language}:{_escaped(shown.summary)}",
        _when("DTSTART", shown.start),
        _when("DTEND", shown.end),
        f"DTSTAMP:{stamp}",
        f"UID:{_escaped(shown.uid)}",
        f"SEQUENCE:{shown.sequence}",
        *([f"CREATED:{_utc(shown.created)}"] if shown.created is not None else []),
        f"DESCRIPTION;LANGUAGE={shown.description_language}:{_escaped(shown.description)}",
        f"LAST-MODIFIED:{stamp}",
        f"LOCATION;LANGUAGE={shown.location_language}:{_escaped(shown.location)}",
        f"STATUS:{shown.status}",
        f"TRANSP:{shown.transparency}",
        f"URL:{shown.url}",
        "END:VEVENT",
    ]
    return "".join(_folded(line) + "\r\n" for line in lines)


# --- calendars --------------------------------------------------------------------------------


def _calendar_head(name: str) -> Calendar:
    """A calendar with its own properties and no component yet."""
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    # NAME (RFC 7986) and X-WR-CALNAME (older clients), on one line: a name is a label.
    # icalendar types both as "unknown" and would not escape commas and semicolons: vText does.
    single_line_name = vText(" ".join(name.split()))
    calendar.add("NAME", single_line_name)
    calendar.add("X-WR-CALNAME", single_line_name)
    refresh = dt.timedelta(minutes=settings.CALENDAR_REFRESH_MINUTES)
    calendar.add("REFRESH-INTERVAL", refresh, parameters={"VALUE": "DURATION"})
    # A bare timedelta would be written as "6:00:00"; the property must be a DURATION.
    calendar.add("X-PUBLISHED-TTL", vDuration(refresh))
    return calendar


def time_zone_years(workshops: Iterable[Workshop]) -> dict[str, tuple[int, int]]:
    """Each zone the workshops' sessions use, with the first and last year (UTC) a session
    starts or ends in (`workshop.sessions.all()`, prefetched by the caller for a list)."""
    years: dict[str, tuple[int, int]] = {}
    for workshop in workshops:
        for session in workshop.sessions.all():
            first, last = years.get(workshop.time_zone, (session.starts_at.year,) * 2)
            years[workshop.time_zone] = (
                min(first, session.starts_at.year),
                max(last, session.ends_at.year),
            )
    return years


def _add_time_zones(calendar: Calendar, zone_years: Mapping[str, tuple[int, int]]) -> None:
    """A VTIMEZONE for every zone the sessions use (`time_zone_years`), before any event (a
    year either side covers any offset)."""
    if len(zone_years) == 1:
        calendar.add("X-WR-TIMEZONE", next(iter(zone_years)))
    for index, (time_zone, (first, last)) in enumerate(sorted(zone_years.items())):
        timezone = vtimezone(time_zone, first_year=first - 1, last_year=last + 1)
        calendar.subcomponents.insert(index, timezone)


def _workshop_events_shown(workshop: Workshop, *, with_join_link: bool) -> list[_EventShown]:
    shown = _WorkshopShown.of(workshop, with_join_link=with_join_link)
    return [
        _workshop_shown(workshop, shown),
        *(_session_shown(session, workshop, shown) for session in workshop.sessions.all()),
    ]


def _workshop_events(workshop: Workshop, *, with_join_link: bool) -> list[Event]:
    return [
        _as_event(shown)
        for shown in _workshop_events_shown(workshop, with_join_link=with_join_link)
    ]


def workshops_calendar(
    workshops: Iterable[Workshop], *, name: str, join_links_for: Container[int] = frozenset()
) -> Calendar:
    """A calendar of workshops with their sessions (`workshop.sessions.all()`, prefetched by the
    caller for a list). Online join links only for the workshops whose pk is in
    `join_links_for` (those the reader holds a confirmed seat at)."""
    workshops = list(workshops)
    calendar = _calendar_head(name)
    for workshop in workshops:
        for event in _workshop_events(workshop, with_join_link=workshop.pk in join_links_for):
            calendar.add_component(event)
    _add_time_zones(calendar, time_zone_years(workshops))
    return calendar


def public_workshop_events_ical(workshop: Workshop) -> bytes:
    """One workshop's events as a public feed writes them (no join link), serialised: the
    piece a feed can keep between builds while the workshop and its sessions are unchanged."""
    events = _workshop_events_shown(workshop, with_join_link=False)
    return "".join(_written(shown) for shown in events).encode()


_CALENDAR_END = b"END:VCALENDAR\r\n"


def public_feed_ics(workshops: Iterable[Workshop], *, name: str) -> bytes:
    """Workshops for anyone: never a join link (`workshop.sessions.all()` prefetched)."""
    workshops = list(workshops)
    return assembled_feed_ics(
        name=name,
        zone_years=time_zone_years(workshops),
        events=[public_workshop_events_ical(workshop) for workshop in workshops],
    )


def assembled_feed_ics(
    *, name: str, zone_years: Mapping[str, tuple[int, int]], events: Iterable[bytes]
) -> bytes:
    """A public feed from its workshops' serialised events (`public_workshop_events_ical`, or a
    caller's stored copies of it) and the zones and years their sessions use
    (`time_zone_years`): byte for byte what serialising the whole calendar gives, without
    making an object of any event."""
    calendar = _calendar_head(name)
    _add_time_zones(calendar, zone_years)
    head = calendar.to_ical()
    return head.removesuffix(_CALENDAR_END) + b"".join(events) + _CALENDAR_END


def workshop_ics(workshop: Workshop, *, for_participant: bool) -> bytes:
    """One workshop and its sessions, e.g. the confirmation e-mail's attachment
    (`for_participant=True` adds the online join link)."""
    return workshops_calendar(
        [workshop], name=workshop.title, join_links_for={workshop.pk} if for_participant else ()
    ).to_ical()


def personal_feed_ics(registrations: Iterable, *, name: str) -> bytes:
    """A participant's own feed: the workshops of their live registrations, with the online join
    link of those where their seat is confirmed (pending and waiting-list people get it once
    confirmed, as on their page and in their e-mails). `registrations` are
    participants.Registration objects with `workshop` (and its sessions) fetched."""
    live = [registration for registration in registrations if registration.is_live]
    return workshops_calendar(
        [registration.workshop for registration in live],
        name=name,
        join_links_for={
            registration.workshop_id for registration in live if registration.is_confirmed
        },
    ).to_ical()


# --- links to the feeds -----------------------------------------------------------------------

GOOGLE_CALENDAR_RENDER = "https://calendar.google.com/calendar/render"


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def webcal_url(path: str) -> str:
    """The same feed under webcal://, which calendar apps open as a subscription."""
    address = urlsplit(absolute_url(path))
    return address._replace(scheme="webcal").geturl()


def google_event_url(workshop: Workshop) -> str:
    """Google Calendar's "add this event" form, prefilled. The workshop is all-day there too:
    DATE values with an exclusive end, which no time zone can shift."""
    days = f"{workshop.start_date:%Y%m%d}/{workshop.end_date + dt.timedelta(days=1):%Y%m%d}"
    details = _description(workshop.summary, workshop_page_url(workshop))
    query = {
        "action": "TEMPLATE",
        "text": workshop.title,
        "dates": days,
        "details": details,
        "location": workshop_location(workshop),
        "ctz": workshop.time_zone,
    }
    return f"{GOOGLE_CALENDAR_RENDER}?{urlencode(query)}"


def google_subscribe_url(path: str) -> str:
    """Google Calendar's "add by URL" for a feed (Google re-reads it every several hours)."""
    return f"{GOOGLE_CALENDAR_RENDER}?{urlencode({'cid': webcal_url(path)})}"


def calendar_links(*, feed_path: str, workshop: Workshop | None = None) -> dict[str, str]:
    """The three links of templates/partials/calendar_links.html: the .ics to download, the
    webcal:// subscription, and Google Calendar (the event form for a workshop page, a
    subscription for a feed such as the personal one)."""
    return {
        "download": absolute_url(feed_path),
        "subscribe": webcal_url(feed_path),
        "google": google_event_url(workshop) if workshop else google_subscribe_url(feed_path),
    }
