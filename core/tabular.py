"""Reading the files offices import: participant lists, attendance sheets, Zoom and Teams reports.

A file becomes a table of text cells (CSV in UTF-8 with or without BOM, UTF-16 with BOM as
Teams writes it, or Windows-1252; comma, semicolon or tab; or the first sheet of an XLSX);
then the header row is found (title rows above it are skipped) and columns are matched by
their folded names. Row numbers are the ones a spreadsheet shows: the first line is row 1.

Everything here only reads; participants.services and the Resources do the writing."""

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.text import fold

XLSX_MAGIC = b"PK\x03\x04"
DELIMITERS = (",", ";", "\t")
SNIFF_LINES = 30


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, for the person importing."""


@dataclass(frozen=True)
class Table:
    """Cells as text; rows[i] is spreadsheet row i + 1."""

    rows: list[list[str]]
    sheet_name: str = ""


def header_key(text: str) -> str:
    """A column name folded, with punctuation and spacing collapsed: "E-mail " -> "e mail"."""
    return " ".join(re.sub(r"[\W_]+", " ", fold(text)).split())


# ---------------------------------------------------------------------------------------
# Bytes -> table
# ---------------------------------------------------------------------------------------


def read_table(data: bytes) -> Table:
    """Any accepted file as a table; ImportFileError for anything else."""
    limit = settings.IMPORT_MAX_BYTES
    if len(data) > limit:
        raise ImportFileError(
            _("The file is %(size)s MB; files up to %(limit)s MB can be imported.")
            % {"size": round(len(data) / 1_048_576, 1), "limit": round(limit / 1_048_576, 1)}
        )
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data)
    return _read_csv(decode_text(data))


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252; refuses binary files."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = _decode(data, "utf-8-sig")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _decode(data, "utf-16")
    elif b"\x00" in data:
        raise _not_a_spreadsheet()
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode(data, "cp1252")
    controls = sum(
        1 for char in text if unicodedata.category(char) == "Cc" and char not in "\t\r\n"
    )
    if controls > max(2, len(text) // 1000):
        raise _not_a_spreadsheet()
    return text


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise _not_a_spreadsheet() from None


def _not_a_spreadsheet() -> ImportFileError:
    return ImportFileError(
        _(
            "This is not a CSV or XLSX file (it looks like a binary file). Save the list from "
            "your spreadsheet as CSV or XLSX and try again."
        )
    )


def _read_csv(text: str) -> Table:
    sample = [line for line in text.splitlines()[:SNIFF_LINES] if line.strip()]
    delimiter = max(DELIMITERS, key=lambda d: _delimiter_score(sample, d))
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file is malformed: %(error)s") % {"error": error}
        ) from None
    return Table(rows=[[cell.strip() for cell in row] for row in rows])


def _delimiter_score(lines: Sequence[str], delimiter: str) -> int:
    try:
        return sum(len(row) - 1 for row in csv.reader(lines, delimiter=delimiter))
    except csv.Error:
        return -1


def _read_xlsx(data: bytes) -> Table:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(
            _("This XLSX file cannot be opened (%(error)s). Save it again from your spreadsheet.")
            % {"error": error}
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        return Table(rows=rows, sheet_name=sheet.title)
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


# ---------------------------------------------------------------------------------------
# Table -> header and records
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column a file may hold: its canonical name and the names people give it."""

    key: str
    names: tuple[str, ...]
    required: bool = False

    @property
    def label(self) -> str:
        return self.names[0]


@dataclass
class Records:
    """The data rows under the header, keyed by column key, with their spreadsheet row numbers."""

    header_row: int
    columns: dict[str, int]
    rows: list[tuple[int, dict[str, str]]]
    unknown_columns: list[str] = field(default_factory=list)


def find_records(
    table: Table, columns: Sequence[Column], *, stop_at_blank: bool = False
) -> Records:
    """The first row that holds every required column is the header; rows below are data.

    With stop_at_blank (report files with sections), the data ends at the first blank row."""
    wanted = {header_key(name): column.key for column in columns for name in column.names}
    required = {column.key for column in columns if column.required}
    for index, row in enumerate(table.rows):
        found: dict[str, int] = {}
        unknown = []
        for position, cell in enumerate(row):
            key = wanted.get(header_key(cell))
            if key is not None and key not in found:
                found[key] = position
            elif cell.strip():
                unknown.append(cell.strip())
        if not required <= found.keys():
            continue
        records = []
        for offset, data_row in enumerate(table.rows[index + 1 :], start=index + 2):
            if not any(cell.strip() for cell in data_row):
                if stop_at_blank:
                    break
                continue
            records.append(
                (
                    offset,
                    {
                        key: data_row[position].strip() if position < len(data_row) else ""
                        for key, position in found.items()
                    },
                )
            )
        return Records(header_row=index + 1, columns=found, rows=records, unknown_columns=unknown)
    raise ImportFileError(_missing_columns_message(table, columns))


def _missing_columns_message(table: Table, columns: Iterable[Column]) -> str:
    names = [f"“{column.label}”" for column in columns if column.required]
    message = ngettext(
        "No row of the file holds the required column %(names)s.",
        "No row of the file holds the required columns %(names)s.",
        len(names),
    ) % {"names": _(" and ").join(names)}
    if table.sheet_name:
        message += " " + _("Only the first sheet (“%(sheet)s”) is read: put the list there.") % {
            "sheet": table.sheet_name
        }
    return message
