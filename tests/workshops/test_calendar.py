import datetime as dt
import zoneinfo
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import translation

from participants.models import Registration
from tests.calendar_parsing import (
    content_lines,
    events_by_uid,
    in_utc,
    parse_calendar,
    vtimezone_ids,
)
from tests.factories import RegistrationFactory, SessionFactory, WorkshopFactory
from workshops.calendar import (
    assembled_feed_ics,
    calendar_links,
    personal_feed_ics,
    public_feed_ics,
    public_workshop_events_ical,
    time_zone_years,
    vtimezone,
    workshop_ics,
    workshops_calendar,
)
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


def _session_at(workshop, day: dt.date, hour: int, **fields):
    zone = zoneinfo.ZoneInfo(workshop.time_zone)
    starts = dt.datetime.combine(day, dt.time(hour), tzinfo=zone)
    return SessionFactory(
        workshop=workshop, starts_at=starts, ends_at=starts + dt.timedelta(hours=2), **fields
    )


@pytest.mark.parametrize(
    ("time_zone", "day", "utc_start"),
    [
        # Port Vila, UTC+11: nine in the morning is the evening before in UTC.
        ("Pacific/Efate", dt.date(2014, 9, 22), dt.datetime(2014, 9, 21, 22, tzinfo=dt.UTC)),
        ("Africa/Cairo", dt.date(2015, 10, 20), dt.datetime(2015, 10, 20, 7, tzinfo=dt.UTC)),
        # Cairo's summer time of 2014 lasted six weeks (May 16 - June 26).
        ("Africa/Cairo", dt.date(2014, 6, 1), dt.datetime(2014, 6, 1, 6, tzinfo=dt.UTC)),
        ("Europe/Istanbul", dt.date(2016, 4, 12), dt.datetime(2016, 4, 12, 6, tzinfo=dt.UTC)),
        # Turkey stayed on UTC+3 all year from September 2016.
        ("Europe/Istanbul", dt.date(2017, 1, 10), dt.datetime(2017, 1, 10, 6, tzinfo=dt.UTC)),
    ],
)
def test_workshop_ics_session_times_are_right_in_utc(time_zone, day, utc_start):
    workshop = WorkshopFactory(time_zone=time_zone, start_date=day, end_date=day)
    session = _session_at(workshop, day, 9)

    content = workshop_ics(workshop, for_participant=False)

    calendar = parse_calendar(content)
    event = events_by_uid(calendar)[f"session-{session.pk}@127.0.0.1"]
    assert f"DTSTART;TZID={time_zone}:{day:%Y%m%d}T090000".encode() in content
    assert in_utc(event.dtstart.value) == utc_start
    assert in_utc(event.dtend.value) == utc_start + dt.timedelta(hours=2)
    assert vtimezone_ids(calendar) == {time_zone}
    assert calendar.contents["x-wr-timezone"][0].value == time_zone


def test_workshop_ics_workshop_is_all_day_with_exclusive_end():
    workshop = WorkshopFactory(start_date=dt.date(2014, 9, 22), end_date=dt.date(2014, 9, 24))

    calendar = parse_calendar(workshop_ics(workshop, for_participant=False))

    event = events_by_uid(calendar)[f"workshop-{workshop.pk}@127.0.0.1"]
    assert event.dtstart.value == dt.date(2014, 9, 22)
    assert event.dtend.value == dt.date(2014, 9, 25)
    assert event.transp.value == "TRANSPARENT"


def test_workshop_ics_without_sessions_is_a_valid_calendar():
    workshop = WorkshopFactory(title="Agenda to follow")

    calendar = parse_calendar(workshop_ics(workshop, for_participant=False))

    assert [event.summary.value for event in calendar.vevent_list] == ["Agenda to follow"]
    assert vtimezone_ids(calendar) == set()
    assert calendar.version.value == "2.0"
    assert calendar.prodid.value == "-//COP Workshops//Calendar feeds//EN"


