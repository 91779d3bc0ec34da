import datetime as dt
import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from offices.models import Region
from tests.calendar_parsing import events_by_uid, in_utc, parse_calendar, vtimezone_ids
from tests.factories import RegionalOfficeFactory, SessionFactory, WorkshopFactory
from workshops import calendar, calendar_selectors, calendar_views, services
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_feed_built_yet():
    cache.clear()


ALL_FEED = "/calendar.ics"


def _feed_url(workshop) -> str:
    return reverse("workshops:workshop_calendar", kwargs={"slug": workshop.slug})


def _uid(obj) -> str:
    return f"{type(obj).__name__.lower()}-{obj.pk}@127.0.0.1"


def _workshop_uids(response) -> set[str]:
    return {uid for uid in events_by_uid(parse_calendar(response.content)) if "workshop-" in uid}


def test_workshop_calendar_serves_the_workshop_and_its_sessions(client):
    workshop = WorkshopFactory(
        time_zone="Pacific/Efate",
        start_date=dt.date(2014, 9, 22),
        end_date=dt.date(2014, 9, 24),
        format=Workshop.Format.HYBRID,
        join_url="https://meet.example/j/1",
    )
    session = SessionFactory(workshop=workshop)

    response = client.get(_feed_url(workshop))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = events_by_uid(parse_calendar(response.content))
    assert set(events) == {_uid(workshop), _uid(session)}
    assert in_utc(events[_uid(session)].dtstart.value) == dt.datetime(
        2014, 9, 21, 22, tzinfo=dt.UTC
    )
    assert b"meet.example" not in response.content


def test_workshop_calendar_of_a_draft_is_404(client):
    workshop = WorkshopFactory(status=Workshop.Status.DRAFT)

    assert client.get(_feed_url(workshop)).status_code == 404


def test_workshop_calendar_of_an_unknown_slug_is_404(client):
    assert client.get("/workshops/no-such-workshop/calendar.ics").status_code == 404


def test_workshop_calendar_refuses_post(client, workshop):
    assert client.post(_feed_url(workshop)).status_code == 405


def test_workshop_calendar_answers_304_to_a_matching_etag_without_building(
    client, django_assert_num_queries
):
    workshop = WorkshopFactory()
    SessionFactory(workshop=workshop)
    first = client.get(_feed_url(workshop))

    # One query reads the workshop with its sessions' count and latest change; building the
    # feed would need another for the sessions.
    with django_assert_num_queries(1):
        response = client.get(_feed_url(workshop), HTTP_IF_NONE_MATCH=first["ETag"])

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == first["ETag"]


