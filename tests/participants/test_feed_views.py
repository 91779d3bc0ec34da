import pytest
from django.urls import reverse
from django.utils import timezone

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
    return reverse("me:calendar", kwargs={"token": registration.token})


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