def test_workshop_ics_carries_place_link_and_plain_description():
    workshop = WorkshopFactory(
        venue="Holiday Inn",
        city="Port Vila",
        country="VU",
        summary="Guidelines for Vanuatu",
        description="Day one: <b>law</b>.\nDay two: practice.",
    )
    session = _session_at(workshop, workshop.start_date, 9, room="Room A", speakers="CTO")

    events = events_by_uid(parse_calendar(workshop_ics(workshop, for_participant=False)))

    page = f"http://127.0.0.1:8000/workshops/{workshop.slug}/"
    workshop_event = events[f"workshop-{workshop.pk}@127.0.0.1"]
    assert workshop_event.location.value == "Holiday Inn, Port Vila, Vanuatu"
    assert workshop_event.url.value == page
    assert workshop_event.description.value == (
        f"Guidelines for Vanuatu\n\nDay one: <b>law</b>.\nDay two: practice.\n\n{page}"
    )
    session_event = events[f"session-{session.pk}@127.0.0.1"]
    assert session_event.location.value == "Room A, Holiday Inn, Port Vila, Vanuatu"
    assert session_event.description.value == f"Speakers: CTO\n\n{page}"


def test_workshop_ics_join_url_only_for_participants():
    workshop = WorkshopFactory(format=Workshop.Format.ONLINE, join_url="https://meet.example/j/42")
    _session_at(workshop, workshop.start_date, 9)

    public = workshop_ics(workshop, for_participant=False)
    personal = workshop_ics(workshop, for_participant=True)

    assert b"meet.example" not in public
    events = parse_calendar(personal).vevent_list
    assert [event.conference.value for event in events] == ["https://meet.example/j/42"] * 2
    assert all("Join online: https://meet.example/j/42" in e.description.value for e in events)


def test_workshop_ics_escapes_and_folds_hard_titles():
    title = "Protection, en ligne; الحماية على الإنترنت\nسلامة الأطفال 儿童在线保护 研讨会 第二部分"
    workshop = WorkshopFactory(title=title)
    _session_at(workshop, workshop.start_date, 9, title="Opening; welcome, all")

    content = workshop_ics(workshop, for_participant=False)

    assert b"SUMMARY;LANGUAGE=en:Protection\\, en ligne\\; " in content
    assert b"X-WR-CALNAME:Protection\\, en ligne\\; " in content
    assert all(len(line) <= 75 for line in content_lines(content))
    calendar = parse_calendar(content)
    assert sorted(event.summary.value for event in calendar.vevent_list) == [
        f"Opening; welcome, all ({title})",
        title,
    ]
    assert calendar.contents["x-wr-calname"][0].value == " ".join(title.split())


def test_workshop_ics_is_stable_between_builds():
    workshop = WorkshopFactory()
    _session_at(workshop, workshop.start_date, 9)

    first = workshop_ics(workshop, for_participant=False)

    assert workshop_ics(workshop, for_participant=False) == first
    event = parse_calendar(first).vevent_list[0]
    assert event.dtstamp.value == workshop.updated_at.replace(microsecond=0)
    assert event.last_modified.value == workshop.updated_at.replace(microsecond=0)


def test_workshop_ics_uids_survive_an_edit():
    workshop = WorkshopFactory(title="Before")
    session = _session_at(workshop, workshop.start_date, 9)
    before = set(events_by_uid(parse_calendar(workshop_ics(workshop, for_participant=False))))

    workshop.title = "After"
    workshop.start_date -= dt.timedelta(days=1)
    workshop.save()
    session.starts_at += dt.timedelta(hours=1)
    session.save()

    after = set(events_by_uid(parse_calendar(workshop_ics(workshop, for_participant=False))))
    assert (
        after == before == {f"workshop-{workshop.pk}@127.0.0.1", f"session-{session.pk}@127.0.0.1"}
    )


