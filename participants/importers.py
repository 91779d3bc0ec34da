"""Importing a file into a workshop: one function per kind of file, the same for the staff area,
the admin and the management commands.

Each runs the whole import inside one transaction and rolls it back for a preview (dry run)
or when any row has an error, so a file is applied entirely or not at all, and the preview
shows exactly what the confirmation would do."""

import contextlib
import re
import secrets
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.results import RowResult

from participants.imports import (
    ImportFileError,
    Table,
    find_records,
    is_online_report,
    parse_attendance_sheet,
    parse_online_report,
    read_table,
)
from participants.models import Attendance, Registration
from participants.resources import ParticipantImportResource
from participants.search import fold
from participants.services import AttendanceError, attendance_set_status
from workshops.models import Session, Workshop


class Action:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    ERROR = "error"


# What the preview table says for each action (true both before and after the import runs).
ACTION_LABELS = {
    Action.CREATED: gettext_lazy("new"),
    Action.UPDATED: gettext_lazy("changed"),
    Action.UNCHANGED: gettext_lazy("unchanged"),
    Action.SKIPPED: gettext_lazy("skipped"),
    Action.ERROR: gettext_lazy("error"),
}


@dataclass
class RowOutcome:
    row: int
    action: str
    name: str = ""
    email: str = ""
    detail: str = ""

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.action])


@dataclass
class ImportReport:
    """What an import did or would do, row by row, with spreadsheet row numbers."""

    kind: str
    file_errors: list[str] = field(default_factory=list)
    rows: list[RowOutcome] = field(default_factory=list)
    unmatched: list[RowOutcome] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    header_row: int | None = None
    session: Session | None = None
    applied: bool = False

    @property
    def errors(self) -> list[RowOutcome]:
        return [row for row in self.rows if row.action == Action.ERROR]

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors or self.errors)

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(row.action for row in self.rows)
        return {
            action: counted.get(action, 0)
            for action in (
                Action.CREATED,
                Action.UPDATED,
                Action.UNCHANGED,
                Action.SKIPPED,
                Action.ERROR,
            )
        }

    @property
    def changes(self) -> int:
        counts = self.counts
        return counts[Action.CREATED] + counts[Action.UPDATED]


def _finish(report: ImportReport, *, dry_run: bool) -> None:
    """Inside the import's transaction: keep the writes only for a clean, confirmed import."""
    if dry_run or report.has_errors:
        transaction.set_rollback(True)
    else:
        report.applied = True


# ---------------------------------------------------------------------------------------
# Participant lists
# ---------------------------------------------------------------------------------------

ROW_TYPE_ACTIONS = {
    RowResult.IMPORT_TYPE_NEW: Action.CREATED,
    RowResult.IMPORT_TYPE_UPDATE: Action.UPDATED,
    RowResult.IMPORT_TYPE_SKIP: Action.UNCHANGED,
    RowResult.IMPORT_TYPE_INVALID: Action.ERROR,
    RowResult.IMPORT_TYPE_ERROR: Action.ERROR,
}


def participant_table_dataset(table: Table) -> tuple[tablib.Dataset, list[int], list[str], int]:
    """The table as the Resource's dataset (canonical column names), with each data row's
    spreadsheet row number, the unknown columns and the header's row number."""
    columns = ParticipantImportResource.columns()
    records = find_records(table, columns)
    labels = {column.key: column.label for column in columns}
    present = [column.key for column in columns if column.key in records.columns]
    dataset = tablib.Dataset(headers=[labels[key] for key in present])
    for _number, record in records.rows:
        dataset.append([record[key] for key in present])
    numbers = [number for number, _record in records.rows]
    return dataset, numbers, records.unknown_columns, records.header_row


def participant_list_import(
    *, workshop: Workshop, data: bytes, by: AbstractBaseUser | None, dry_run: bool
) -> ImportReport:
    """Read a participant list and, unless dry_run or any row is wrong, apply all of it."""
    report = ImportReport(kind="participants")
    try:
        dataset, numbers, report.unknown_columns, report.header_row = participant_table_dataset(
            read_table(data)
        )
    except ImportFileError as error:
        report.file_errors.append(str(error))
        return report
    if not len(dataset):
        report.file_errors.append(_("The file has a header row but no participants under it."))
        return report
    labels = {
        field.attribute: str(field.column_name)
        for field in ParticipantImportResource().fields.values()
    }
    resource = ParticipantImportResource(workshop=workshop)
    with transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            user=by,
        )
        for number, row_result, values in zip(numbers, result.rows, dataset.dict, strict=True):
            report.rows.append(
                RowOutcome(
                    row=number,
                    action=ROW_TYPE_ACTIONS[row_result.import_type],
                    name=values.get("Full name", ""),
                    email=values.get("Email", ""),
                    detail=_row_error_text(row_result, labels),
                )
            )
        report.warnings.extend(_capacity_warnings(workshop))
        _finish(report, dry_run=dry_run)
    return report


