"""Staff pages for attendance: check-in at the door, the attendance matrix, sign-in sheets,
imports (preview, then confirm) and exports. Every page is scoped by offices.permissions:
another office's workshop is a 404, a viewer asking to change something a 403."""

import time

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attendance.exporters import AttendanceExporter, RegistrationsExporter
from attendance.forms import (
    AttendanceImportForm,
    ConfirmImportForm,
    EligibilityOverrideForm,
    ParticipantImportForm,
    RegistrationsExportForm,
    SessionStatusesForm,
    WalkInForm,
)
from attendance.importers import attendance_file_import
from attendance.models import Attendance
from attendance.selectors import (
    attendance_matrix_rows,
    attendance_summary,
    checkin_search,
    matrix_registrations,
    present_count,
    registration_by_code,
)
from attendance.services import (
    AttendanceError,
    attendance_check_in,
    attendance_set_status,
    attendance_undo,
    registration_set_eligibility_override,
    walk_in_check_in,
)
from attendance.sign_in_sheet import SheetRow, sign_in_sheet_pdf
from core.exporting import FORMATS, ExportFile
from core.importing import ImportReport, upload_discard, upload_stash, upload_unstash
from core.tabular import ImportFileError
from offices.permissions import staff_required
from participants.importers import participant_list_import
from participants.models import Registration
from workshops.access import workshop_for_staff, workshops_visible_to
from workshops.models import Session, Workshop

MATRIX_PAGE_SIZE = 100
PENDING_IMPORTS_KEY = "pending_imports"


def _session_of(workshop: Workshop, session_id: int) -> Session:
    return get_object_or_404(workshop.sessions.select_related("workshop"), pk=session_id)


def _registration_of(workshop: Workshop, registration_id: int) -> Registration:
    return get_object_or_404(
        workshop.registrations.select_related("participant", "workshop"), pk=registration_id
    )


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


# ---------------------------------------------------------------------------------------
# Check-in
# ---------------------------------------------------------------------------------------


