import re
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone

from overview import me_urls
from participants.models import Registration
from tests.calendar_parsing import events_by_uid, parse_calendar
from tests.factories import (
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
)
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

JOIN_URL = "https://meet.example/j/secret"


def _feed_url(registration) -> str:
    return reverse("me:calendar", kwargs={"token": registration.feed_token})


def _uid(obj) -> str:
    return f"{type(obj).__name__.lower()}-{obj.pk}@127.0.0.1"


@pytest.fixture
def online_workshop():
    workshop = WorkshopFactory(format=Workshop.Format.ONLINE, join_url=JOIN_URL)
    SessionFactory(workshop=workshop)
    return workshop


def test_personal_calendar_shows_every_live_registration_of_the_person(client, online_workshop):
    person = ParticipantFactory()
    first = RegistrationFactory(participant=person, workshop=online_workshop)
    second = RegistrationFactory(participant=person, status=Registration.Status.WAITLISTED)
    session = online_workshop.sessions.get()

    response = client.get(_feed_url(first))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = events_by_uid(parse_calendar(response.content))
    assert set(events) == {_uid(online_workshop), _uid(session), _uid(second.workshop)}
    assert events[_uid(session)].conference.value == JOIN_URL
    assert "private" in response["Cache-Control"]


def test_personal_calendar_is_the_same_from_any_of_the_persons_links(client):
    person = ParticipantFactory()
    first = RegistrationFactory(participant=person)
    second = RegistrationFactory(participant=person)

    assert client.get(_feed_url(first)).content == client.get(_feed_url(second)).content


def test_personal_calendar_leaves_out_other_peoples_workshops(client, online_workshop):
    mine = RegistrationFactory()
    RegistrationFactory(workshop=online_workshop)  # someone else's

    response = client.get(_feed_url(mine))

    assert set(events_by_uid(parse_calendar(response.content))) == {_uid(mine.workshop)}
    assert JOIN_URL.encode() not in response.content


def test_personal_calendar_drops_a_cancelled_registration(client):
    kept = RegistrationFactory()
    cancelled = RegistrationFactory(participant=kept.participant)
    first = client.get(_feed_url(kept))

    cancelled.status = Registration.Status.CANCELLED
    cancelled.save()
    response = client.get(_feed_url(kept), HTTP_IF_NONE_MATCH=first["ETag"])

    assert response.status_code == 200
    assert set(events_by_uid(parse_calendar(response.content))) == {_uid(kept.workshop)}


def test_personal_calendar_keeps_a_cancelled_workshop_marked_cancelled(client):
    registration = RegistrationFactory(workshop=WorkshopFactory(status=Workshop.Status.CANCELLED))

    events = events_by_uid(parse_calendar(client.get(_feed_url(registration)).content))

    assert events[_uid(registration.workshop)].status.value == "CANCELLED"


def test_personal_calendar_never_shows_a_draft(client):
    registration = RegistrationFactory(workshop=WorkshopFactory(status=Workshop.Status.DRAFT))

    response = client.get(_feed_url(registration))

    assert response.status_code == 200
    assert events_by_uid(parse_calendar(response.content)) == {}


def test_personal_calendar_unknown_token_is_404(client):
    RegistrationFactory()

    response = client.get(reverse("me:calendar", kwargs={"token": "x" * 43}))

    assert response.status_code == 404


def test_personal_calendar_of_an_anonymised_person_is_404(client):
    registration = RegistrationFactory(participant=ParticipantFactory(anonymised_at=timezone.now()))

    assert client.get(_feed_url(registration)).status_code == 404


def test_personal_calendar_answers_304_without_building(client, django_assert_num_queries):
    registration = RegistrationFactory()
    SessionFactory(workshop=registration.workshop)
    first = client.get(_feed_url(registration))

    # The person, then one aggregate over registrations and one over sessions.
    with django_assert_num_queries(3):
        response = client.get(_feed_url(registration), HTTP_IF_NONE_MATCH=first["ETag"])

    assert response.status_code == 304
    assert response.content == b""


def test_personal_calendar_queries_do_not_grow(client, assert_queries_do_not_grow):
    person = ParticipantFactory()
    registrations = []

    def add_row():
        registrations.append(RegistrationFactory(participant=person))
        SessionFactory.create_batch(2, workshop=registrations[-1].workshop)

    response = assert_queries_do_not_grow(
        lambda: client.get(_feed_url(registrations[0])), add_row=add_row
    )

    assert len(parse_calendar(response.content).vevent_list) == 3 * 3


# --- the feed key: its own key, opening the feed and nothing else ------------------------------