def test_workshop_ics_sequence_comes_from_the_models():
    workshop = WorkshopFactory(sequence=3)
    session = _session_at(workshop, workshop.start_date, 9, sequence=2)

    events = events_by_uid(parse_calendar(workshop_ics(workshop, for_participant=False)))

    assert events[f"workshop-{workshop.pk}@127.0.0.1"].sequence.value == "3"
    # A session shows its workshop's place and status too, so both revisions count.
    assert events[f"session-{session.pk}@127.0.0.1"].sequence.value == "5"


def test_workshop_ics_cancelled_workshop_cancels_its_sessions():
    workshop = WorkshopFactory(status=Workshop.Status.CANCELLED)
    _session_at(workshop, workshop.start_date, 9)

    events = parse_calendar(workshop_ics(workshop, for_participant=False)).vevent_list

    assert [event.status.value for event in events] == ["CANCELLED", "CANCELLED"]


def test_workshop_ics_cancelled_session_stays_marked_cancelled():
    workshop = WorkshopFactory()
    kept = _session_at(workshop, workshop.start_date, 9)
    dropped = _session_at(workshop, workshop.start_date, 14, is_cancelled=True)

    events = events_by_uid(parse_calendar(workshop_ics(workshop, for_participant=False)))

    assert events[f"session-{kept.pk}@127.0.0.1"].status.value == "CONFIRMED"
    assert events[f"session-{dropped.pk}@127.0.0.1"].status.value == "CANCELLED"
    assert events[f"workshop-{workshop.pk}@127.0.0.1"].status.value == "CONFIRMED"


def test_feed_refresh_properties_are_durations():
    content = public_feed_ics([], name="COP Workshops")

    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in content
    assert b"X-PUBLISHED-TTL:PT6H\r\n" in content
    assert parse_calendar(content).contents["x-wr-calname"][0].value == "COP Workshops"


def test_feed_with_several_zones_has_each_vtimezone_and_no_calendar_zone():
    efate = WorkshopFactory(time_zone="Pacific/Efate", start_date=dt.date(2014, 9, 22))
    istanbul = WorkshopFactory(time_zone="Europe/Istanbul", start_date=dt.date(2016, 4, 12))
    _session_at(efate, efate.start_date, 9)
    _session_at(istanbul, istanbul.start_date, 9)

    calendar = parse_calendar(public_feed_ics([efate, istanbul], name="All"))

    assert vtimezone_ids(calendar) == {"Pacific/Efate", "Europe/Istanbul"}
    assert "x-wr-timezone" not in calendar.contents


def test_one_workshop_has_one_uid_in_every_builder():
    registration = RegistrationFactory()
    workshop = registration.workshop

    uids = [
        set(events_by_uid(parse_calendar(content)))
        for content in (
            workshop_ics(workshop, for_participant=False),
            public_feed_ics([workshop], name="All"),
            personal_feed_ics([registration], name="Mine"),
        )
    ]

    assert uids == [{f"workshop-{workshop.pk}@127.0.0.1"}] * 3


def test_personal_feed_ics_leaves_out_cancelled_registrations():
    live = RegistrationFactory()
    cancelled = RegistrationFactory(
        participant=live.participant, status=Registration.Status.CANCELLED
    )

    calendar = parse_calendar(personal_feed_ics([live, cancelled], name="Mine"))

    assert set(events_by_uid(calendar)) == {f"workshop-{live.workshop.pk}@127.0.0.1"}


def test_vtimezone_dtstart_is_the_local_time_before_the_change():
    zone = vtimezone("Europe/Berlin", first_year=2015, last_year=2015)

    daylight = zone.walk("DAYLIGHT")[0]
    # 29 March 2015: clocks went from 02:00 CET to 03:00 CEST.
    assert daylight.decoded("DTSTART") == dt.datetime(2015, 3, 29, 2)  # noqa: DTZ001
    assert daylight.decoded("TZOFFSETFROM") == dt.timedelta(hours=1)