@staff_required
def checkin_sessions(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    return render(
        request,
        "participants/staff/checkin_sessions.html",
        {"workshop": workshop, "sessions": workshop.sessions.all()},
    )


def _checkin_url(workshop: Workshop, session: Session, query: str = "") -> str:
    url = reverse("staff:checkin", kwargs={"slug": workshop.slug, "session_id": session.id})
    return f"{url}?{urlencode({'q': query})}" if query else url


def _result_json(workshop: Workshop, session: Session, registration: Registration) -> dict:
    participant = registration.participant
    kwargs = {"slug": workshop.slug, "session_id": session.id, "registration_id": registration.id}
    return {
        "id": registration.id,
        "name": participant.full_name,
        "email": participant.email,
        "organisation": participant.organisation,
        "code": participant.code,
        "registration_status": registration.get_status_display(),
        "can_check_in": registration.is_live,
        "session_status": registration.session_status or "",
        "session_status_label": str(Attendance.Status(registration.session_status).label)
        if registration.session_status
        else "",
        "attend_url": reverse("staff:checkin_attend", kwargs=kwargs),
        "undo_url": reverse("staff:checkin_undo", kwargs=kwargs),
    }


def _checkin_done(
    request: HttpRequest, workshop: Workshop, session: Session, *, ok: bool, message: str
) -> HttpResponse:
    """The same answer for the page (message, redirect) and for checkin.js (JSON)."""
    if _wants_json(request):
        return JsonResponse(
            {"ok": ok, "message": message, "present": present_count(session=session)},
            status=200 if ok else 409,
        )
    (messages.success if ok else messages.error)(request, message)
    return redirect(_checkin_url(workshop, session, request.POST.get("q", "")))


@staff_required
def checkin(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """GET: the search page. POST (the search box's Enter, or a scanner): a participant code
    checks that person in at once; anything else is searched for."""
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    session = _session_of(workshop, session_id)
    if request.method == "POST":
        query = request.POST.get("q", "").strip()
        registration = registration_by_code(workshop=workshop, code=query)
        if registration is None:
            if _wants_json(request):
                return JsonResponse({"ok": False, "matched": False, "message": ""})
            return redirect(_checkin_url(workshop, session, query))
        return _check_in_and_answer(
            request, workshop, session, registration, method=Attendance.Method.QR, clear=True
        )
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "participants/staff/checkin.html",
        {
            "workshop": workshop,
            "session": session,
            "query": query,
            "results": checkin_search(workshop=workshop, session=session, query=query),
            "present": present_count(session=session),
            "walk_in_form": WalkInForm(),
        },
    )


def _check_in_and_answer(
    request: HttpRequest,
    workshop: Workshop,
    session: Session,
    registration: Registration,
    *,
    method: str,
    clear: bool = False,
) -> HttpResponse:
    name = registration.participant.full_name
    try:
        _attendance, marked = attendance_check_in(
            registration=registration, session=session, by=request.user, method=method
        )
    except AttendanceError as error:
        return _checkin_done(request, workshop, session, ok=False, message=str(error))
    if clear:
        request.POST = request.POST.copy()
        request.POST["q"] = ""
    message = (
        _("%(name)s is checked in.") if marked else _("%(name)s was already checked in.")
    ) % {"name": name}
    return _checkin_done(request, workshop, session, ok=True, message=message)


@staff_required
def checkin_search_json(request: HttpRequest, slug: str, session_id: int) -> JsonResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    session = _session_of(workshop, session_id)
    results = checkin_search(workshop=workshop, session=session, query=request.GET.get("q", ""))
    return JsonResponse(
        {
            "results": [_result_json(workshop, session, r) for r in results],
            "present": present_count(session=session),
        }
    )


@require_POST
@staff_required
def checkin_attend(
    request: HttpRequest, slug: str, session_id: int, registration_id: int
) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    session = _session_of(workshop, session_id)
    registration = _registration_of(workshop, registration_id)
    return _check_in_and_answer(
        request, workshop, session, registration, method=Attendance.Method.DOOR
    )


@require_POST
@staff_required
def checkin_undo(
    request: HttpRequest, slug: str, session_id: int, registration_id: int
) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    session = _session_of(workshop, session_id)
    registration = _registration_of(workshop, registration_id)
    attendance_undo(registration=registration, session=session)
    message = _("%(name)s is no longer checked in.") % {"name": registration.participant.full_name}
    return _checkin_done(request, workshop, session, ok=True, message=message)


@require_POST
@staff_required
def checkin_walk_in(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    session = _session_of(workshop, session_id)
    form = WalkInForm(request.POST)
    if form.is_valid():
        try:
            walk_in_check_in(
                workshop=workshop, session=session, by=request.user, **form.cleaned_data
            )
        except AttendanceError as error:
            form.add_error(None, str(error))
        else:
            return _checkin_done(
                request,
                workshop,
                session,
                ok=True,
                message=_("%(name)s is registered and checked in.")
                % {"name": form.cleaned_data["full_name"]},
            )
    if _wants_json(request):
        return JsonResponse({"ok": False, "errors": form.errors.get_json_data()}, status=400)
    return render(
        request,
        "participants/staff/checkin.html",
        {
            "workshop": workshop,
            "session": session,
            "query": "",
            "results": [],
            "present": present_count(session=session),
            "walk_in_form": form,
            "walk_in_open": True,
        },
        status=400,
    )


@staff_required
def sign_in_sheet(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug)
    session = _session_of(workshop, session_id)
    rows = [
        SheetRow(full_name=name, organisation=organisation, code=code)
        for name, organisation, code in workshop.registrations.filter(
            status__in=Registration.LIVE_STATUSES
        )
        .order_by("participant__full_name")
        .values_list("participant__full_name", "participant__organisation", "participant__code")
    ]
    pdf = sign_in_sheet_pdf(session=session, rows=rows, language=request.LANGUAGE_CODE)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sign-in-{workshop.slug}-{session.id}.pdf"'
    return response


# ---------------------------------------------------------------------------------------
# The attendance matrix and one registration's attendance
# ---------------------------------------------------------------------------------------


@staff_required
def attendance_matrix(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug)
    sessions = list(workshop.sessions.all())
    page = Paginator(matrix_registrations(workshop=workshop), MATRIX_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = list(
        attendance_matrix_rows(
            workshop=workshop,
            registrations=matrix_registrations(workshop=workshop).filter(
                id__in=[r.id for r in page.object_list]
            ),
        )
    )
    attendance_labels = dict(Attendance.Status.choices)
    registration_labels = dict(Registration.Status.choices)
    for row in rows:
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
    registration = _registration_of(workshop, registration_id)
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
