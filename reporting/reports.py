"""Reports over a period, for one office or (headquarters) across offices. Each report is a
table of rows (what the page shows beside its chart, and what the CSV/XLSX download holds).

Small counts of people: a breakdown of participants (sector, gender, country) never shows a
group of fewer than REPORT_MIN_COUNT people on its own: such groups are added up into one
"other" row, and that row itself is shown as "fewer than N" when it is that small. Workshop
counts, attendance rates and certificate counts are about workshops, not people, and are exact."""

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from attendance.models import Attendance
from core.charts import BarChart, bar_chart
from core.counts import fewer_than, is_small, people_count
from core.exporting import Exporter
from core.page_cache import kept_records
from learning.results import registration_gains
from offices.models import Region, RegionalOffice
from offices.permissions import StaffAccess
from participants.models import Gender, Participant, Registration, Sector
from workshops.access import workshops_visible_to
from workshops.models import Pillar, Session, Workshop


@dataclass(frozen=True)
class ReportScope:
    """Whose workshops, started within which days."""

    start: dt.date
    end: dt.date
    office: RegionalOffice | None = None  # None: every office the access may see

    def workshops(self, access: StaffAccess) -> QuerySet[Workshop]:
        workshops = workshops_visible_to(access).filter(
            start_date__gte=self.start, start_date__lte=self.end
        )
        if self.office is not None:
            workshops = workshops.filter(office=self.office)
        return workshops.exclude(status__in=[Workshop.Status.DRAFT, Workshop.Status.CANCELLED])


@dataclass
class Report:
    key: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    # (label, value, value as shown) for the chart; rows that are hidden for privacy are not drawn.
    bars: list[tuple[str, float, str]] = field(default_factory=list)
    note: str = ""

    # Rows of the whole report that a page leaves to the download (see `shown`).
    rows_left_out: int = 0

    @property
    def chart(self) -> BarChart:
        return bar_chart(self.bars)

    def shown(self, limit: int) -> "Report":
        """The report as a page shows it: its first `limit` rows and bars (a report over every
        workshop of many years has thousands; the download holds them all)."""
        if len(self.rows) <= limit and len(self.bars) <= limit:
            return self
        return dataclasses.replace(
            self,
            rows=self.rows[:limit],
            bars=self.bars[:limit],
            rows_left_out=len(self.rows) - min(limit, len(self.rows)),
        )


class ReportExporter(Exporter):
    """A report as a download (core.exporting's shape): the rows shown beside its chart.
    Numbers stay numbers; text passes core.exporting.neutralise like every other export."""

    def __init__(self, *, report: Report, scope: ReportScope):
        self.report = report
        self.scope = scope
        self.identifier = self.sheet_title = report.key
        self.verbose_name = report.title

    def rows(self) -> tuple[list[str], Iterator[list]]:
        return [str(header) for header in self.report.headers], iter(self.report.rows)

    def filename(self, fmt: str) -> str:
        return f"{self.report.key}_{self.scope.start:%Y%m%d}-{self.scope.end:%Y%m%d}.{fmt}"


def _people_breakdown(
    counts: list[tuple[str, int]], *, minimum: int, other_label: str
) -> list[tuple[str, int | None]]:
    """Groups of at least `minimum` people as they are; the smaller ones summed into one other
    row, which is None (shown as "fewer than N") when it is small too. Largest first."""
    shown = sorted(
        ((label, count) for label, count in counts if count >= minimum),
        key=lambda pair: (-pair[1], pair[0]),
    )
    rest = sum(count for _label, count in counts if 0 < count < minimum)
    if rest:
        shown.append((other_label, rest if rest >= minimum else None))
    return shown


def _people_report(key: str, title: str, column: str, counts: list[tuple[str, int]]) -> Report:
    minimum = settings.REPORT_MIN_COUNT
    report = Report(
        key=key,
        title=title,
        headers=[column, str(_("Participants"))],
        note=str(
            _("Groups of fewer than %(count)s people are added into “Other”, so no one stands out.")
            % {"count": minimum}
        ),
    )
    for label, count in _people_breakdown(
        counts,
        minimum=minimum,
        other_label=str(_("Other (each fewer than %(count)s)") % {"count": minimum}),
    ):
        shown = fewer_than(minimum) if count is None else people_count(count, minimum=minimum)
        report.rows.append([label, shown])
        if count is not None:
            report.bars.append((label, count, str(count)))
    return report


