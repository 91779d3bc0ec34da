"""Reading import files: encodings, delimiters, header rows, XLSX, online reports."""

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from attendance.online_reports import parse_duration_seconds, parse_online_report
from core.tabular import ImportFileError, header_key, read_table

DATA = Path(__file__).resolve().parent.parent / "data"


def xlsx_bytes(rows: list[list], *, title: str = "Participants") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_read_table_windows1252_semicolons():
    table = read_table((DATA / "participants_windows1252.csv").read_bytes())

    assert table.rows[0] == ["Full name", "Email", "Organisation", "Country", "Sector", "Job title"]
    assert table.rows[1][:3] == [
        "Chloé Dubois",
        "chloe.dubois@example.fr",
        "Ministère de l'Éducation",
    ]
    assert table.rows[4][0] == "Søren Ågård"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_read_table_encodings(encoding):
    text = "Name,Email\r\nChloé Dubois,chloe@example.fr\r\n"

    table = read_table(text.encode(encoding))

    assert table.rows == [["Name", "Email"], ["Chloé Dubois", "chloe@example.fr"]]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_read_table_sniffs_delimiter(delimiter):
    text = (
        delimiter.join(["Full name", "Email", "Country"])
        + "\n"
        + delimiter.join(
            ["Jean, Baptiste" if delimiter != "," else "Jean Baptiste", "jb@example.vu", "VU"]
        )
    )

    table = read_table(text.encode())

    assert len(table.rows[0]) == 3
    assert table.rows[1][1] == "jb@example.vu"


def test_read_table_binary_renamed_csv_is_refused():
    data = bytes(range(256)) * 40

    with pytest.raises(ImportFileError, match="not a CSV or XLSX"):
        read_table(data)


def test_read_table_too_large_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 1000

    with pytest.raises(ImportFileError, match="files up to"):
        read_table(b"Name,Email\n" + b"a,b@example.org\n" * 100)


def test_read_table_broken_xlsx_is_refused():
    with pytest.raises(ImportFileError, match="XLSX file cannot be opened"):
        read_table(b"PK\x03\x04" + b"garbage" * 10)


def test_read_table_xlsx_first_sheet():
    data = xlsx_bytes(
        [["COP workshop, Port Vila"], [], ["Name", "Email"], ["王伟", "wang@example.cn"]]
    )

    table = read_table(data)

    assert table.sheet_name == "Participants"
    assert table.rows[2:] == [["Name", "Email"], ["王伟", "wang@example.cn"]]


def test_header_key_ignores_case_accents_and_punctuation():
    assert header_key(" E-MAIL ") == header_key("e mail")
    assert header_key("Organisátion") == "organisation"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("3h 2m 10s", 10930), ("59m 59s", 3599), ("3h", 10800), ("212", 12720), ("1:05:00", 3900)],
)
def test_parse_duration_seconds(text, seconds):
    assert parse_duration_seconds(text) == seconds


def test_parse_duration_seconds_rejects_words():
    assert parse_duration_seconds("three hours") is None


def test_parse_online_report_zoom_adds_up_rejoins_and_lists_guests():
    report = parse_online_report(read_table((DATA / "zoom_participants_report.csv").read_bytes()))

    minutes = {person.email: person.seconds // 60 for person in report.people}
    assert minutes["jb.kaltongga@example.vu"] == 72 + 110
    assert minutes["olena.kovalenko@example.ua"] == 20
    assert report.without_email == [(12, "Sione Taufa"), (13, "iPhone de Chloé")]
    assert [d.isoformat() for d in report.meeting_days] == ["2026-11-20"]


def test_parse_online_report_teams_reads_only_the_participants_section():
    report = parse_online_report(read_table((DATA / "teams_attendance_report.csv").read_bytes()))

    seconds = {person.email: person.seconds for person in report.people}
    assert len(report.people) == 8
    assert seconds["jb.kaltongga@example.vu"] == 3 * 3600 + 2 * 60 + 10
    assert seconds["kwame.mensah@example.gh"] == 59 * 60 + 59
    assert seconds["leilani.k@example.vu"] == 3 * 3600
