"""Importing attendance into a workshop: Zoom and Teams participant reports and attendance
sheets, the same for the staff area and `import_attendance` (core.importing says how every
import runs)."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from attendance.models import Attendance
from attendance.online_reports import is_online_report, parse_attendance_sheet, parse_online_report
from attendance.services import AttendanceError, attendance_set_status
from core.importing import Action, ImportReport, RowOutcome, import_finish
from core.tabular import ImportFileError, Table, read_table
from core.text import fold
from participants.models import Registration
from workshops.models import Session, Workshop


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
        import_finish(report, dry_run=dry_run)
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
