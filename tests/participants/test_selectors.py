import pytest

from participants.models import Registration
from participants.selectors import (
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
