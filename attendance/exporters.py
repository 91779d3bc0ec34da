"""The attendance exports (core.exporting's shape): one workshop's attendance, a column per
session; or the registrations of the workshops in a date range. Rows come from
attendance.selectors.attendance_matrix_rows, columns from attendance.resources."""

import datetime as dt
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from attendance.resources import AttendanceResource
from attendance.selectors import attendance_matrix_rows
from core.exporting import Exporter, column_getters
from workshops.models import Workshop


class AttendanceExporter(Exporter):
    """One workshop: a row per registration, a column per session, totals and eligibility."""

    identifier = "attendance"
    verbose_name = _("Attendance: a row per participant, a column per session")
    sheet_title = _("Attendance")

    def __init__(self, *, workshop: Workshop):
        self.workshop = workshop

    def resource(self) -> AttendanceResource:
        return AttendanceResource(sessions=list(self.workshop.sessions.all()))

    def source_rows(self) -> Iterator[dict]:
        return attendance_matrix_rows(workshop=self.workshop)

    def filename(self, fmt: str) -> str:
        return f"attendance-{self.workshop.slug}.{fmt}"

    def rows(self) -> tuple[list[str], Iterator[list]]:
        header, getters = column_getters(self.resource())
        return header, ([get(row) for get in getters] for row in self.source_rows())


class RegistrationsExporter(AttendanceExporter):
    """Workshops in a date range: a row per registration with its workshop, totals and
    eligibility (no session columns: each workshop has its own agenda)."""

    identifier = "registrations"
    verbose_name = _("Registrations of the workshops in a date range")

    def __init__(
        self, *, workshops: QuerySet[Workshop], start: dt.date | None, end: dt.date | None
    ):
        if start:
            workshops = workshops.filter(end_date__gte=start)
        if end:
            workshops = workshops.filter(start_date__lte=end)
        self.workshops = workshops.order_by("start_date", "id")
        self.start, self.end = start, end

    def resource(self) -> AttendanceResource:
        return AttendanceResource(workshop_title="yes")

    def source_rows(self) -> Iterator[dict]:
        for workshop in self.workshops:
            for row in attendance_matrix_rows(workshop=workshop):
                row["workshop"] = workshop.title
                yield row

    def filename(self, fmt: str) -> str:
        span = "-".join(slugify(str(day)) for day in (self.start, self.end) if day) or "all"
        return f"registrations-{span}.{fmt}"
