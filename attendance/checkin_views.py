"""Staff pages for the door: check-in (search, scan, walk-ins, undo) and the printed
sign-in sheet. Scoped like every staff page: another office's workshop is a 404, a viewer
asking to change something a 403."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attendance.forms import WalkInForm
from attendance.models import Attendance
from attendance.qr_signing import QrCodeInvalid, looks_signed, registration_qr_payload
from attendance.selectors import (
    checkin_search,
    present_count,
    registration_by_code,
    registration_by_signed_code,
)
from attendance.services import (
    AttendanceError,
    attendance_check_in,
    checkin_undo_logged,
    walk_in_check_in,
)
from attendance.sign_in_sheet import SheetRow, sign_in_sheet_pdf
from attendance.views import registration_of
from offices.permissions import staff_required
from participants.models import Registration
from workshops.access import workshop_for_staff
from workshops.models import Session, Workshop


def offline_labels() -> dict[str, str]:
    """The check-in scripts' words, translated here (JSON in the page, read by checkin-store.js;
    %(name)s placeholders are filled in there)."""
    return {
        "online": _("Online"),
        "offline": _("Offline: check-in goes on from this device"),
        "waiting": _("waiting to sync: %(count)s"),
        "lastSync": _("last sync %(time)s"),
        "neverSynced": _("not synced yet"),
        "ready": _("ready to work offline"),
        "present": str(Attendance.Status.PRESENT.label),
        "pending": _("waiting to sync"),
        "queuedCheckIn": _("%(name)s is checked in (waiting to sync)."),
        "queuedUndo": _("%(name)s is no longer checked in (waiting to sync)."),
        "queuedWalkIn": _("%(name)s is registered and checked in (waiting to sync)."),
        "walkInIncomplete": _("A walk-in needs a name and a valid e-mail address."),
        "noRoster": _("This device has no copy of the list yet: open check-in once while online."),
        "qrNotOurs": _("This is not a check-in QR code."),
        "qrUnknownKey": _("This QR code was signed with a key this site does not know."),
        "qrForged": _("This QR code's signature is not valid: it was altered or forged."),
        "qrOtherWorkshop": _("This QR code is for another workshop."),
        "qrRevoked": _("This QR code is no longer valid: %(name)s's registration was cancelled."),
        "signInAgain": _("Sign in again to sync: the actions wait on this device."),
        "syncFailed": _("The sync failed: the actions wait on this device."),
        "deviceName": _("Device %(id)s"),
        "signOutWaiting": _(
            "Actions not yet synced (%(count)s) will be lost if you sign out now. Sign out anyway?"
        ),
    }


def _session_of(workshop: Workshop, session_id: int) -> Session:
    return get_object_or_404(workshop.sessions.select_related("workshop"), pk=session_id)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@staff_required
def checkin_sessions(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    return render(
        request,
        "participants/staff/checkin_sessions.html",
        {
            "workshop": workshop,
            "sessions": workshop.sessions.all(),
            "checkin_labels": offline_labels(),
        },
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
        if looks_signed(query):
            try:
                registration = registration_by_signed_code(workshop=workshop, payload=query)
            except QrCodeInvalid as error:
                return _checkin_done(request, workshop, session, ok=False, message=str(error))
            return _check_in_and_answer(
                request, workshop, session, registration, method=Attendance.Method.QR, clear=True
            )
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
            "checkin_labels": offline_labels(),
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
    registration = registration_of(workshop, registration_id)
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
    registration = registration_of(workshop, registration_id)
    checkin_undo_logged(
        workshop=workshop, registration=registration, session=session, by=request.user
    )
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
            "checkin_labels": offline_labels(),
        },
        status=400,
    )


@staff_required
def sign_in_sheet(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug)
    session = _session_of(workshop, session_id)
    rows = [
        SheetRow(
            full_name=registration.participant.full_name,
            organisation=registration.participant.organisation,
            code=registration.participant.code,
            qr_payload=registration_qr_payload(registration),
        )
        for registration in workshop.registrations.filter(status__in=Registration.LIVE_STATUSES)
        .select_related("participant")
        .order_by("participant__full_name")
    ]
    pdf = sign_in_sheet_pdf(session=session, rows=rows, language=request.LANGUAGE_CODE)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sign-in-{workshop.slug}-{session.id}.pdf"'
    return response
