import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants.models import Registration
from participants.selectors import (
    find_participant_by_email,
    registration_count_live,
    registration_waitlist_position,
    workshop_seats_left,
)
from tests.factories import RegistrationFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def test_waitlist_position_follows_registration_order():
    workshop = WorkshopFactory(capacity=0)
    waiting = RegistrationFactory.create_batch(
        3, workshop=workshop, status=Registration.Status.WAITLISTED
    )
    RegistrationFactory(workshop=workshop, status=Registration.Status.CANCELLED)

    assert [registration_waitlist_position(registration=r) for r in waiting] == [1, 2, 3]


def test_seats_left_is_none_without_a_limit_and_never_negative():
    unlimited = WorkshopFactory(capacity=None)
    overfull = WorkshopFactory(capacity=1)
    RegistrationFactory.create_batch(2, workshop=overfull)

    assert (workshop_seats_left(workshop=unlimited), workshop_seats_left(workshop=overfull)) == (
        None,
        0,
    )


def test_registration_count_live_counts_pending_confirmed_and_waitlisted_only(workshop):
    for status in ("pending", "confirmed", "waitlisted", "cancelled", "declined"):
        RegistrationFactory(workshop=workshop, status=status)
    RegistrationFactory(status="confirmed")  # another workshop

    assert registration_count_live(workshop=workshop) == 3


def test_a_person_is_found_by_their_address_in_any_case_through_the_unique_index():
    person = RegistrationFactory(participant__email="Ana.Lima@Example.org").participant

    with CaptureQueriesContext(connection) as queries:
        found = find_participant_by_email(email="  ana.lima@EXAMPLE.ORG ")

    assert found == person
    assert find_participant_by_email(email="ana.lima@example.com") is None
    # Compared as the unique constraint compares (LOWER), so PostgreSQL can use its index.
    [query] = queries.captured_queries
    assert 'LOWER("participants_participant"."email")' in query["sql"]
