import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import SessionFactory, WorkshopFactory, WorkshopPartnerFactory
from workshops.models import Session, Workshop

pytestmark = pytest.mark.django_db

EFATE = zoneinfo.ZoneInfo("Pacific/Efate")


def test_workshop_full_clean_rejects_unknown_time_zone(workshop):
    workshop.time_zone = "Pacific/Atlantis"

    with pytest.raises(ValidationError) as excinfo:
        workshop.full_clean()

    assert "time_zone" in excinfo.value.message_dict
    assert "not a known IANA time zone" in excinfo.value.message_dict["time_zone"][0]


def test_workshop_full_clean_rejects_end_before_start(workshop):
    workshop.end_date = workshop.start_date - dt.timedelta(days=1)

    with pytest.raises(ValidationError) as excinfo:
        workshop.full_clean()

    assert excinfo.value.messages == ["The last day cannot be before the first day."]


def test_workshop_database_rejects_end_before_start(workshop):
    with pytest.raises(IntegrityError), transaction.atomic():
        Workshop.objects.filter(pk=workshop.pk).update(
            end_date=workshop.start_date - dt.timedelta(days=1)
        )


def test_workshop_full_clean_rejects_negative_capacity(workshop):
    workshop.capacity = -1

    with pytest.raises(ValidationError) as excinfo:
        workshop.full_clean()

    assert list(excinfo.value.message_dict) == ["capacity"]


def test_workshop_database_rejects_negative_capacity(workshop):
    with pytest.raises(IntegrityError), transaction.atomic():
        Workshop.objects.filter(pk=workshop.pk).update(capacity=-5)


def test_workshop_full_clean_rejects_duplicate_slug(workshop):
    twin = WorkshopFactory.build(slug=workshop.slug, office=workshop.office)

    with pytest.raises(ValidationError) as excinfo:
        twin.full_clean()

    assert list(excinfo.value.message_dict) == ["slug"]


def test_workshop_database_rejects_duplicate_slug(workshop):
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkshopFactory(slug=workshop.slug, office=workshop.office)


def test_workshop_online_format_needs_join_url(workshop):
    workshop.format = Workshop.Format.ONLINE
    workshop.join_url = ""

    with pytest.raises(ValidationError) as excinfo:
        workshop.full_clean()

    assert excinfo.value.message_dict["join_url"] == [
        "An online or hybrid workshop needs a join link."
    ]


def test_workshop_rejects_language_outside_the_six(workshop):
    workshop.languages = ["en", "de"]

    with pytest.raises(ValidationError) as excinfo:
        workshop.full_clean()

    assert excinfo.value.message_dict["languages"] == ["Unknown language codes: de."]


def test_workshop_rejects_attendance_rule_above_100(workshop):
    workshop.min_attendance_percent = 120

    with pytest.raises(ValidationError) as excinfo:
        workshop.full_clean()

    assert "min_attendance_percent" in excinfo.value.message_dict


def test_workshop_rejects_registration_closing_before_opening(workshop):
    workshop.registration_closes_at = workshop.registration_opens_at - dt.timedelta(hours=1)

    with pytest.raises(ValidationError) as excinfo:
        workshop.full_clean()

    assert excinfo.value.messages == ["Registration must close after it opens."]


def test_session_inside_workshop_dates_in_local_time_is_valid():
    workshop = WorkshopFactory(
        start_date=dt.date(2014, 9, 22), end_date=dt.date(2014, 9, 24), time_zone="Pacific/Efate"
    )
    # 08:00 on 22 September in Port Vila is still 21 September in UTC.
    session = Session(
        workshop=workshop,
        title="Opening",
        starts_at=dt.datetime(2014, 9, 22, 8, 0, tzinfo=EFATE),
        ends_at=dt.datetime(2014, 9, 22, 10, 0, tzinfo=EFATE),
    )

    session.full_clean()

    assert session.starts_at.astimezone(dt.UTC).date() == dt.date(2014, 9, 21)


def test_session_before_workshop_first_day_is_rejected():
    workshop = WorkshopFactory(
        start_date=dt.date(2014, 9, 22), end_date=dt.date(2014, 9, 24), time_zone="Pacific/Efate"
    )
    session = Session(
        workshop=workshop,
        title="Too early",
        starts_at=dt.datetime(2014, 9, 21, 23, 0, tzinfo=EFATE),
        ends_at=dt.datetime(2014, 9, 22, 1, 0, tzinfo=EFATE),
    )

    with pytest.raises(ValidationError) as excinfo:
        session.full_clean()

    assert excinfo.value.messages == [
        "The session must fall within the workshop's dates, 2014-09-22 to 2014-09-24 "
        "(Pacific/Efate time)."
    ]


def test_session_after_workshop_last_day_is_rejected():
    workshop = WorkshopFactory(
        start_date=dt.date(2014, 9, 22), end_date=dt.date(2014, 9, 24), time_zone="Pacific/Efate"
    )
    session = Session(
        workshop=workshop,
        title="Too late",
        starts_at=dt.datetime(2014, 9, 25, 9, 0, tzinfo=EFATE),
        ends_at=dt.datetime(2014, 9, 25, 10, 0, tzinfo=EFATE),
    )

    with pytest.raises(ValidationError):
        session.full_clean()


def test_session_ending_at_midnight_of_last_day_is_valid():
    workshop = WorkshopFactory(
        start_date=dt.date(2014, 9, 22), end_date=dt.date(2014, 9, 22), time_zone="Pacific/Efate"
    )
    session = Session(
        workshop=workshop,
        title="Evening",
        starts_at=dt.datetime(2014, 9, 22, 20, 0, tzinfo=EFATE),
        ends_at=dt.datetime(2014, 9, 23, 0, 0, tzinfo=EFATE),
    )

    session.full_clean()


def test_session_end_before_start_is_rejected(workshop):
    session = SessionFactory.build(workshop=workshop)
    session.ends_at = session.starts_at - dt.timedelta(minutes=1)

    with pytest.raises(ValidationError) as excinfo:
        session.full_clean()

    assert "A session must end after it starts." in excinfo.value.messages


def test_session_database_rejects_end_before_start(workshop):
    session = SessionFactory(workshop=workshop)

    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(ends_at=session.starts_at)


def test_workshop_partner_role_is_unique_per_workshop():
    link = WorkshopPartnerFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        WorkshopPartnerFactory(workshop=link.workshop, partner=link.partner, role=link.role)


def test_workshop_is_public_for_every_status_but_draft(workshop):
    public = {}
    for status in Workshop.Status:
        workshop.status = status
        public[status.value] = workshop.is_public

    assert public == {"draft": False, "published": True, "cancelled": True, "completed": True}