def _participants(access: StaffAccess, scope: ReportScope) -> QuerySet[Participant]:
    """Distinct people with a confirmed registration at a workshop in scope."""
    return Participant.objects.filter(
        registrations__workshop__in=scope.workshops(access),
        registrations__status=Registration.Status.CONFIRMED,
    ).distinct()


def _count_by(people: QuerySet[Participant], field_name: str) -> list[tuple[str, int]]:
    return list(
        Participant.objects.filter(pk__in=people.values("pk"))
        .values_list(field_name)
        .annotate(count=Count("pk"))
        .order_by()
    )


def workshops_by_region_and_year(access: StaffAccess, scope: ReportScope) -> Report:
    report = Report(
        key="workshops-by-region",
        title=str(_("Workshops per region and year")),
        headers=[str(_("Region")), str(_("Year")), str(_("Workshops"))],
    )
    # Each region's name in the report's language, by the content rule (`region.name`).
    regions = {region.slug: region.name for region in Region.objects.all()}
    counts = (
        scope.workshops(access)
        .values_list("office__region__slug", "start_date__year")
        .annotate(count=Count("pk"))
        .order_by("office__region__slug", "start_date__year")
    )
    for region, year, count in counts:
        label = str(regions.get(region, region))
        report.rows.append([label, year, count])
        report.bars.append((f"{label} {year}", count, str(count)))
    return report


def participants_by_sector(access: StaffAccess, scope: ReportScope) -> Report:
    labels = dict(Sector.choices)
    counts = [
        (str(labels.get(value, _("not given"))), count)
        for value, count in _count_by(_participants(access, scope), "sector")
    ]
    return _people_report(
        "participants-by-sector", str(_("Participants by sector")), str(_("Sector")), counts
    )


def participants_by_gender(access: StaffAccess, scope: ReportScope) -> Report:
    labels = dict(Gender.choices)
    counts = [
        (str(labels.get(value, _("not given"))), count)
        for value, count in _count_by(_participants(access, scope), "gender")
    ]
    return _people_report(
        "participants-by-gender", str(_("Participants by gender")), str(_("Gender")), counts
    )


def participants_by_country(access: StaffAccess, scope: ReportScope) -> Report:
    names = dict(countries)
    counts = [
        (str(names.get(code, _("not given"))) if code else str(_("not given")), count)
        for code, count in _count_by(_participants(access, scope), "country")
    ]
    return _people_report(
        "participants-by-country", str(_("Participants by country")), str(_("Country")), counts
    )


