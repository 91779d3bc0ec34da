"""Staff pages for attendance records: the attendance matrix, one registration's
attendance, imports (preview, then confirm) and exports. Every page is scoped by
offices.permissions: another office's workshop is a 404, a viewer asking to change
something a 403. Check-in at the door lives in checkin_views.py."""

import time

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from attendance.exporters import AttendanceExporter, RegistrationsExporter
from attendance.forms import (
    AttendanceImportForm,
    ConfirmImportForm,
    EligibilityOverrideForm,
    ParticipantImportForm,
    RegistrationsExportForm,
    SessionStatusesForm,
)
from attendance.importers import attendance_file_import
from attendance.models import Attendance
from attendance.selectors import attendance_matrix_rows, attendance_summary, matrix_registrations
from attendance.services import (
    AttendanceError,
    attendance_set_status,
    registration_set_eligibility_override,
)
from core.exporting import FORMATS, ExportFile
from core.importing import ImportReport, upload_discard, upload_stash, upload_unstash
from core.reversing import reverse_for_each
from core.tabular import ImportFileError
from offices.permissions import staff_required
from participants.importers import participant_list_import
from participants.models import Registration
from workshops.access import workshop_for_staff, workshops_visible_to
from workshops.models import Workshop

MATRIX_PAGE_SIZE = 100
PENDING_IMPORTS_KEY = "pending_imports"


def registration_of(workshop: Workshop, registration_id: int) -> Registration:
    """The workshop's registration, or a 404: another workshop's id is not found here."""
    return get_object_or_404(
        workshop.registrations.select_related("participant", "workshop"), pk=registration_id
    )


# ---------------------------------------------------------------------------------------
# The attendance matrix and one registration's attendance
# ---------------------------------------------------------------------------------------


@staff_required
def attendance_matrix(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug)
    sessions = list(workshop.sessions.all())
    # A page of ids (not of whole registrations): the rows read what they show themselves.
    page = Paginator(
        matrix_registrations(workshop=workshop).values_list("id", flat=True), MATRIX_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = list(
        attendance_matrix_rows(
            workshop=workshop,
            registrations=matrix_registrations(workshop=workshop).filter(
                id__in=list(page.object_list)
            ),
        )
    )
    # Translated once here, not once per cell (the choices' labels are lazy).
    attendance_labels = {status: str(label) for status, label in Attendance.Status.choices}
    registration_labels = {status: str(label) for status, label in Registration.Status.choices}
    person_urls = reverse_for_each(
        "staff:registration_attendance",
        args=[workshop.slug],
        ids=[row["registration_id"] for row in rows],
    )
    for row in rows:
        row["url"] = person_urls[row["registration_id"]]
        # (status, label): the status styles the cell, the label is what people read.
        row["cells"] = [
            (status, attendance_labels.get(status, ""))
            for status in (row[f"session_{s.id}"] for s in sessions)
        ]
        row["status_label"] = registration_labels[row["status"]]
    return render(
        request,
        "participants/staff/attendance.html",
        {
            "workshop": workshop,
            "sessions": sessions,
            "rows": rows,
            "page_obj": page,
            "can_manage": request.staff_access.can_manage_office(workshop.office_id),
            "formats": list(FORMATS),
        },
    )


@staff_required
def registration_attendance(request: HttpRequest, slug: str, registration_id: int) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug)
    registration = registration_of(workshop, registration_id)
    sessions = list(workshop.sessions.filter(is_cancelled=False))
    current = dict(registration.attendances.values_list("session_id", "status"))
    statuses_form = SessionStatusesForm(
        sessions=sessions, initial={f"session_{sid}": st for sid, st in current.items()}
    )
    override_form = EligibilityOverrideForm(
        initial={
            "decision": {None: "rule", True: "eligible", False: "not_eligible"}[
                registration.eligibility_override
            ],
            "reason": registration.eligibility_override_reason,
        }
    )
    if request.method == "POST":
        workshop_for_staff(request.staff_access, slug=slug, manage=True)
        if "decision" in request.POST:
            override_form = EligibilityOverrideForm(request.POST)
            if override_form.is_valid():
                registration_set_eligibility_override(
                    registration=registration,
                    eligible=override_form.eligible,
                    reason=override_form.cleaned_data["reason"],
                    by=request.user,
                )
                messages.success(request, _("Certificate eligibility saved."))
                return redirect(request.path)
        else:
            statuses_form = SessionStatusesForm(request.POST, sessions=sessions)
            if statuses_form.is_valid():
                try:
                    for session in sessions:
                        attendance_set_status(
                            registration=registration,
                            session=session,
                            status=statuses_form.cleaned_data[f"session_{session.id}"],
                            by=request.user,
                        )
                except AttendanceError as error:
                    messages.error(request, str(error))
                else:
                    messages.success(request, _("Attendance saved."))
                return redirect(request.path)
    return render(
        request,
        "participants/staff/registration_attendance.html",
        {
            "workshop": workshop,
            "registration": registration,
            "summary": attendance_summary(registration=registration),
            "statuses_form": statuses_form,
            "override_form": override_form,
            "history": registration.history.filter(eligibility_override__isnull=False)
            .select_related("eligibility_override_by")
            .order_by("-history_date")[:20],
            "can_manage": request.staff_access.can_manage_office(workshop.office_id),
        },
    )


