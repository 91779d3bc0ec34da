"""Reading what online meetings and paper sheets say about attendance: Zoom and Microsoft
Teams participant reports (durations, join dates) and attendance sheets, from a table that
core.tabular has read."""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.tabular import Column, ImportFileError, Records, Table, find_records

REPORT_COLUMNS = (
    Column("name", ("Name", "Name (Original Name)", "Full name", "Participant"), required=True),
    Column("email", ("Email", "E-mail", "User Email", "Email address"), required=True),
    Column(
        "duration",
        ("Duration (Minutes)", "In-Meeting Duration", "Duration", "Attendance duration"),
        required=True,
    ),
    Column("joined", ("Join Time", "First Join", "First join time", "Join time")),
)

SHEET_COLUMNS = (
    Column("email", ("Email", "E-mail", "Email address")),
    Column("code", ("Participant code", "Code")),
    Column("name", ("Full name", "Name")),
    Column("status", ("Status", "Attendance")),
)

DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([hms])", re.IGNORECASE)
CLOCK_DURATION = re.compile(r"^(\d+):(\d{1,2})(?::(\d{1,2}))?$")
REPORT_DATE_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%y, %I:%M:%S %p",
    "%m/%d/%y, %I:%M %p",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
)


def parse_duration_seconds(text: str) -> int | None:
    """ "3h 2m 10s", "59m 59s", "3h", "1:05:00" or plain minutes ("212") as seconds."""
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return round(float(text) * 60)
    clock = CLOCK_DURATION.match(text)
    if clock:
        hours, minutes, seconds = (int(part or 0) for part in clock.groups())
        return hours * 3600 + minutes * 60 + seconds
    parts = DURATION_PART.findall(text)
    if not parts or DURATION_PART.sub("", text).strip():
        return None
    unit_seconds = {"h": 3600, "m": 60, "s": 1}
    return round(sum(float(amount) * unit_seconds[unit.lower()] for amount, unit in parts))


def parse_report_date(text: str) -> dt.date | None:
    for fmt in REPORT_DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007 (a day only)
        except ValueError:
            continue
    return None


@dataclass
class ReportPerson:
    """One person in an online report: rejoin rows are added up."""

    email: str
    name: str
    rows: list[int]
    seconds: int = 0


@dataclass
class ReportParse:
    people: list[ReportPerson]
    without_email: list[tuple[int, str]]
    bad_rows: list[tuple[int, str]]
    meeting_days: set[dt.date]
    unknown_columns: list[str]


def is_online_report(table: Table) -> bool:
    try:
        find_records(table, REPORT_COLUMNS)
    except ImportFileError:
        return False
    return True


def parse_online_report(table: Table) -> ReportParse:
    """The participants of a Zoom or Teams report, durations added up per e-mail.

    Only the first section with the participant columns is read: Teams repeats each join in a
    later "In-Meeting Activities" section, which would count people twice."""
    records = find_records(table, REPORT_COLUMNS, stop_at_blank=True)
    people: dict[str, ReportPerson] = {}
    without_email = []
    bad_rows = []
    days = set()
    for number, record in records.rows:
        seconds = parse_duration_seconds(record["duration"])
        if seconds is None:
            bad_rows.append(
                (number, _("“%(value)s” is not a duration.") % {"value": record["duration"]})
            )
            continue
        if record.get("joined"):
            day = parse_report_date(record["joined"])
            if day:
                days.add(day)
        email = record["email"].strip()
        if not email:
            without_email.append((number, record["name"]))
            continue
        person = people.setdefault(
            email.casefold(), ReportPerson(email=email, name=record["name"], rows=[])
        )
        person.rows.append(number)
        person.seconds += seconds
    return ReportParse(
        people=list(people.values()),
        without_email=without_email,
        bad_rows=bad_rows,
        meeting_days=days,
        unknown_columns=[],
    )


def parse_attendance_sheet(table: Table) -> Records:
    """An attendance sheet: an e-mail or participant code per row, optionally a status."""
    for key in ("email", "code"):
        try:
            return find_records(
                table,
                [Column(c.key, c.names, required=c.key == key) for c in SHEET_COLUMNS],
            )
        except ImportFileError:
            continue
    raise ImportFileError(
        _(
            "This is neither a Zoom or Teams participant report nor an attendance sheet: no "
            "row holds the columns “Email” (or “Participant code”) of a sheet, nor “Name”, "
            "“Email” and “Duration” of a report."
        )
    )
