"""Importing attendance files (Zoom, Teams, sign-in sheets) into a workshop: preview, all-or-nothing."""

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest

from attendance.importers import attendance_file_import
from attendance.models import Attendance
from core.importing import Action
from tests.factories import (
    AttendanceFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def online_workshop():
    zone = zoneinfo.ZoneInfo("Africa/Cairo")
    workshop = WorkshopFactory(
        time_zone="Africa/Cairo",
        start_date=dt.date(2026, 11, 20),
        end_date=dt.date(2026, 11, 21),
        registration_opens_at=None,
        registration_closes_at=None,
    )
    for day in (20, 21):
        SessionFactory(
            workshop=workshop,
            title=f"Day {day - 19}",
            starts_at=dt.datetime(2026, 11, day, 9, tzinfo=zone),
            ends_at=dt.datetime(2026, 11, day, 12, 30, tzinfo=zone),
        )
    for email in (
        "amina.haddad@example.org",
        "jb.kaltongga@example.vu",
        "olena.kovalenko@example.ua",
        "wang.wei@example.cn",
        "m.alahmad@example.eg",
        "mj.nunez@example.es",
        "kwame.mensah@example.gh",
    ):
        RegistrationFactory(workshop=workshop, participant__email=email)
    return workshop


def test_attendance_file_import_zoom_report(online_workshop):
    data = (DATA / "zoom_participants_report.csv").read_bytes()

    report = attendance_file_import(
        workshop=online_workshop, data=data, by=None, dry_run=False, min_minutes=60
    )

    assert report.session.title == "Day 1"
    assert report.applied is True
    assert report.counts == {"created": 6, "updated": 0, "unchanged": 0, "skipped": 1, "error": 0}
    assert [(r.row, r.name, r.detail) for r in report.unmatched] == [
        (12, "Sione Taufa", "no e-mail"),
        (13, "iPhone de Chloé", "no e-mail"),
    ]
    jb = Attendance.objects.get(registration__participant__email="jb.kaltongga@example.vu")
    assert (jb.status, jb.method, jb.minutes_online) == ("present", "online_report", 182)
    assert not Attendance.objects.filter(
        registration__participant__email="olena.kovalenko@example.ua"
    ).exists()


def test_attendance_file_import_teams_report_twice_changes_nothing(online_workshop):
    data = (DATA / "teams_attendance_report.csv").read_bytes()
    attendance_file_import(workshop=online_workshop, data=data, by=None, dry_run=False)

    report = attendance_file_import(workshop=online_workshop, data=data, by=None, dry_run=False)

    assert report.session.title == "Day 2"
    assert report.changes == 0
    # Kwame stayed 59 min 59 s: one second short of the default hour.
    assert {r.email: r.detail for r in report.rows if r.action == Action.SKIPPED} == {
        "olena.kovalenko@example.ua": "online 20 min, less than 60",
        "kwame.mensah@example.gh": "online 59 min, less than 60",
    }
    assert sorted(r.email for r in report.unmatched) == [
        "chloe.dubois@example.fr",
        "leilani.k@example.vu",
    ]


def test_attendance_file_import_sheet_needs_a_session(online_workshop):
    report = attendance_file_import(
        workshop=online_workshop,
        data=b"Email,Status\nwang.wei@example.cn,late\n",
        by=None,
        dry_run=True,
    )

    assert report.file_errors == ["Choose the session this attendance sheet is for."]


def test_attendance_file_import_sheet_sets_statuses_or_nothing(online_workshop):
    session = online_workshop.sessions.first()
    registration = online_workshop.registrations.get(participant__email="wang.wei@example.cn")
    AttendanceFactory(registration=registration, session=session, status="present")
    data = (
        b"Email,Status\n"
        b"WANG.WEI@example.cn,Late\n"
        b"amina.haddad@example.org,excused\n"
        b"nobody@example.org,present\n"
    )

    report = attendance_file_import(
        workshop=online_workshop, data=data, by=None, dry_run=False, session=session
    )

    assert [(r.row, r.action) for r in report.rows] == [
        (2, "updated"),
        (3, "created"),
        (4, "error"),
    ]
    assert Attendance.objects.get(registration=registration).status == "present"
    assert Attendance.objects.count() == 1


def test_attendance_file_import_refuses_a_cancelled_registration_in_a_sheet(online_workshop):
    session = online_workshop.sessions.first()
    cancelled = RegistrationFactory(workshop=online_workshop, status="cancelled")
    user = UserFactory()

    report = attendance_file_import(
        workshop=online_workshop,
        data=f"Participant code\n{cancelled.participant.code}\n".encode(),
        by=user,
        dry_run=False,
        session=session,
    )

    assert [r.action for r in report.rows] == ["error"]
    assert "cancelled" in report.rows[0].detail
    assert Attendance.objects.count() == 0