def test_workshop_calendar_answers_304_to_if_modified_since(client, workshop):
    first = client.get(_feed_url(workshop))

    response = client.get(_feed_url(workshop), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert response.status_code == 304


def test_workshop_calendar_edit_changes_etag_sequence_but_not_uids(client, workshop):
    session = SessionFactory(workshop=workshop)
    first = client.get(_feed_url(workshop))

    session.starts_at += dt.timedelta(hours=1)
    services.session_save(session=session)
    response = client.get(_feed_url(workshop), HTTP_IF_NONE_MATCH=first["ETag"])

    assert response.status_code == 200
    assert response["ETag"] != first["ETag"]
    before = events_by_uid(parse_calendar(first.content))
    after = events_by_uid(parse_calendar(response.content))
    assert set(after) == set(before)
    assert (before[_uid(session)].sequence.value, after[_uid(session)].sequence.value) == (
        "0",
        "1",
    )


def test_workshop_calendar_deleting_a_session_changes_etag(client, workshop):
    SessionFactory(workshop=workshop)
    doomed = SessionFactory(workshop=workshop)
    first = client.get(_feed_url(workshop))

    doomed.delete()
    response = client.get(_feed_url(workshop), HTTP_IF_NONE_MATCH=first["ETag"])

    assert response.status_code == 200
    assert _uid(doomed) not in events_by_uid(parse_calendar(response.content))


def test_all_workshops_calendar_lists_public_workshops_only(client):
    published = WorkshopFactory()
    completed = WorkshopFactory(status=Workshop.Status.COMPLETED)
    WorkshopFactory(status=Workshop.Status.DRAFT)

    response = client.get(ALL_FEED)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert _workshop_uids(response) == {_uid(published), _uid(completed)}
    assert parse_calendar(response.content).contents["x-wr-calname"][0].value == "COP Workshops"


def test_all_workshops_calendar_never_has_a_join_link(client):
    workshop = WorkshopFactory(format=Workshop.Format.ONLINE, join_url="https://meet.example/j/2")
    SessionFactory(workshop=workshop)

    response = client.get(ALL_FEED)

    assert _uid(workshop) in _workshop_uids(response)
    assert b"meet.example" not in response.content
    assert b"CONFERENCE" not in response.content


def test_all_workshops_calendar_keeps_a_cancelled_workshop_for_a_while(client, settings):
    settings.CALENDAR_CANCELLED_RETENTION_DAYS = 90
    today = timezone.now().date()
    recent = WorkshopFactory(
        status=Workshop.Status.CANCELLED,
        start_date=today - dt.timedelta(days=80),
        end_date=today - dt.timedelta(days=80),
    )
    WorkshopFactory(
        status=Workshop.Status.CANCELLED,
        start_date=today - dt.timedelta(days=100),
        end_date=today - dt.timedelta(days=100),
    )
    old_session = SessionFactory(workshop=recent)

    events = events_by_uid(parse_calendar(client.get(ALL_FEED).content))

    assert set(events) == {_uid(recent), _uid(old_session)}
    assert events[_uid(recent)].status.value == "CANCELLED"
    assert events[_uid(old_session)].status.value == "CANCELLED"


def test_all_workshops_calendar_drops_long_cancelled_sessions(client, settings):
    settings.CALENDAR_CANCELLED_RETENTION_DAYS = 90
    workshop = WorkshopFactory(
        status=Workshop.Status.COMPLETED,
        start_date=dt.date(2014, 9, 22),
        end_date=dt.date(2014, 9, 24),
    )
    held = SessionFactory(workshop=workshop)
    SessionFactory(workshop=workshop, is_cancelled=True)

    events = events_by_uid(parse_calendar(client.get(ALL_FEED).content))

    assert set(events) == {_uid(workshop), _uid(held)}


def test_all_workshops_calendar_narrows_to_a_region(client):
    europe = RegionalOfficeFactory(
        slug="geneva", name="Geneva", region=Region.objects.get(slug="europe")
    )
    istanbul = WorkshopFactory(office=europe, time_zone="Europe/Istanbul")
    WorkshopFactory()  # Asia-Pacific

    response = client.get(ALL_FEED, {"region": "europe"})

    assert response.status_code == 200
    assert _workshop_uids(response) == {_uid(istanbul)}
    assert (
        parse_calendar(response.content).contents["x-wr-calname"][0].value
        == "COP Workshops: Europe"
    )


def test_all_workshops_calendar_unknown_region_is_404(client):
    assert client.get(ALL_FEED, {"region": "atlantis"}).status_code == 404


def test_all_workshops_calendar_etag_differs_per_region(client, workshop):
    everything = client.get(ALL_FEED)

    narrowed = client.get(ALL_FEED, {"region": "asia-pacific"})

    assert narrowed["ETag"] != everything["ETag"]


def test_all_workshops_calendar_answers_304_without_building(client, django_assert_num_queries):
    SessionFactory()
    first = client.get(ALL_FEED, {"region": "asia-pacific"})

    # The region, then one aggregate for workshops and one for sessions; no feed rows read.
    with django_assert_num_queries(3):
        response = client.get(
            ALL_FEED, {"region": "asia-pacific"}, HTTP_IF_NONE_MATCH=first["ETag"]
        )

    assert response.status_code == 304
    assert response.content == b""


def test_all_workshops_calendar_second_subscriber_gets_the_built_feed(
    client, django_assert_num_queries
):
    SessionFactory()
    first = client.get(ALL_FEED)

    # Only the two aggregates: the feed of this version was built for the first subscriber.
    with django_assert_num_queries(2):
        response = client.get(ALL_FEED)

    assert response.status_code == 200
    assert response.content == first.content


def test_all_workshops_calendar_new_workshop_changes_etag(client, workshop):
    first = client.get(ALL_FEED)

    WorkshopFactory()
    response = client.get(ALL_FEED, HTTP_IF_NONE_MATCH=first["ETag"])

    assert response.status_code == 200


def test_all_workshops_calendar_queries_do_not_grow(client, assert_queries_do_not_grow):
    time_zones = iter(["Pacific/Efate", "Africa/Cairo", "Europe/Istanbul"])

    def add_row():
        SessionFactory.create_batch(2, workshop=WorkshopFactory(time_zone=next(time_zones)))

    response = assert_queries_do_not_grow(lambda: client.get(ALL_FEED), add_row=add_row)

    assert len(parse_calendar(response.content).vevent_list) == 3 * 3


def test_workshop_detail_links_to_its_calendar(client, workshop):
    response = client.get(workshop.get_absolute_url())

    feed = f"127.0.0.1:8000/workshops/{workshop.slug}/calendar.ics"
    assert f'href="http://{feed}"' in response.text
    assert f'href="webcal://{feed}"' in response.text
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in response.text


def _session_title_in_feed(response, session) -> str:
    return str(events_by_uid(parse_calendar(response.content))[_uid(session)].summary.value)


def test_all_workshops_calendar_rebuilds_only_the_workshop_that_changed(
    client, django_assert_num_queries
):
    workshops = [SessionFactory().workshop for _ in range(3)]
    built = []

    def counting_build(workshop):
        built.append(workshop.pk)
        return calendar.public_workshop_events_ical(workshop)

    listed = calendar_selectors.workshop_list_calendar_entries()
    first = calendar_views.cached_public_events(listed, build=counting_build)
    services.workshop_update(workshop=workshops[1], fields={"title": "Renamed"})
    relisted = calendar_selectors.workshop_list_calendar_entries()
    # The changed workshop and its sessions are read, nothing else.
    with django_assert_num_queries(2):
        second = calendar_views.cached_public_events(relisted, build=counting_build)

    assert built == [entry.workshop_id for entry in listed] + [workshops[1].pk]
    assert (first[0], first[2]) == (second[0], second[2])
    assert b"Renamed" in second[1]
    assert b"Renamed" not in first[1]


def test_all_workshops_calendar_rebuild_after_one_change_queries_do_not_grow(
    client, assert_queries_do_not_grow
):
    """Rebuilt after one edit: the feed's aggregates, one query over every workshop, then the
    changed workshop and its sessions, however many workshops are kept."""
    workshops = []
    renames = iter(range(100))

    def add_row():
        workshops.append(SessionFactory().workshop)

    def rebuild_after_one_change():
        client.get(ALL_FEED)  # every workshop's events kept
        services.workshop_update(workshop=workshops[0], fields={"title": f"R{next(renames)}"})
        with CaptureQueriesContext(connection) as queries:
            response = client.get(ALL_FEED)
        return response, len(queries)

    one = rebuild_after_one_change
    add_row()
    _response, with_one = one()
    add_row()
    add_row()
    response, with_three = one()

    assert (with_one, with_three) == (5, 5)
    assert _workshop_uids(response) == {_uid(workshop) for workshop in workshops}


def test_all_workshops_calendar_from_kept_events_is_the_feed_built_cold(client):
    efate = SessionFactory().workshop
    cairo = SessionFactory(workshop=WorkshopFactory(time_zone="Africa/Cairo")).workshop
    client.get(ALL_FEED)
    client.get(ALL_FEED, {"lang": "fr"})

    services.workshop_update(workshop=cairo, fields={"title": "Cairo, renamed"})
    kept = [client.get(ALL_FEED).content, client.get(ALL_FEED, {"lang": "fr"}).content]
    cache.clear()
    cold = [client.get(ALL_FEED).content, client.get(ALL_FEED, {"lang": "fr"}).content]

    assert kept == cold
    assert _workshop_uids(client.get(ALL_FEED)) == {_uid(efate), _uid(cairo)}


def test_all_workshops_calendar_gets_the_zone_of_a_workshop_added_to_kept_ones(client):
    SessionFactory()
    first = parse_calendar(client.get(ALL_FEED).content)

    SessionFactory(workshop=WorkshopFactory(time_zone="Africa/Cairo"))
    second = parse_calendar(client.get(ALL_FEED).content)

    assert (vtimezone_ids(first), first.contents["x-wr-timezone"][0].value) == (
        {"Pacific/Efate"},
        "Pacific/Efate",
    )
    assert vtimezone_ids(second) == {"Pacific/Efate", "Africa/Cairo"}
    assert "x-wr-timezone" not in second.contents


def _last_zone_change_year(response) -> int:
    unfolded = response.content.replace(b"\r\n ", b"").decode()
    zone = unfolded[unfolded.index("BEGIN:VTIMEZONE") : unfolded.index("END:VTIMEZONE")]
    onsets = [
        onset
        for line in zone.splitlines()
        if line.startswith(("DTSTART", "RDATE"))
        for onset in line.split(":")[1].split(",")
    ]
    return max(int(onset[:4]) for onset in onsets)


def test_all_workshops_calendar_covers_the_year_a_session_moved_to(client):
    workshop = WorkshopFactory(time_zone="Europe/Berlin")
    session = SessionFactory(workshop=workshop)
    first_year = session.ends_at.year
    before = client.get(ALL_FEED)

    later = workshop.end_date.replace(year=workshop.end_date.year + 3)
    services.workshop_update(workshop=workshop, fields={"end_date": later})
    moved_to = session.starts_at.replace(year=later.year)
    services.session_update(
        session=session, fields={"starts_at": moved_to, "ends_at": moved_to + dt.timedelta(hours=1)}
    )
    after = client.get(ALL_FEED)

    # A year either side of the sessions' (the zone changes twice a year).
    assert _last_zone_change_year(before) == first_year + 1
    assert _last_zone_change_year(after) == later.year + 1


def test_all_workshops_calendar_shows_a_translated_title_on_the_next_request(client):
    # A French workshop: the feed in each workshop's own language falls back to English until
    # the French title is written.
    workshop = WorkshopFactory(languages=["fr"], title_en="Child online protection")
    session = SessionFactory(workshop=workshop, title_en="Opening")
    client.get(ALL_FEED)
    client.get(ALL_FEED, {"lang": "fr"})

    services.workshop_update(workshop=workshop, fields={"title_fr": "Protection en ligne"})
    services.session_update(session=session, fields={"title_fr": "Ouverture"})
    own = client.get(ALL_FEED)
    french = client.get(ALL_FEED, {"lang": "fr"})

    assert _session_title_in_feed(own, session) == "Ouverture (Protection en ligne)"
    assert _session_title_in_feed(french, session) == "Ouverture (Protection en ligne)"


def test_all_workshops_calendar_drops_an_unpublished_workshop_on_the_next_request(client):
    kept = SessionFactory().workshop
    doomed = SessionFactory().workshop
    client.get(ALL_FEED)

    doomed.status = Workshop.Status.DRAFT
    services.workshop_save(workshop=doomed)
    response = client.get(ALL_FEED)

    assert _workshop_uids(response) == {_uid(kept)}
    assert f"session-{doomed.sessions.get().pk}@".encode() not in response.content


def test_all_workshops_calendar_shows_a_workshop_edit_on_the_next_request(client, workshop):
    session = SessionFactory(workshop=workshop)
    client.get(ALL_FEED)

    services.workshop_update(workshop=workshop, fields={"title": "Port Vila, renamed"})
    response = client.get(ALL_FEED)

    assert _session_title_in_feed(response, session) == f"{session.title} (Port Vila, renamed)"


def test_all_workshops_calendar_shows_a_cancelled_workshop_on_the_next_request(client, workshop):
    session = SessionFactory(workshop=workshop)
    client.get(ALL_FEED)

    workshop.status = Workshop.Status.CANCELLED
    services.workshop_save(workshop=workshop)
    response = client.get(ALL_FEED)

    events = events_by_uid(parse_calendar(response.content))
    assert (events[_uid(workshop)].status.value, events[_uid(session)].status.value) == (
        "CANCELLED",
        "CANCELLED",
    )


def test_all_workshops_calendar_shows_a_moved_session_on_the_next_request(client, workshop):
    session = SessionFactory(workshop=workshop)
    client.get(ALL_FEED)

    moved_to = session.starts_at + dt.timedelta(hours=2)
    services.session_update(
        session=session, fields={"starts_at": moved_to, "ends_at": moved_to + dt.timedelta(hours=1)}
    )
    response = client.get(ALL_FEED)

    event = events_by_uid(parse_calendar(response.content))[_uid(session)]
    assert in_utc(event.dtstart.value) == moved_to.astimezone(dt.UTC)


def test_all_workshops_calendar_shows_a_deleted_session_gone_on_the_next_request(client, workshop):
    kept = SessionFactory(workshop=workshop)
    doomed = SessionFactory(workshop=workshop)
    client.get(ALL_FEED)

    services.session_delete(session=doomed)
    response = client.get(ALL_FEED)

    assert set(events_by_uid(parse_calendar(response.content))) == {_uid(workshop), _uid(kept)}


def test_feed_requested_while_another_request_builds_it_waits_for_that_build():
    """A second request for the same version does not build it again: it waits for the first
    one's result (here the first holds the lock and finishes after 0.2 s)."""
    etag = "same-version"
    cache.add(f"calendar-feed:{etag}:building", "1", timeout=60)
    built = []
    answers = []

    def second_request():
        answers.append(calendar_views._built_once(etag, lambda: built.append(1) or b"again"))

    waiter = threading.Thread(target=second_request)
    waiter.start()
    time.sleep(0.2)
    cache.set(f"calendar-feed:{etag}", b"built by the first")
    cache.delete(f"calendar-feed:{etag}:building")
    waiter.join(timeout=5)

    assert (answers, built) == ([b"built by the first"], [])


def test_feed_whose_builder_died_is_built_by_the_next_request():
    etag = "abandoned"
    cache.add(f"calendar-feed:{etag}:building", "1", timeout=0.1)

    content = calendar_views._built_once(etag, lambda: b"built here")

    assert (content, cache.get(f"calendar-feed:{etag}")) == (b"built here", None)


def _entry(workshop_id: int) -> calendar_selectors.FeedEntry:
    return calendar_selectors.FeedEntry(
        workshop_id=workshop_id,
        languages=[],
        time_zone="UTC",
        revision=(),
        first_year=None,
        last_year=None,
    )


def test_feed_runs_end_after_ids_divisible_by_32_so_an_insertion_changes_one_run():
    ids = [5, 64, 7, 96, 3]
    with_one_more = [5, 64, 7, 11, 96, 3]

    def runs(workshop_ids):
        entries = [_entry(workshop_id) for workshop_id in workshop_ids]
        return [
            [entries[index].workshop_id for index in run]
            for run in calendar_views.feed_runs(entries)
        ]

    assert runs(ids) == [[5, 64], [7, 96], [3]]
    assert runs(with_one_more) == [[5, 64], [7, 11, 96], [3]]
    assert runs([]) == []


def test_cached_public_events_reads_only_the_workshops_it_builds():
    kept = [SessionFactory().workshop for _ in range(3)]
    calendar_views.cached_public_events(calendar_selectors.workshop_list_calendar_entries())
    added = SessionFactory().workshop
    (entry,) = [
        entry
        for entry in calendar_selectors.workshop_list_calendar_entries()
        if entry.workshop_id == added.pk
    ]

    with CaptureQueriesContext(connection) as queries:
        (events,) = calendar_views.cached_public_events([entry])

    (read_sessions,) = [
        q["sql"] for q in queries.captured_queries if "workshops_session" in q["sql"]
    ]
    assert f'"workshops_session"."workshop_id" IN ({added.pk})' in read_sessions
    assert f"workshop-{added.pk}@".encode() in events
    assert all(f"workshop-{workshop.pk}@".encode() not in events for workshop in kept)
