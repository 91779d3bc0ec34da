"""The registration window of a workshop."""

import datetime as dt

import pytest

from tests.factories import WorkshopFactory
from workshops.selectors import RegistrationWindow, workshop_registration_window

pytestmark = pytest.mark.django_db


def test_registration_window_is_open_for_the_factory_workshop():
    assert workshop_registration_window(workshop=WorkshopFactory()) == RegistrationWindow.OPEN


def test_registration_window_closes_at_its_closing_time():
    workshop = WorkshopFactory()

    at_close = workshop_registration_window(workshop=workshop, now=workshop.registration_closes_at)
    just_before = workshop_registration_window(
        workshop=workshop, now=workshop.registration_closes_at - dt.timedelta(seconds=1)
    )

    assert (just_before, at_close) == (RegistrationWindow.OPEN, RegistrationWindow.CLOSED)