def _row_error_text(row_result: RowResult, labels: dict[str, str]) -> str:
    if row_result.validation_error is not None:
        error = row_result.validation_error
        by_field = getattr(error, "message_dict", {NON_FIELD_ERRORS: error.messages})
        return " ".join(
            " ".join(messages)
            if name == NON_FIELD_ERRORS
            else f"{labels.get(name, name)}: {' '.join(messages)}"
            for name, messages in by_field.items()
        )
    if row_result.errors:
        return "; ".join(str(error.error) for error in row_result.errors)
    return ""


def _capacity_warnings(workshop: Workshop) -> list[str]:
    if workshop.capacity is None:
        return []
    confirmed = workshop.registrations.filter(status=Registration.Status.CONFIRMED).count()
    if confirmed <= workshop.capacity:
        return []
    return [
        _(
            "After this import %(confirmed)s people are confirmed for %(capacity)s seats: "
            "people imported by staff are confirmed even past the capacity."
        )
        % {"confirmed": confirmed, "capacity": workshop.capacity}
    ]


# ---------------------------------------------------------------------------------------
# Attendance: Zoom / Teams participant reports and attendance sheets
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedAttendance:
    row: int
    registration: Registration
    status: str
    method: str
    minutes_online: int | None = None


def attendance_file_import(
    *,
    workshop: Workshop,
    data: bytes,
    by: AbstractBaseUser | None,
    dry_run: bool,
    session: Session | None = None,
    min_minutes: int | None = None,
) -> ImportReport:
    """An online meeting report or an attendance sheet into one session of the workshop.

    Report rows are matched on e-mail; rejoins add up; people who stayed at least
    min_minutes are marked present; guests without e-mail and strangers are listed as
    unmatched. Sheet rows name a person by e-mail or participant code, with a status."""
    report = ImportReport(kind="attendance")
    if min_minutes is None:
        min_minutes = settings.ATTENDANCE_REPORT_MIN_MINUTES
    try:
        table = read_table(data)
        if is_online_report(table):
            planned = _plan_from_report(workshop, table, report, session, min_minutes)
        else:
            planned = _plan_from_sheet(workshop, table, report, session)
    except ImportFileError as error:
        report.file_errors.append(str(error))
        return report
    if report.session is None:
        return report
    existing = dict(
        Attendance.objects.filter(
            session=report.session, registration__in=[p.registration for p in planned]
        ).values_list("registration_id", "status")
    )
    with transaction.atomic():
        for plan in planned:
            try:
                changed = attendance_set_status(
                    registration=plan.registration,
                    session=report.session,
                    status=plan.status,
                    by=by,
                    method=plan.method,
                    minutes_online=plan.minutes_online,
                )
            except AttendanceError as error:
                action, detail = Action.ERROR, str(error)
            else:
                detail = plan.status
                if not changed:
                    action = Action.UNCHANGED
                elif plan.registration.id in existing:
                    action = Action.UPDATED
                else:
                    action = Action.CREATED
            report.rows.append(
                RowOutcome(
                    row=plan.row,
                    action=action,
                    name=plan.registration.participant.full_name,
                    email=plan.registration.participant.email,
                    detail=detail,
                )
            )
        report.rows.sort(key=lambda outcome: outcome.row)
        _finish(report, dry_run=dry_run)
    return report


def _registrations_by_email(workshop: Workshop) -> dict[str, Registration]:
    """Live registrations first, so a cancelled old one never hides a live one."""
    found: dict[str, Registration] = {}
    for registration in workshop.registrations.select_related("participant").order_by("-id"):
        key = registration.participant.email.casefold()
        if key not in found or (registration.is_live and not found[key].is_live):
            found[key] = registration
    return found