def attendance_rates(access: StaffAccess, scope: ReportScope) -> Report:
    """Per workshop: of the sessions held, the share each confirmed person attended, averaged
    (attendance records present or late / (confirmed people x sessions held))."""
    report = Report(
        key="attendance-rates",
        title=str(_("Attendance rates")),
        headers=[
            str(_("Workshop")),
            str(_("Confirmed")),
            str(_("Sessions held")),
            str(_("Attended")),
            str(_("Rate (%)")),
        ],
    )
    now = timezone.now()
    workshops = list(
        scope.workshops(access).filter(start_date__lte=now.date()).order_by("start_date")
    )
    ids = [w.pk for w in workshops]
    held = dict(
        Session.objects.filter(workshop_id__in=ids, is_cancelled=False, starts_at__lte=now)
        .values_list("workshop_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    confirmed = dict(
        Registration.objects.filter(workshop_id__in=ids, status=Registration.Status.CONFIRMED)
        .values_list("workshop_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    attended = dict(
        Attendance.objects.filter(
            session__workshop_id__in=ids,
            session__is_cancelled=False,
            session__starts_at__lte=now,
            registration__status=Registration.Status.CONFIRMED,
            status__in=Attendance.ATTENDED_STATUSES,
        )
        .values_list("session__workshop_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for workshop in workshops:
        possible = held.get(workshop.pk, 0) * confirmed.get(workshop.pk, 0)
        if not possible:
            continue
        if is_small(confirmed[workshop.pk]):
            # One or two people's rate would be their own attendance record.
            report.rows.append([workshop.title, fewer_than(), held[workshop.pk], "", ""])
            continue
        rate = round(100 * attended.get(workshop.pk, 0) / possible)
        report.rows.append(
            [
                workshop.title,
                confirmed[workshop.pk],
                held[workshop.pk],
                attended.get(workshop.pk, 0),
                rate,
            ]
        )
        report.bars.append((workshop.title, rate, f"{rate}%"))
    return report


def certificates_issued(access: StaffAccess, scope: ReportScope) -> Report:
    report = Report(
        key="certificates-issued",
        title=str(_("Certificates issued")),
        headers=[str(_("Workshop")), str(_("Valid certificates")), str(_("Revoked"))],
    )
    workshops = (
        scope.workshops(access)
        .annotate(
            valid=Count(
                "registrations__certificates",
                filter=Q(
                    registrations__certificates__revoked_at__isnull=True,
                    registrations__certificates__superseded_at__isnull=True,
                ),
            ),
            revoked=Count(
                "registrations__certificates",
                filter=Q(registrations__certificates__revoked_at__isnull=False),
            ),
        )
        .filter(Q(valid__gt=0) | Q(revoked__gt=0))
        .order_by("start_date")
    )
    for workshop in workshops:
        report.rows.append(
            [workshop.title, people_count(workshop.valid), people_count(workshop.revoked)]
        )
        if not is_small(workshop.valid):
            report.bars.append((workshop.title, workshop.valid, str(workshop.valid)))
    return report


def learning_gain(access: StaffAccess, scope: ReportScope) -> Report:
    """Mean normalised gain (pre-test to post-test) per office, COP pillar and year. A workshop
    with several pillars counts under each. Groups of fewer than REPORT_MIN_COUNT people are
    added into one row per office and year, shown only when it reaches the minimum."""
    minimum = settings.REPORT_MIN_COUNT
    report = Report(
        key="learning-gain",
        title=str(_("Learning gain per office, pillar and year")),
        headers=[
            str(_("Office")),
            str(_("Pillar")),
            str(_("Year")),
            str(_("People with both tests")),
            str(_("Mean normalised gain")),
        ],
        note=str(
            _("Groups of fewer than %(count)s people are added into “Other pillars”.")
            % {"count": minimum}
        ),
    )
    workshops = scope.workshops(access)
    rows = list(workshops.values_list("pk", "office_id", "start_date"))
    # Each office's name in the report's language, by the content rule (`office.name`).
    office_names = {
        office.pk: office.name
        for office in RegionalOffice.objects.filter(pk__in={row[1] for row in rows})
    }
    facts = {pk: (office_names[office_id], start.year) for pk, office_id, start in rows}
    pillars: dict[int, list[str]] = {pk: [] for pk in facts}
    labels = {pillar.code: pillar.name for pillar in Pillar.objects.all()}
    for workshop_id, code in Pillar.objects.filter(workshops__in=workshops).values_list(
        "workshops", "code"
    ):
        pillars[workshop_id].append(str(labels[code]))
    groups: dict[tuple[str, str, int], list[float]] = {}
    for workshop_id, gain in registration_gains(workshops=workshops):
        office, year = facts[workshop_id]
        for pillar in pillars[workshop_id] or [str(_("no pillar given"))]:
            groups.setdefault((office, pillar, year), []).append(gain)
    other: dict[tuple[str, int], list[float]] = {}
    for (office, pillar, year), gains in sorted(groups.items()):
        if len(gains) < minimum:
            other.setdefault((office, year), []).extend(gains)
            continue
        mean = round(sum(gains) / len(gains), 2)
        report.rows.append([office, pillar, year, len(gains), mean])
        report.bars.append((f"{pillar} {year}", max(mean, 0), f"{mean:.2f}"))
    for (office, year), gains in sorted(other.items()):
        label = str(_("Other pillars"))
        if len(gains) < minimum:
            report.rows.append([office, label, year, fewer_than(minimum), ""])
        else:
            report.rows.append([office, label, year, len(gains), round(sum(gains) / len(gains), 2)])
    return report


REPORTS: dict[str, Callable[[StaffAccess, ReportScope], Report]] = {
    "workshops-by-region": workshops_by_region_and_year,
    "participants-by-sector": participants_by_sector,
    "participants-by-gender": participants_by_gender,
    "participants-by-country": participants_by_country,
    "attendance-rates": attendance_rates,
    "certificates-issued": certificates_issued,
    "learning-gain": learning_gain,
}


def reports_built(access: StaffAccess, scope: ReportScope) -> list[Report]:
    """Every report for this access and period, kept under the records revision: building them
    reads every registration of the period (over a second for all offices at scale), and a
    change by anyone is seen on the next load."""
    return kept_records(
        "reports",
        (
            access.role,
            access.office.pk if access.office else None,
            scope.start,
            scope.end,
            scope.office.pk if scope.office else None,
        ),
        lambda: [build(access, scope) for build in REPORTS.values()],
    )
