import datetime as dt

import pytest

from tests.factories import SessionFactory, WorkshopFactory
from workshops import services
from workshops.models import Session, Workshop

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Renamed"),
        ("venue", "Convention centre"),
        ("city", "Luganville"),
        ("country", "FJ"),
        ("status", Workshop.Status.CANCELLED),
        ("end_date", "later"),
    ],
)
def test_workshop_save_bumps_sequence_when_a_shown_field_changes(field, value):
    workshop = WorkshopFactory()
    if value == "later":
        value = workshop.end_date + dt.timedelta(days=1)
    setattr(workshop, field, value)

    services.workshop_save(workshop=workshop)

    assert Workshop.objects.get(pk=workshop.pk).sequence == 1


def test_workshop_save_keeps_sequence_when_nothing_shown_changes():
    workshop = WorkshopFactory()
    workshop.capacity = 40
    workshop.signatory_name = "Director"

    services.workshop_save(workshop=workshop)

    assert Workshop.objects.get(pk=workshop.pk).sequence == 0


def test_workshop_save_never_lowers_a_sequence_raised_meanwhile():
    workshop = WorkshopFactory()
    stale_copy = Workshop.objects.get(pk=workshop.pk)
    workshop.title = "First edit"
    services.workshop_save(workshop=workshop)

    stale_copy.venue = "Second edit"
    services.workshop_save(workshop=stale_copy)

    assert Workshop.objects.get(pk=workshop.pk).sequence == 2


def test_workshop_save_new_workshop_starts_at_zero():
    workshop = WorkshopFactory.build(office=WorkshopFactory().office, slug="brand-new")

    services.workshop_save(workshop=workshop)

    assert Workshop.objects.get(slug="brand-new").sequence == 0


def test_workshop_save_stamps_and_clears_cancelled_at():
    workshop = WorkshopFactory()
    workshop.status = Workshop.Status.CANCELLED
    services.workshop_save(workshop=workshop)
    assert Workshop.objects.get(pk=workshop.pk).cancelled_at is not None

    workshop.status = Workshop.Status.PUBLISHED
    services.workshop_save(workshop=workshop)

    assert Workshop.objects.get(pk=workshop.pk).cancelled_at is None


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "Keynote"), ("room", "Hall B"), ("is_cancelled", True), ("starts_at", "earlier")],
)
def test_session_save_bumps_sequence_when_a_shown_field_changes(field, value):
    session = SessionFactory()
    if value == "earlier":
        value = session.starts_at - dt.timedelta(hours=1)
    setattr(session, field, value)

    services.session_save(session=session)

    assert Session.objects.get(pk=session.pk).sequence == 1


def test_session_save_keeps_sequence_when_nothing_shown_changes():
    session = SessionFactory()
    session.is_mandatory = True

    services.session_save(session=session)

    assert Session.objects.get(pk=session.pk).sequence == 0
