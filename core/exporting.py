"""Exporters in the pretix shape: an identifier, a verbose name, and render() returning a file
name, a content type and the content as an iterator of bytes.

An exporter gives a header and its rows from a generator (reading the database in chunks);
the columns come from a django-import-export Resource. One renderer per format turns rows
into CSV (csv.writer), XLSX (openpyxl write-only, through a temporary file) or JSON, so no
export ever holds all its rows in memory. Every cell passes `neutralise`, the one place that
keeps a spreadsheet from reading a cell as a formula; exports that leave through
django-import-export itself (the admin's) get it from `NeutralisedExportMixin`."""

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from import_export.resources import Resource
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_BATCH_ROWS = 500
FILE_CHUNK_BYTES = 64 * 1024


def neutralise(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class NeutralisedExportMixin:
    """For a django-import-export Resource exported by import-export itself (the admin's
    export): every cell passes `neutralise`. Import-export's own escaping strips one leading
    "=" and leaves "+", "-", "@", tab and CR alone."""

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))


@dataclass
class ExportFile:
    filename: str
    content_type: str
    chunks: Iterator[bytes]


FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


class _Echo:
    def write(self, value: str) -> str:
        return value


def render_csv(header: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    writer = csv.writer(_Echo())
    # The BOM makes Excel read UTF-8 (Arabic, Cyrillic, Chinese names) correctly.
    yield ("\ufeff" + writer.writerow(header)).encode()
    batch = []
    for row in rows:
        batch.append(writer.writerow([_spreadsheet_cell(value) for value in row]))
        if len(batch) == CSV_BATCH_ROWS:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()


def render_xlsx(header: list[str], rows: Iterable[list], *, title: str) -> Iterator[bytes]:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Sheet")
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="cop-export-")
    os.close(handle)
    workbook.save(path)
    return _read_and_remove(path)


def _read_and_remove(path: str) -> Iterator[bytes]:
    try:
        with open(path, "rb") as file:
            while chunk := file.read(FILE_CHUNK_BYTES):
                yield chunk
    finally:
        os.unlink(path)


def render_json(header: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    yield b"["
    separator = b"\n"
    for row in rows:
        yield separator + json.dumps(dict(zip(header, row, strict=True)), default=str).encode()
        separator = b",\n"
    yield b"\n]\n"


def _spreadsheet_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return neutralise(value)


def _xlsx_cell(value: object) -> object:
    """A spreadsheet cell that XLSX can hold: the control characters it cannot store (a name
    imported with a stray NUL or escape) become U+FFFD instead of failing the whole export."""
    value = _spreadsheet_cell(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)
    return value


def column_getters(resource: Resource) -> tuple[list[str], list[Callable]]:
    """The Resource's headers and, per column, its dehydrate method or its field's getter."""
    fields = resource.get_export_fields()
    getters = []
    for field in fields:
        name = resource.get_field_name(field)
        getters.append(getattr(resource, f"dehydrate_{name}", None) or field.get_value)
    return resource.get_export_headers(), getters


class Exporter:
    """The shape every export takes: `rows()` gives a header and a generator of rows,
    `filename(fmt)` names the file, `sheet_title` names the XLSX sheet; `render(fmt)` does the
    rest."""

    identifier = ""
    verbose_name = ""
    sheet_title = ""

    def rows(self) -> tuple[list[str], Iterator[list]]:
        raise NotImplementedError

    def filename(self, fmt: str) -> str:
        raise NotImplementedError

    def render(self, fmt: str) -> ExportFile:
        if fmt not in FORMATS:
            raise ValueError(f"unknown export format {fmt!r}")
        header, rows = self.rows()
        if fmt == "csv":
            chunks = render_csv(header, rows)
        elif fmt == "xlsx":
            chunks = render_xlsx(header, rows, title=str(self.sheet_title or self.identifier))
        else:
            chunks = render_json(header, rows)
        return ExportFile(self.filename(fmt), FORMATS[fmt], chunks)
