import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from attendance.models import Attendance
from offices.models import StaffMembership
from tests.factories import (
    AttendanceFactory,
    RegistrationFactory,
    SessionFactory,
    StaffMembershipFactory,
    WorkshopFactory,
)
from workshops.models import Workshop


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def past_workshop(office) -> Workshop:
    """A completed workshop with two sessions held, signatory set."""
    workshop = WorkshopFactory(
        office=office,
        slug="port-vila-test",
        start_date=timezone.now().date() - dt.timedelta(days=20),
        status=Workshop.Status.COMPLETED,
        signatory_name="Regional Director",
        signatory_title="Regional Office, Bangkok",
        min_attendance_percent=50,
    )
    opening = SessionFactory(workshop=workshop, title="Opening")  # 3 hours
    next_day = opening.starts_at + dt.timedelta(days=1)
    SessionFactory(
        workshop=workshop,
        title="Closing",
        starts_at=next_day,
        ends_at=next_day + dt.timedelta(hours=2, minutes=30),
    )
    return workshop


def attend_all(registration) -> None:
    for session in registration.workshop.sessions.all():
        AttendanceFactory(
            registration=registration, session=session, status=Attendance.Status.PRESENT
        )


@pytest.fixture
def make_attendee(past_workshop):
    """A confirmed registration that attended every session (so it qualifies)."""

    def make(**participant):
        registration = RegistrationFactory(
            workshop=past_workshop,
            **{f"participant__{key}": value for key, value in participant.items()},
        )
        attend_all(registration)
        return registration

    return make


@pytest.fixture
def staff_user(office):
    return StaffMembershipFactory(office=office, role=StaffMembership.Role.OFFICE_STAFF).user


@pytest.fixture
def viewer_user(office):
    return StaffMembershipFactory(office=office, role=StaffMembership.Role.OFFICE_VIEWER).user