def test_workshops_calendar_uses_prefetched_sessions(django_assert_num_queries):
    workshop = WorkshopFactory()
    _session_at(workshop, workshop.start_date, 9)
    workshops = list(Workshop.objects.prefetch_related("sessions"))

    with django_assert_num_queries(0):
        workshops_calendar(workshops, name="All").to_ical()


def test_calendar_links_for_a_workshop():
    workshop = WorkshopFactory(
        slug="port-vila",
        title="COP & you",
        start_date=dt.date(2014, 9, 22),
        end_date=dt.date(2014, 9, 24),
    )

    links = calendar_links(feed_path="/workshops/port-vila/calendar.ics", workshop=workshop)

    assert links["download"] == "http://127.0.0.1:8000/workshops/port-vila/calendar.ics"
    assert links["subscribe"] == "webcal://127.0.0.1:8000/workshops/port-vila/calendar.ics"
    google = urlsplit(links["google"])
    query = parse_qs(google.query)
    assert (google.netloc, google.path) == ("calendar.google.com", "/calendar/render")
    assert query["action"] == ["TEMPLATE"]
    assert query["text"] == ["COP & you"]
    assert query["dates"] == ["20140922/20140925"]
    assert query["ctz"] == ["Pacific/Efate"]


def test_calendar_links_for_a_feed_subscribe_in_google():
    links = calendar_links(feed_path="/me/abc/calendar.ics")

    query = parse_qs(urlsplit(links["google"]).query)
    assert query == {"cid": ["webcal://127.0.0.1:8000/me/abc/calendar.ics"]}


def test_public_feed_from_stored_events_is_the_whole_calendar_byte_for_byte():
    efate = WorkshopFactory(time_zone="Pacific/Efate", start_date=dt.date(2014, 9, 22))
    istanbul = WorkshopFactory(time_zone="Europe/Istanbul", start_date=dt.date(2016, 4, 12))
    _session_at(efate, efate.start_date, 9, title="Opening; with, punctuation")
    _session_at(istanbul, istanbul.start_date, 9)
    workshops = list(Workshop.objects.prefetch_related("sessions").order_by("pk"))
    stored = [public_workshop_events_ical(workshop) for workshop in workshops]

    assembled = assembled_feed_ics(
        name="All, here", zone_years=time_zone_years(workshops), events=stored
    )

    assert assembled == workshops_calendar(workshops, name="All, here").to_ical()


@pytest.mark.parametrize("language", ["en", "ar", "zh-hans"])
@pytest.mark.parametrize(
    ("time_zone", "status", "texts"),
    [
        ("UTC", Workshop.Status.PUBLISHED, {"title": "", "venue": "", "summary": ""}),
        (
            "Africa/Abidjan",
            Workshop.Status.CANCELLED,
            {"title": "A; b, c\\d \\N e", "summary": "Line one\nline two\r\nthree\rfour"},
        ),
        (
            "Asia/Shanghai",
            Workshop.Status.PUBLISHED,
            {
                "title_zh_hans": "儿童在线保护" * 12,
                "title_ar": "حماية الأطفال على الإنترنت، " * 5,
                # Backslashes and carets where the lines fold.
                "description": "\\" * 150 + "^" * 90 + ",;" * 60,
                "venue": "Ünïcödé " * 20,
            },
        ),
    ],
)
def test_public_events_written_as_text_are_icalendars_bytes(language, time_zone, status, texts):
    workshop = WorkshopFactory(time_zone=time_zone, status=status, languages=["fr", "ar"], **texts)
    _session_at(workshop, workshop.start_date, 9, room="", speakers="A, B; C", title="S\\1")
    _session_at(workshop, workshop.end_date, 23, is_cancelled=True, description="x" * 200)
    workshops = list(Workshop.objects.prefetch_related("sessions"))

    with translation.override(language):
        written = assembled_feed_ics(
            name="All",
            zone_years=time_zone_years(workshops),
            events=[public_workshop_events_ical(workshop) for workshop in workshops],
        )
        from_objects = workshops_calendar(workshops, name="All").to_ical()

    assert written == from_objects
