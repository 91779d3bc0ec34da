"""Attendance services: check-in, undo, statuses, walk-ins, eligibility overrides."""

import pytest

from attendance.models import Attendance
from attendance.selectors import attendance_summary
from attendance.services import (
    AttendanceError,
    attendance_check_in,
    attendance_set_status,
    attendance_undo,
    registration_set_eligibility_override,
    walk_in_check_in,
)
from participants.models import Participant, Registration
from tests.factories import (
    AttendanceFactory,
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(workshop):
    return SessionFactory(workshop=workshop)


def test_attendance_check_in_marks_present_once(workshop, session):
    registration = RegistrationFactory(workshop=workshop)
    user = UserFactory()

    first = attendance_check_in(registration=registration, session=session, by=user)
    second = attendance_check_in(registration=registration, session=session, by=user)

    assert (first[1], second[1]) == (True, False)
    attendance = Attendance.objects.get()
    assert (attendance.status, attendance.method, attendance.recorded_by) == (
        "present",
        "door",
        user,
    )


def test_attendance_check_in_refuses_a_cancelled_registration(workshop, session):
    registration = RegistrationFactory(workshop=workshop, status=Registration.Status.CANCELLED)

    with pytest.raises(AttendanceError, match="cancelled"):
        attendance_check_in(registration=registration, session=session, by=None)
    assert Attendance.objects.count() == 0


def test_attendance_check_in_refuses_another_workshops_session(workshop):
    registration = RegistrationFactory(workshop=workshop)
    elsewhere = SessionFactory()

    with pytest.raises(AttendanceError, match="another workshop"):
        attendance_check_in(registration=registration, session=elsewhere, by=None)


def test_attendance_undo_removes_the_record_and_keeps_history(workshop, session):
    attendance = AttendanceFactory(registration__workshop=workshop, session=session)

    removed = attendance_undo(registration=attendance.registration, session=session)

    assert removed is True
    assert Attendance.objects.count() == 0
    assert Attendance.history.filter(history_type="-").count() == 1


def test_attendance_set_status_late_then_unchanged(workshop, session):
    registration = RegistrationFactory(workshop=workshop)

    changed = attendance_set_status(
        registration=registration, session=session, status="late", by=None
    )
    again = attendance_set_status(
        registration=registration, session=session, status="late", by=None
    )

    assert (changed, again) == (True, False)
    assert Attendance.objects.get().status == "late"


def test_attendance_set_status_rejects_unknown_status(workshop, session):
    registration = RegistrationFactory(workshop=workshop)

    with pytest.raises(AttendanceError, match="Unknown attendance status"):
        attendance_set_status(registration=registration, session=session, status="asleep", by=None)


def test_walk_in_check_in_registers_confirms_and_checks_in(workshop, session):
    attendance = walk_in_check_in(
        workshop=workshop,
        session=session,
        full_name="Сергій Бондаренко",
        email="serhii@example.ua",
        organisation="ONAT",
        by=None,
    )

    participant = Participant.objects.get()
    assert participant.search_text.startswith("сергіи бондаренко serhii@example.ua")
    assert (attendance.registration.status, attendance.registration.source) == (
        "confirmed",
        "walk_in",
    )
    assert attendance.method == "walk_in"


def test_walk_in_check_in_reuses_a_waitlisted_registration(workshop, session):
    registration = RegistrationFactory(
        workshop=workshop, status=Registration.Status.WAITLISTED, participant__email="a@example.org"
    )

    walk_in_check_in(
        workshop=workshop, session=session, full_name="A", email="A@EXAMPLE.ORG", by=None
    )

    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert Registration.objects.count() == 1


def test_walk_in_check_in_bad_email_saves_nothing(workshop, session):
    with pytest.raises(AttendanceError):
        walk_in_check_in(
            workshop=workshop, session=session, full_name="A", email="not-an-email", by=None
        )
    assert Participant.objects.count() == 0


def test_walk_in_check_in_keeps_a_known_person_as_stored(workshop, session):
    known = ParticipantFactory(email="a@example.org", full_name="Stored", organisation="Ours")

    walk_in_check_in(
        workshop=workshop,
        session=session,
        full_name="Typed",
        email="A@example.org",
        organisation="Theirs",
        by=None,
    )

    known.refresh_from_db()
    assert (known.full_name, known.email, known.organisation) == ("Stored", "a@example.org", "Ours")
    assert known.registrations.get().workshop == workshop


@pytest.mark.parametrize("email", ["known@example.org", "unknown@example.org"])
def test_walk_in_check_in_checks_details_alike_for_known_and_unknown_addresses(
    workshop, session, email
):
    ParticipantFactory(email="known@example.org")

    with pytest.raises(AttendanceError, match="at most 200 characters"):
        walk_in_check_in(
            workshop=workshop, session=session, full_name="x" * 201, email=email, by=None
        )
    assert Registration.objects.count() == 0


def test_registration_set_eligibility_override_needs_a_reason(workshop):
    registration = RegistrationFactory(workshop=workshop)

    with pytest.raises(AttendanceError, match="reason"):
        registration_set_eligibility_override(
            registration=registration, eligible=True, reason=" ", by=None
        )


def test_registration_set_eligibility_override_decides_and_is_kept(workshop):
    registration = RegistrationFactory(workshop=workshop)
    user = UserFactory()

    registration_set_eligibility_override(
        registration=registration, eligible=True, reason="Medical certificate", by=user
    )
    registration_set_eligibility_override(
        registration=registration, eligible=None, reason="", by=user
    )

    reasons = list(
        registration.history.exclude(eligibility_override_reason="").values_list(
            "eligibility_override_reason", flat=True
        )
    )
    assert reasons == ["Medical certificate"]
    assert attendance_summary(registration=registration).override is None
