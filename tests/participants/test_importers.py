"""Importing participant lists into a workshop: preview, all-or-nothing."""

from pathlib import Path

import pytest

from participants.importers import participant_list_import
from participants.models import Participant, Registration
from tests.factories import (
    ParticipantFactory,
    RegionalOfficeFactory,
    RegistrationFactory,
    WorkshopFactory,
)
from tests.spreadsheets import xlsx_bytes

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

    assert [r.action for r in report.rows] == ["created", "created"]
    known.refresh_from_db()
    assert known.email == "Olena@Example.UA"
    assert known.registrations.get().workshop == workshop


def test_participant_list_import_never_changes_another_office_person(workshop):
    cairo_workshop = WorkshopFactory(office=RegionalOfficeFactory(slug="cairo"))
    known = ParticipantFactory(
        email="amina.haddad@example.eg",
        full_name="Amina Haddad",
        organisation="NTRA",
        country="EG",
        sector="regulator",
        job_title="Director",
    )
    RegistrationFactory(participant=known, workshop=cairo_workshop, status="confirmed")
    data = (
        b"Full name,Email,Organisation,Country,Sector,Job title\n"
        b"Someone Else,AMINA.HADDAD@example.eg,Evil Corp,FR,industry,Owner\n"
    )

    report = participant_list_import(workshop=workshop, data=data, by=None, dry_run=False)

    known.refresh_from_db()
    assert (
        known.full_name,
        known.email,
        known.organisation,
        known.country.code,
        known.sector,
        known.job_title,
    ) == ("Amina Haddad", "amina.haddad@example.eg", "NTRA", "EG", "regulator", "Director")
    assert [(r.action, r.action_label) for r in report.rows] == [("created", "new registration")]
    assert known.registrations.get(workshop=workshop).status == "confirmed"
    assert Participant.objects.count() == 1


def test_participant_list_import_preview_of_a_known_address_looks_like_an_unknown_one(workshop):
    ParticipantFactory(email="known@example.org", full_name="Stored Name", organisation="Stored")
    data = (
        b"Full name,Email,Organisation\n"
        b"File Name,known@example.org,From the file\n"
        b"File Name,unknown@example.org,From the file\n"
    )

    report = participant_list_import(workshop=workshop, data=data, by=None, dry_run=True)

    known_row, unknown_row = report.rows
    assert (known_row.action, known_row.action_label, known_row.name, known_row.detail) == (
        unknown_row.action,
        unknown_row.action_label,
        unknown_row.name,
        unknown_row.detail,
    )
    assert known_row.action_label == "new registration"
    assert report.warnings == []


def test_participant_list_import_row_error_is_the_same_for_a_known_address(workshop):
    ParticipantFactory(email="known@example.org")
    data = b"Name,Email,Country\nA B,known@example.org,Atlantis\nA B,unknown@example.org,Atlantis\n"

    report = participant_list_import(workshop=workshop, data=data, by=None, dry_run=True)

    assert [(r.action, r.detail) for r in report.rows] == [
        ("error", "Country: Unknown country “Atlantis”: use an ISO code (VU) or the English name.")
    ] * 2


def test_participant_list_import_confirms_a_waitlisted_registration_here(workshop):
    waiting = RegistrationFactory(
        workshop=workshop,
        status="waitlisted",
        participant=ParticipantFactory(email="chloe.dubois@example.fr", full_name="Chloé D."),
    )

    report = participant_list_import(workshop=workshop, data=CLEAN_LIST, by=None, dry_run=False)

    waiting.refresh_from_db()
    assert [(r.action, r.action_label) for r in report.rows] == [
        ("updated", "registration confirmed"),
        ("created", "new registration"),
    ]
    assert waiting.status == "confirmed"
    assert waiting.participant.full_name == "Chloé D."


def test_participant_list_import_twice_labels_rows_already_registered(workshop):
    participant_list_import(workshop=workshop, data=CLEAN_LIST, by=None, dry_run=False)

    report = participant_list_import(workshop=workshop, data=CLEAN_LIST, by=None, dry_run=True)

    assert [r.action_label for r in report.rows] == ["already registered (unchanged)"] * 2


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


def test_participant_list_import_name_with_a_nul_character_is_a_row_error(workshop):
    """A UTF-16 file (as Teams writes) can carry a NUL inside a cell; PostgreSQL text cannot
    hold one: the row is refused with its number, nothing is imported, nothing crashes."""
    data = "Full name,Email\nAda\x00 Lovelace,ada@example.org\n".encode("utf-16")

    report = participant_list_import(workshop=workshop, data=data, by=None, dry_run=False)

    assert report.has_errors
    assert [row.row for row in report.errors] == [2]
    assert not Participant.objects.filter(email="ada@example.org").exists()