OTHER_PERSONAL_PAGES = [
    pattern.name for pattern in me_urls.urlpatterns if pattern.name != "calendar"
]


def test_personal_calendar_refuses_the_personal_key(client, online_workshop):
    registration = RegistrationFactory(workshop=online_workshop)

    response = client.get(reverse("me:calendar", kwargs={"token": registration.token}))

    assert response.status_code == 404
    assert JOIN_URL.encode() not in response.content


@pytest.mark.parametrize("name", OTHER_PERSONAL_PAGES)
def test_feed_key_opens_no_other_personal_page(client, name):
    registration = RegistrationFactory()
    before = Registration.objects.values().get(pk=registration.pk)
    url = reverse(f"me:{name}", kwargs={"token": registration.feed_token})

    got = client.get(url)
    posted = client.post(url)

    # A page that takes only POST (or only GET) refuses the other method before looking at
    # the key; the method it takes answers 404.
    assert {got.status_code, posted.status_code} in ({404}, {404, 405})
    assert Registration.objects.values().get(pk=registration.pk) == before


def test_new_calendar_link_replaces_the_feed_key_only(client, online_workshop):
    registration = RegistrationFactory(workshop=online_workshop)
    old_feed_url = _feed_url(registration)

    response = client.post(reverse("me:new_calendar_link", kwargs={"token": registration.token}))
    page = client.get(response.url).text

    renewed = Registration.objects.get(pk=registration.pk)
    assert (response.status_code, response.url) == (302, f"/me/{registration.token}/")
    assert renewed.feed_token != registration.feed_token
    assert renewed.token == registration.token
    assert "the old one no longer works" in page
    assert f"/me/{renewed.feed_token}/calendar.ics" in page
    assert client.get(old_feed_url).status_code == 404
    assert JOIN_URL.encode() in client.get(_feed_url(renewed)).content


def test_new_calendar_link_needs_post(client):
    registration = RegistrationFactory()

    response = client.get(reverse("me:new_calendar_link", kwargs={"token": registration.token}))

    assert response.status_code == 405
    assert Registration.objects.get(pk=registration.pk).feed_token == registration.feed_token


def test_calendar_links_on_the_personal_page_carry_the_feed_key_never_the_personal_key(client):
    registration = RegistrationFactory()

    page = client.get(reverse("me:page", kwargs={"token": registration.token})).text

    section = page[page.index('class="calendar-links"') :]
    section = section[: section.index("</section>")]
    hrefs = re.findall(r'href="([^"]+)"', section)
    google = next(href for href in hrefs if href.startswith("https://calendar.google.com/"))
    assert len(hrefs) == 3
    assert [registration.token in unquote(href) for href in hrefs] == [False] * 3
    assert [registration.feed_token in unquote(href) for href in hrefs] == [True] * 3
    assert registration.feed_token in unquote(google)


def test_feed_keys_are_long_unguessable_and_not_the_personal_key():
    registrations = RegistrationFactory.create_batch(20)

    feed_tokens = {registration.feed_token for registration in registrations}
    personal_tokens = {registration.token for registration in registrations}

    assert len(feed_tokens) == 20
    assert min(len(token) for token in feed_tokens) >= 43
    assert feed_tokens & personal_tokens == set()


# --- join links: only for a confirmed seat ------------------------------------------------------


@pytest.mark.parametrize("status", [Registration.Status.PENDING, Registration.Status.WAITLISTED])
def test_personal_calendar_gives_no_join_link_before_the_seat_is_confirmed(
    client, online_workshop, status
):
    registration = RegistrationFactory(workshop=online_workshop, status=status)

    response = client.get(_feed_url(registration))

    events = events_by_uid(parse_calendar(response.content))
    assert set(events) == {_uid(online_workshop), _uid(online_workshop.sessions.get())}
    assert JOIN_URL.encode() not in response.content
    assert b"CONFERENCE" not in response.content


def test_personal_calendar_gives_the_join_link_with_a_confirmed_seat_only(client, online_workshop):
    person = ParticipantFactory()
    confirmed = RegistrationFactory(participant=person, workshop=online_workshop)
    other_join_url = "https://meet.example/j/waiting"
    RegistrationFactory(
        participant=person,
        status=Registration.Status.WAITLISTED,
        workshop=WorkshopFactory(format=Workshop.Format.ONLINE, join_url=other_join_url),
    )

    response = client.get(_feed_url(confirmed))

    events = events_by_uid(parse_calendar(response.content))
    assert events[_uid(online_workshop)].conference.value == JOIN_URL
    assert events[_uid(online_workshop.sessions.get())].conference.value == JOIN_URL
    assert other_join_url.encode() not in response.content
