"""Importing participant lists and attendance files into a workshop: preview, all-or-nothing."""

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest

from attendance.importers import attendance_file_import
from attendance.models import Attendance
from core.importing import Action
from participants.importers import participant_list_import
from participants.models import Participant, Registration
from tests.factories import (
    AttendanceFactory,
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
    WorkshopFactory,
)
from tests.participants.test_imports import xlsx_bytes

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"
CLEAN_LIST = (
    "Full name;E-mail;Organization;Country;Sector;Job title;Dietary needs\r\n"
    "Chloé Dubois;chloe.dubois@example.fr;Ministère de l'Éducation;France;Government;Conseillère;\r\n"
    "Олена Коваленко;olena@example.ua;Derzhspetszviazok;UA;regulator;;vegan\r\n"
).encode("utf-8-sig")


def test_participant_list_import_dry_run_previews_and_writes_nothing(workshop):
    report = participant_list_import(workshop=workshop, data=CLEAN_LIST, by=None, dry_run=True)

    assert report.file_errors == []
    assert [(r.row, r.action) for r in report.rows] == [(2, "created"), (3, "created")]
    assert report.unknown_columns == ["Dietary needs"]
    assert report.applied is False
    assert Participant.objects.count() == 0


def test_participant_list_import_confirms_everyone(workshop):
    report = participant_list_import(workshop=workshop, data=CLEAN_LIST, by=None, dry_run=False)

    assert report.applied is True
    chloe = Participant.objects.get(email="chloe.dubois@example.fr")
    assert (chloe.country.code, chloe.sector, chloe.job_title) == (
        "FR",
        "government",
        "Conseillère",
    )
    assert chloe.search_text == "chloe dubois chloe.dubois@example.fr " + chloe.code.lower()
    registration = chloe.registrations.get()
    assert (registration.status, registration.source) == ("confirmed", "import")


def test_participant_list_import_twice_reports_everything_unchanged(workshop):
    participant_list_import(workshop=workshop, data=CLEAN_LIST, by=None, dry_run=False)

    report = participant_list_import(workshop=workshop, data=CLEAN_LIST, by=None, dry_run=False)

    assert report.counts == {"created": 0, "updated": 0, "unchanged": 2, "skipped": 0, "error": 0}
    assert Registration.objects.count() == 2


def test_participant_list_import_registers_a_known_person(workshop):
    known = ParticipantFactory(email="Olena@Example.UA", full_name="Олена Коваленко")

    report = participant_list_import(workshop=workshop, data=CLEAN_LIST, by=None, dry_run=False)

    assert [r.action for r in report.rows] == ["created", "updated"]
    known.refresh_from_db()
    assert known.email == "Olena@Example.UA"
    assert known.registrations.get().workshop == workshop


def test_participant_list_import_windows1252_sample_reports_rows_and_imports_nothing(workshop):
    data = (DATA / "participants_windows1252.csv").read_bytes()

    report = participant_list_import(workshop=workshop, data=data, by=None, dry_run=False)

    errors = {r.row: r.detail for r in report.errors}
    assert sorted(errors) == [4, 5]
    assert "formula" in errors[4]
    assert errors[5] == "Email: Enter a valid email address."
    assert report.applied is False
    assert Participant.objects.count() == 0
    # The same person twice (letter case) is one person: the second row changes nothing.
    assert [(r.row, r.action) for r in report.rows if r.row in (2, 6)] == [
        (2, "created"),
        (6, "unchanged"),
    ]


def test_participant_list_import_bad_email_on_row_873(workshop):
    lines = ["Full name,Email"] + [f"Person {n},person{n}@example.org" for n in range(2, 873)]
    lines.append("Person 873,person873-at-example.org")

    report = participant_list_import(
        workshop=workshop, data="\n".join(lines).encode(), by=None, dry_run=False
    )

    assert [(r.row, r.detail) for r in report.errors] == [
        (873, "Email: Enter a valid email address.")
    ]
    assert report.counts["created"] == 871
    assert Participant.objects.count() == 0


def test_participant_list_import_xlsx_with_title_rows(workshop):
    data = xlsx_bytes(
        [
            ["Participants: COP workshop, Port Vila"],
            ["Prepared by the Bangkok office", None],
            [None],
            ["NAME", "Email", "Country"],
            ["Leilani Kalsakau", "leilani.k@example.vu", "Vanuatu"],
            ["محمد الأحمد", "m.alahmad@example.eg", "eg"],
        ]
    )

    report = participant_list_import(workshop=workshop, data=data, by=None, dry_run=False)

    assert report.header_row == 4
    assert [(r.row, r.action) for r in report.rows] == [(5, "created"), (6, "created")]
    assert Participant.objects.get(email="m.alahmad@example.eg").country.code == "EG"


def test_participant_list_import_wrong_sheet_names_the_missing_columns(workshop):
    data = xlsx_bytes([["Session", "Room"], ["Opening", "A"]], title="Agenda")

    report = participant_list_import(workshop=workshop, data=data, by=None, dry_run=True)

    assert report.file_errors == [
        "No row of the file holds the required columns “Full name” and “Email”. "
        "Only the first sheet (“Agenda”) is read: put the list there."
    ]


def test_participant_list_import_unknown_country_is_a_row_error(workshop):
    data = b"Name,Email,Country\nA B,ab@example.org,Atlantis\n"

    report = participant_list_import(workshop=workshop, data=data, by=None, dry_run=True)

    assert [r.detail for r in report.errors] == [
        "Country: Unknown country “Atlantis”: use an ISO code (VU) or the English name."
    ]


def test_participant_list_import_past_capacity_confirms_and_warns():
    workshop = WorkshopFactory(capacity=1)

    report = participant_list_import(workshop=workshop, data=CLEAN_LIST, by=None, dry_run=False)

    assert report.warnings == [
        "After this import 2 people are confirmed for 1 seats: people imported by staff are "
        "confirmed even past the capacity."
    ]
    assert workshop.registrations.filter(status="confirmed").count() == 2


# --- attendance ---------------------------------------------------------------------


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
