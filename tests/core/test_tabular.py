"""Reading import files: encodings, delimiters, header rows, XLSX."""

from pathlib import Path

import pytest

from core.tabular import ImportFileError, header_key, read_table
from tests.spreadsheets import xlsx_bytes

DATA = Path(__file__).resolve().parent.parent / "data"


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
