"""Attendance summaries: the attendance rule, overrides, sessions held."""

import datetime as dt

import pytest
from django.utils import timezone

from attendance.models import Attendance
from attendance.selectors import attendance_summaries, attendance_summary
from tests.factories import AttendanceFactory, RegistrationFactory, SessionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_workshop():
    start = timezone.now().date() - dt.timedelta(days=10)
    return WorkshopFactory(start_date=start, end_date=start + dt.timedelta(days=2))


def _sessions(workshop, count, **kwargs):
    return [
        SessionFactory(
            workshop=workshop,
            starts_at=timezone.make_aware(
                dt.datetime.combine(workshop.start_date, dt.time(8 + 2 * n)), workshop.zone
            ),
            ends_at=timezone.make_aware(
                dt.datetime.combine(workshop.start_date, dt.time(9 + 2 * n)), workshop.zone
            ),
            **kwargs,
        )
        for n in range(count)
    ]


def test_summary_meets_rule_at_exactly_the_threshold(past_workshop):
    sessions = _sessions(past_workshop, 5)
    registration = RegistrationFactory(workshop=past_workshop)
    for session in sessions[:4]:
        AttendanceFactory(registration=registration, session=session)

    summary = attendance_summary(registration=registration)

    assert (summary.sessions_attended, summary.sessions_held, summary.percent) == (4, 5, 80)
    assert summary.meets_rule is True
    assert summary.eligible is True


def test_summary_below_threshold_is_not_eligible(past_workshop):
    sessions = _sessions(past_workshop, 5)
    registration = RegistrationFactory(workshop=past_workshop)
    for session in sessions[:3]:
        AttendanceFactory(registration=registration, session=session)

    assert attendance_summary(registration=registration).eligible is False


def test_late_counts_as_attended_but_excused_and_absent_do_not(past_workshop):
    sessions = _sessions(past_workshop, 4)
    registration = RegistrationFactory(workshop=past_workshop)
    statuses = [
        Attendance.Status.LATE,
        Attendance.Status.PRESENT,
        Attendance.Status.EXCUSED,
        Attendance.Status.ABSENT,
    ]
    for session, status in zip(sessions, statuses, strict=True):
        AttendanceFactory(registration=registration, session=session, status=status)

    assert attendance_summary(registration=registration).sessions_attended == 2


def test_missing_a_mandatory_session_fails_the_rule_whatever_the_share(past_workshop):
    mandatory, *others = _sessions(past_workshop, 5)
    mandatory.is_mandatory = True
    mandatory.save()
    registration = RegistrationFactory(workshop=past_workshop)
    for session in others:
        AttendanceFactory(registration=registration, session=session)

    summary = attendance_summary(registration=registration)

    assert summary.percent == 80
    assert summary.missed_mandatory == (mandatory.title,)
    assert summary.meets_rule is False


def test_cancelled_and_future_sessions_are_not_held(past_workshop):
    held = _sessions(past_workshop, 2)
    cancelled = SessionFactory(workshop=past_workshop, is_cancelled=True)
    future_workshop = WorkshopFactory()
    SessionFactory(workshop=future_workshop)
    registration = RegistrationFactory(workshop=past_workshop)
    AttendanceFactory(registration=registration, session=held[0])
    AttendanceFactory(registration=registration, session=cancelled)

    summary = attendance_summary(registration=registration)

    assert summary.sessions_held == 2  # the two held; not the cancelled one nor next month's
    assert summary.sessions_attended == 1


def test_staff_override_decides_over_the_rule(past_workshop):
    _sessions(past_workshop, 2)
    registration = RegistrationFactory(
        workshop=past_workshop,
        eligibility_override=True,
        eligibility_override_reason="Medical leave",
    )

    summary = attendance_summary(registration=registration)

    assert summary.meets_rule is False
    assert summary.eligible is True


def test_no_session_held_means_not_eligible(past_workshop):
    registration = RegistrationFactory(workshop=past_workshop)

    assert attendance_summary(registration=registration).eligible is False


def test_attendance_summaries_query_count_is_constant(past_workshop, assert_queries_do_not_grow):
    sessions = _sessions(past_workshop, 3)

    def add_row():
        registration = RegistrationFactory(workshop=past_workshop)
        for session in sessions:
            AttendanceFactory(registration=registration, session=session)

    summaries = assert_queries_do_not_grow(
        lambda: attendance_summaries(workshop=past_workshop), add_row=add_row
    )

    assert len(summaries) == 3
    assert all(s.sessions_attended == 3 for s in summaries.values())