def _plan_from_report(
    workshop: Workshop,
    table: Table,
    report: ImportReport,
    session: Session | None,
    min_minutes: int,
) -> list[PlannedAttendance]:
    parsed = parse_online_report(table)
    report.session = session or _session_on_days(workshop, parsed.meeting_days, report)
    for number, reason in parsed.bad_rows:
        report.rows.append(RowOutcome(row=number, action=Action.ERROR, detail=reason))
    for number, name in parsed.without_email:
        report.unmatched.append(
            RowOutcome(row=number, action=Action.SKIPPED, name=name, detail=_("no e-mail"))
        )
    registrations = _registrations_by_email(workshop)
    planned = []
    for person in parsed.people:
        minutes = person.seconds // 60
        registration = registrations.get(person.email.casefold())
        row = person.rows[0]
        if registration is None:
            report.unmatched.append(
                RowOutcome(
                    row=row,
                    action=Action.SKIPPED,
                    name=person.name,
                    email=person.email,
                    detail=_("not registered for this workshop"),
                )
            )
        elif not registration.is_live:
            report.unmatched.append(
                RowOutcome(
                    row=row,
                    action=Action.SKIPPED,
                    name=person.name,
                    email=person.email,
                    detail=_("registration %(status)s")
                    % {"status": registration.get_status_display()},
                )
            )
        elif person.seconds < min_minutes * 60:
            report.rows.append(
                RowOutcome(
                    row=row,
                    action=Action.SKIPPED,
                    name=registration.participant.full_name,
                    email=registration.participant.email,
                    detail=_("online %(minutes)s min, less than %(needed)s")
                    % {"minutes": minutes, "needed": min_minutes},
                )
            )
        else:
            planned.append(
                PlannedAttendance(
                    row=row,
                    registration=registration,
                    status=Attendance.Status.PRESENT,
                    method=Attendance.Method.ONLINE_REPORT,
                    minutes_online=minutes,
                )
            )
    return planned


def _session_on_days(workshop: Workshop, days: set, report: ImportReport) -> Session | None:
    candidates = [
        s for s in workshop.sessions.filter(is_cancelled=False) if s.local_start().date() in days
    ]
    if len(candidates) == 1:
        return candidates[0]
    report.file_errors.append(
        _("Choose the session this report is for (the report's date matches %(count)s sessions).")
        % {"count": len(candidates)}
    )
    return None


def _status_from_text(text: str) -> str | None:
    folded = fold(text.strip())
    if not folded:
        return Attendance.Status.PRESENT
    if folded in ("x", "yes", "1", "✓", "oui", "si", "sí"):
        return Attendance.Status.PRESENT
    for value, label in Attendance.Status.choices:
        if folded in (value, fold(str(label))):
            return value
    return None


def _plan_from_sheet(
    workshop: Workshop, table: Table, report: ImportReport, session: Session | None
) -> list[PlannedAttendance]:
    records = parse_attendance_sheet(table)
    report.header_row = records.header_row
    report.unknown_columns = records.unknown_columns
    if session is None:
        raise ImportFileError(_("Choose the session this attendance sheet is for."))
    report.session = session
    by_email = _registrations_by_email(workshop)
    by_code = {r.participant.code: r for r in by_email.values()}
    planned = []
    for number, record in records.rows:
        email = record.get("email", "")
        code = record.get("code", "").upper()
        registration = by_email.get(email.casefold()) if email else by_code.get(code)
        status = _status_from_text(record.get("status", ""))
        if registration is None:
            detail = _("nobody registered with this e-mail or participant code")
        elif status is None:
            detail = _("unknown status “%(status)s” (present, late, excused or absent)") % {
                "status": record.get("status", "")
            }
        else:
            planned.append(
                PlannedAttendance(
                    row=number,
                    registration=registration,
                    status=status,
                    method=Attendance.Method.SHEET,
                )
            )
            continue
        report.rows.append(
            RowOutcome(
                row=number,
                action=Action.ERROR,
                name=record.get("name", ""),
                email=email or code,
                detail=detail,
            )
        )
    return planned


# ---------------------------------------------------------------------------------------
# An uploaded file waiting between preview and confirmation
# ---------------------------------------------------------------------------------------

STASH_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def _stash_path(token: str) -> Path:
    if not STASH_TOKEN.match(token):
        raise ImportFileError(_("This import has expired; upload the file again."))
    return Path(settings.MEDIA_ROOT) / "imports" / f"{token}.upload"


def upload_stash(data: bytes) -> str:
    """Keep the uploaded bytes on the server under an unguessable name; return the name.

    The confirmation reads this copy, never one sent back by the browser; the caller ties
    the token to the uploader (their session) and to the workshop."""
    token = secrets.token_urlsafe(24)
    path = _stash_path(token)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return token


def upload_unstash(token: str) -> bytes:
    path = _stash_path(token)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(_("This import has expired; upload the file again.")) from None


def upload_discard(token: str) -> None:
    with contextlib.suppress(ImportFileError, FileNotFoundError):
        _stash_path(token).unlink()