# ---------------------------------------------------------------------------------------
# Exports
# ---------------------------------------------------------------------------------------


def _streamed(export: ExportFile) -> StreamingHttpResponse:
    response = StreamingHttpResponse(export.chunks, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@staff_required
def attendance_export(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug)
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        return HttpResponseBadRequest(_("Unknown format: use csv, xlsx or json."))
    return _streamed(AttendanceExporter(workshop=workshop).render(fmt))


@staff_required
def registrations_export(request: HttpRequest) -> HttpResponse:
    form = RegistrationsExportForm(request.GET or None)
    if form.is_valid():
        exporter = RegistrationsExporter(
            workshops=workshops_visible_to(request.staff_access),
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
        )
        return _streamed(exporter.render(form.cleaned_data["format"]))
    return render(request, "participants/staff/registrations_export.html", {"form": form})


# ---------------------------------------------------------------------------------------
# Imports: upload -> preview -> confirm
# ---------------------------------------------------------------------------------------


def _remember_upload(request: HttpRequest, workshop: Workshop, kind: str, data: bytes, options):
    token = upload_stash(data)
    pending = request.session.get(PENDING_IMPORTS_KEY, {})
    now = time.time()
    for old_token, entry in list(pending.items()):
        if now - entry["at"] > settings.IMPORT_PENDING_MAX_AGE_SECONDS:
            upload_discard(old_token)
            del pending[old_token]
    pending[token] = {"workshop": workshop.id, "kind": kind, "options": options, "at": now}
    request.session[PENDING_IMPORTS_KEY] = pending
    return token


def _take_upload(request: HttpRequest, workshop: Workshop, kind: str, token: str):
    """The stashed file if this uploader's session holds its token for this workshop."""
    entry = request.session.get(PENDING_IMPORTS_KEY, {}).get(token)
    if not entry or entry["workshop"] != workshop.id or entry["kind"] != kind:
        raise ImportFileError(_("This import has expired; upload the file again."))
    return upload_unstash(token), entry["options"]


def _forget_upload(request: HttpRequest, token: str) -> None:
    pending = request.session.get(PENDING_IMPORTS_KEY, {})
    pending.pop(token, None)
    request.session[PENDING_IMPORTS_KEY] = pending
    upload_discard(token)


def _run_import(kind: str, workshop: Workshop, data: bytes, options: dict, request, dry_run):
    if kind == "participants":
        return participant_list_import(
            workshop=workshop, data=data, by=request.user, dry_run=dry_run
        )
    session = workshop.sessions.filter(pk=options.get("session")).first()
    return attendance_file_import(
        workshop=workshop,
        data=data,
        by=request.user,
        dry_run=dry_run,
        session=session,
        min_minutes=options.get("min_minutes"),
    )


def _import_page(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    form_class = ParticipantImportForm if kind == "participants" else AttendanceImportForm
    extra = {} if kind == "participants" else {"workshop": workshop}
    form = form_class(**extra)
    report: ImportReport | None = None
    token = ""
    if request.method == "POST" and "token" in request.POST:
        confirm = ConfirmImportForm(request.POST)
        token = request.POST.get("token", "")
        try:
            if not confirm.is_valid():
                raise ImportFileError(_("This import has expired; upload the file again."))
            data, options = _take_upload(request, workshop, kind, token)
        except ImportFileError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        report = _run_import(kind, workshop, data, options, request, dry_run=False)
        if report.applied:
            _forget_upload(request, token)
            messages.success(
                request,
                _("Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
                % report.counts,
            )
            return redirect("staff:attendance", slug=workshop.slug)
        # The data changed since the preview: show what is wrong now, and start again.
        _forget_upload(request, token)
        token = ""
    elif request.method == "POST":
        form = form_class(request.POST, request.FILES, **extra)
        if form.is_valid():
            data = form.cleaned_data["file"].read()
            options = {}
            if kind == "attendance":
                session = form.cleaned_data["session"]
                options = {
                    "session": session.id if session else None,
                    "min_minutes": form.cleaned_data["min_minutes"],
                }
            report = _run_import(kind, workshop, data, options, request, dry_run=True)
            if not report.has_errors:
                token = _remember_upload(request, workshop, kind, data, options)
    return render(
        request,
        "participants/staff/import.html",
        {
            "workshop": workshop,
            "kind": kind,
            "form": form,
            "report": report,
            "confirm_form": ConfirmImportForm(initial={"token": token}) if token else None,
        },
    )


@staff_required
def participants_import(request: HttpRequest, slug: str) -> HttpResponse:
    return _import_page(request, slug, "participants")


@staff_required
def attendance_import(request: HttpRequest, slug: str) -> HttpResponse:
    return _import_page(request, slug, "attendance")
