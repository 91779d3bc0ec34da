"""Reports in the staff area: charts with their tables, and each as CSV or XLSX."""

import datetime as dt

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates import selectors as certificate_selectors
from offices.models import RegionalOffice
from offices.permissions import StaffAccess, staff_required
from reporting import audit, selectors
from reporting.reports import REPORTS, ReportExporter, ReportScope, reports_built
from workshops.access import workshop_for_staff, workshops_visible_to
from workshops.manage_forms import DateInput

DOWNLOAD_FORMATS = ("csv", "xlsx")
# A report's table on the page stops here; its download holds every row.
REPORT_ROWS_SHOWN = 50


class ReportScopeForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    end = forms.DateField(label=_("To"), widget=DateInput(), required=False)
    office = forms.ModelChoiceField(
        label=_("Office"),
        queryset=RegionalOffice.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All offices"),
    )

    def __init__(self, data, *, access: StaffAccess):
        super().__init__(data)
        self.access = access
        if not access.sees_every_office:
            del self.fields["office"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period cannot be before its start."))
        return cleaned

    def scope(self) -> ReportScope:
        """The period asked for, or by default every year with a workshop up to this year."""
        data = self.cleaned_data if self.is_valid() else {}
        today = timezone.localdate()
        start = data.get("start")
        if start is None:
            first = workshops_visible_to(self.access).order_by("start_date").first()
            start = dt.date(first.start_date.year if first else today.year, 1, 1)
        return ReportScope(
            start=start,
            end=data.get("end") or dt.date(today.year, 12, 31),
            office=data.get("office"),
        )


@staff_required
def reports(request: HttpRequest) -> HttpResponse:
    form = ReportScopeForm(request.GET or None, access=request.staff_access)
    scope = form.scope()
    built = [
        report.shown(REPORT_ROWS_SHOWN) for report in reports_built(request.staff_access, scope)
    ]
    return render(
        request,
        "staff/reports/reports.html",
        {
            "form": form,
            "scope": scope,
            "reports": built,
            "query": request.GET.urlencode(),
        },
        status=400 if form.errors else 200,
    )


@staff_required
def report_download(request: HttpRequest, report: str) -> HttpResponse:
    build = REPORTS.get(report)
    fmt = request.GET.get("format", "csv")
    if build is None or fmt not in DOWNLOAD_FORMATS:
        raise Http404
    form = ReportScopeForm(request.GET, access=request.staff_access)
    scope = form.scope()
    export = ReportExporter(report=build(request.staff_access, scope), scope=scope).render(fmt)
    # A report is a few aggregated rows: sent whole rather than streamed.
    response = HttpResponse(b"".join(export.chunks), content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


STAFF_WORKSHOPS_PER_PAGE = 25


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The office's day: what is coming, what waits for staff, what happens today. Certificates
    to issue are counted for the most recently ended workshops only; older ones are on the
    workshop list."""
    access = request.staff_access
    lists = selectors.dashboard_lists(access)
    return render(request, "staff/dashboard.html", {**lists, "can_create": access.may_manage})


@staff_required
def workshop_list(request: HttpRequest) -> HttpResponse:
    """Every workshop the staff member sees, newest first, a page at a time; for a past
    workshop, how many certificates are still to issue (counted for this page only)."""
    visible = workshops_visible_to(request.staff_access)
    workshops = (
        selectors.staff_workshops_with_counts(visible)
        .select_related("office")
        .order_by("-start_date", "title", "pk")
    )
    page = Paginator(workshops, STAFF_WORKSHOPS_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    past = [w for w in rows if selectors.workshop_is_finished(w)]
    to_issue = certificate_selectors.certificates_to_issue(workshops=past)
    return render(
        request,
        "staff/workshop_list.html",
        {
            "page": page,
            "rows": [(w, to_issue.get(w.pk)) for w in rows],
        },
    )


@staff_required
def workshop_history(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug)
    return render(
        request,
        "staff/history.html",
        {
            "workshop": workshop,
            "subject": workshop.title,
            "entries": audit.workshop_audit_trail(workshop=workshop),
        },
    )


@staff_required
def registration_history(request: HttpRequest, slug: str, registration_id: int) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug)
    registration = get_object_or_404(
        workshop.registrations.select_related("participant"), pk=registration_id
    )
    return render(
        request,
        "staff/history.html",
        {
            "workshop": workshop,
            "subject": registration.participant.full_name,
            "entries": audit.registration_audit_trail(registration=registration),
        },
    )
