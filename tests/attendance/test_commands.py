"""import_attendance and export_attendance: exit codes and messages."""

import csv
import datetime as dt
import io
import zoneinfo
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from attendance.models import Attendance
from tests.factories import RegistrationFactory, SessionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent.parent / "data"


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_attendance_teams_report_with_session_number(tmp_path):
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
            starts_at=dt.datetime(2026, 11, day, 9, tzinfo=zone),
            ends_at=dt.datetime(2026, 11, day, 12, tzinfo=zone),
        )
    RegistrationFactory(workshop=workshop, participant__email="kwame.mensah@example.gh")

    output = run(
        "import_attendance",
        workshop.slug,
        str(DATA / "teams_attendance_report.csv"),
        "--session",
        "2",
        "--min-minutes",
        "59",
    )

    assert Attendance.objects.get().minutes_online == 59
    assert "Imported: 1 created" in output
    with pytest.raises(CommandError, match="--session must be between 1 and 2"):
        run(
            "import_attendance",
            workshop.slug,
            str(DATA / "teams_attendance_report.csv"),
            "--session",
            "3",
        )


def test_export_attendance_writes_a_csv(workshop, tmp_path):
    RegistrationFactory(workshop=workshop, participant__full_name="Leilani Kalsakau")
    target = tmp_path / "out.csv"

    output = run("export_attendance", workshop.slug, "--format", "csv", "--output", str(target))

    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [row[0] for row in rows] == ["Full name", "Leilani Kalsakau"]
    assert output.startswith("Wrote ")


def test_export_attendance_unwritable_output_fails_cleanly(workshop):
    with pytest.raises(CommandError, match="Cannot write"):
        run("export_attendance", workshop.slug, "--output", "/nonexistent/dir/out.csv")
