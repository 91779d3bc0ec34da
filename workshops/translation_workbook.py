"""The translator's round trip: a workshop's texts (its own, its sessions', its documents') as
a workbook with one row per text and a column per language, and the filled workbook read back
(README "Content in six languages").

Reading checks everything before writing anything: an unknown language column, a row of
another workshop or naming an object or field that is not this workshop's, or a text longer
than its field allows is reported with its row (as the spreadsheet numbers it) and column, and
nothing changes. An empty cell leaves the stored text as it is."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from core.content_languages import CONTENT_LANGUAGES, column
from workshops import services
from workshops.models import OutcomeDocument, Session, Workshop

TEXTS = {
    "workshop": ("title", "summary", "description", "city", "venue", "data_note"),
    "session": ("title", "room", "speakers", "description"),
    "document": ("title", "description"),
}
KEY_COLUMNS = ("workshop", "object", "field")


class WorkbookError(Exception):
    """The workbook cannot be imported; `errors` name each row and column."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class TextChange:
    row: int
    language: str
    object_label: str
    field: str
    old: str
    new: str


@dataclass
class ImportReport:
    changes: list[TextChange] = field(default_factory=list)
    unchanged: int = 0


def _objects(workshop: Workshop) -> dict[str, object]:
    objects: dict[str, object] = {"workshop": workshop}
    for session in Session.objects.filter(workshop=workshop).order_by("starts_at", "pk"):
        session.workshop = workshop
        objects[f"session {session.pk}"] = session
    for document in OutcomeDocument.objects.filter(workshop=workshop).order_by("pk"):
        document.workshop = workshop
        objects[f"document {document.pk}"] = document
    return objects


def _kind(label: str) -> str:
    return label.split(" ", 1)[0]


def translations_workbook(workshop: Workshop) -> bytes:
    """The workbook of `workshop`'s texts: columns workshop, object, field, then one per
    language (ar, zh-hans, en, fr, ru, es)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "translations"
    sheet.append([*KEY_COLUMNS, *CONTENT_LANGUAGES])
    for label, obj in _objects(workshop).items():
        for name in TEXTS[_kind(label)]:
            values = [obj.__dict__.get(column(name, code)) or "" for code in CONTENT_LANGUAGES]
            sheet.append([workshop.slug, label, name, *values])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _read_rows(content: bytes) -> list[tuple]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise WorkbookError([_("The file is not an Excel workbook (.xlsx).")]) from None
    return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def translations_import(
    *, workshop: Workshop, content: bytes, dry_run: bool = False
) -> ImportReport:
    """Fill `workshop`'s texts from a workbook made by translations_workbook. All or nothing:
    raises WorkbookError (nothing changed) when any row or column is wrong."""
    rows = _read_rows(content)
    if not rows:
        raise WorkbookError([_("The workbook is empty.")])
    header = [str(cell or "").strip().lower() for cell in rows[0]]
    errors = []
    if tuple(header[:3]) != KEY_COLUMNS:
        errors.append(
            _("Row 1: the first columns must be %(columns)s.") % {"columns": ", ".join(KEY_COLUMNS)}
        )
        raise WorkbookError(errors)
    languages = {}
    for index, name in enumerate(header[3:], start=3):
        if not name:
            continue
        if name not in CONTENT_LANGUAGES:
            errors.append(
                _(
                    "Row 1, column %(column)s: “%(name)s” is not one of the six languages (%(codes)s)."
                )
                % {"column": _letter(index), "name": name, "codes": ", ".join(CONTENT_LANGUAGES)}
            )
        else:
            languages[index] = name
    objects = _objects(workshop)
    planned: list[tuple[int, str, object, str, str, str]] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell not in (None, "") for cell in row):
            continue
        slug, label, name = (str(row[i] or "").strip() if i < len(row) else "" for i in range(3))
        if slug != workshop.slug:
            errors.append(
                _("Row %(row)s, column A: this row is for workshop “%(slug)s”, not “%(expected)s”.")
                % {"row": number, "slug": slug, "expected": workshop.slug}
            )
            continue
        obj = objects.get(label)
        if obj is None:
            errors.append(
                _("Row %(row)s, column B: “%(object)s” is not part of this workshop.")
                % {"row": number, "object": label}
            )
            continue
        if name not in TEXTS[_kind(label)]:
            errors.append(
                _("Row %(row)s, column C: “%(field)s” is not a translatable text of %(object)s.")
                % {"row": number, "field": name, "object": label}
            )
            continue
        for index, language in languages.items():
            value = row[index] if index < len(row) else None
            if value in (None, ""):
                continue
            value = str(value).strip()
            limit = obj._meta.get_field(column(name, language)).max_length
            if limit and len(value) > limit:
                errors.append(
                    _(
                        "Row %(row)s, column %(column)s (%(language)s): the text has %(length)s "
                        "characters; %(field)s takes at most %(limit)s."
                    )
                    % {
                        "row": number,
                        "column": _letter(index),
                        "language": language,
                        "length": len(value),
                        "field": name,
                        "limit": limit,
                    }
                )
                continue
            planned.append((number, language, obj, label, name, value))
    if errors:
        raise WorkbookError(errors)
    report = ImportReport()
    changed_objects = {}
    for number, language, obj, label, name, value in planned:
        old = obj.__dict__.get(column(name, language)) or ""
        if old == value:
            report.unchanged += 1
            continue
        report.changes.append(TextChange(number, language, label, name, old, value))
        setattr(obj, column(name, language), value)
        changed_objects[label] = obj
    if not dry_run and changed_objects:
        _save(changed_objects)
    return report


def _save(changed: dict[str, object]) -> None:
    with transaction.atomic():
        for obj in changed.values():
            if isinstance(obj, Workshop):
                services.workshop_save(workshop=obj)
            elif isinstance(obj, Session):
                services.session_save(session=obj)
            else:
                obj.save()


def _letter(index: int) -> str:
    """The spreadsheet's name of a 0-based column (0 is A)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
