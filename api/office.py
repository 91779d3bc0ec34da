"""Endpoints that need a token (`Authorization: Bearer <token>`): the office's registrations,
attendance, participants and certificate batches. A token acts through the same permission layer as the staff
area (offices.permissions, workshops.access): another office's object is 404, a token without
the scope 403, a headquarters token reads every office and changes nothing. Writes go through
the same services, and the audit trail names the token."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from api import schemas
from api.auth import TokenAuth, require_scope
from api.models import Scope
from api.problems import problem
from api.responses import Lang, answer_language, json_answer
from api.selectors import ReadOnlyTokenError, api_token_participant, api_token_workshop
from attendance.selectors import attendance_list
from attendance.services import CheckinActionInput, apply_checkin_actions
from certificates.batches import batch_create
from certificates.models import CertificateBatch
from participants import services as registration_services
from participants.models import Participant, Registration
from workshops.models import Workshop

router = Router(tags=["office"], auth=TokenAuth())

AUTH_PROBLEMS = {
    400: schemas.Problem,
    401: schemas.Problem,
    403: schemas.Problem,
    404: schemas.Problem,
    422: schemas.Problem,
    429: schemas.Problem,
}


def _choice(code: str, name) -> schemas.Choice:
    return schemas.Choice(code=str(code), name=str(name))


def _workshop(request: HttpRequest, slug: str, *, manage: bool = False) -> Workshop:
    """The workshop as the staff area would give it to this token's access: 404 for another
    office's, 403 for a change by a read-only (headquarters) token."""
    if "\x00" in slug:  # PostgreSQL refuses NUL in a query; no slug holds one
        raise Http404
    try:
        return api_token_workshop(request.api_access, slug=slug, manage=manage)
    except ReadOnlyTokenError:
        raise HttpError(403, _("This token may only read.")) from None


@router.get("/token", response={200: schemas.TokenOut, **AUTH_PROBLEMS})
def token_detail(request: HttpRequest) -> HttpResponse:
    """The token this request carries: its name, office (null for headquarters), scopes."""
    token = request.auth
    answer = schemas.TokenOut(
        name=token.name,
        office=token.office.slug if token.office_id else None,
        scopes=token.scopes,
        expires_at=token.expires_at,
        read_only=not request.api_access.may_manage,
    )
    return json_answer(request, answer, language="en")


def _registration(registration: Registration) -> schemas.RegistrationOut:
    participant = registration.participant
    return schemas.RegistrationOut(
        id=registration.pk,
        status=_choice(registration.status, registration.get_status_display()),
        participant_id=participant.pk,
        full_name=participant.full_name,
        email=participant.email,
        organisation=participant.organisation,
        country=str(participant.country or ""),
        created_at=registration.created_at,
        confirmed_at=registration.confirmed_at,
        cancelled_at=registration.cancelled_at,
    )


@router.get(
    "/office/workshops/{slug}/registrations",
    response={200: schemas.RegistrationList, **AUTH_PROBLEMS},
)
def registration_list(request: HttpRequest, slug: str, lang: Lang | None = None) -> HttpResponse:
    """Every registration of one of the office's workshops, oldest first."""
    require_scope(request, Scope.READ_REGISTRATIONS)
    workshop = _workshop(request, slug)
    registrations = (
        workshop.registrations.select_related("participant").order_by("created_at", "id").all()
    )
    with answer_language(lang) as language:
        answer = schemas.RegistrationList(items=[_registration(r) for r in registrations])
    return json_answer(request, answer, language=language)


ACTIONS = {
    "approve": registration_services.registration_approve,
    "decline": registration_services.registration_decline,
    "cancel": registration_services.registration_cancel_by_staff,
    "promote": registration_services.registration_promote,
}


@router.post(
    "/office/workshops/{slug}/registrations/{registration_id}/status",
    response={
        200: schemas.RegistrationOut,
        409: schemas.Problem,
        422: schemas.Problem,
        **AUTH_PROBLEMS,
    },
)
def registration_change(
    request: HttpRequest,
    slug: str,
    registration_id: int,
    payload: schemas.RegistrationAction,
    lang: Lang | None = None,
) -> HttpResponse:
    """Approve, decline, cancel or move up a registration, by the staff area's services (the
    same rules, e-mails and audit rows). A refusal by the rules answers 409 and changes
    nothing."""
    token = require_scope(request, Scope.WRITE_REGISTRATIONS)
    workshop = _workshop(request, slug, manage=True)
    registration = get_object_or_404(
        Registration.objects.select_related("participant"), workshop=workshop, pk=registration_id
    )
    try:
        # The history middleware records the token's user; the reason names the token.
        ACTIONS[payload.action](registration=registration, change_reason=token.audit_label)
    except registration_services.RegistrationError as error:
        return problem(request, "conflict", detail=error.message)
    registration.refresh_from_db()
    with answer_language(lang) as language:
        answer = _registration(registration)
    return json_answer(request, answer, language=language)


@router.get(
    "/office/workshops/{slug}/attendance",
    response={200: schemas.AttendanceList, **AUTH_PROBLEMS},
)
def attendance(request: HttpRequest, slug: str, lang: Lang | None = None) -> HttpResponse:
    """Every attendance record of one of the office's workshops."""
    require_scope(request, Scope.READ_ATTENDANCE)
    workshop = _workshop(request, slug)
    with answer_language(lang) as language:
        answer = schemas.AttendanceList(
            items=[
                schemas.AttendanceOut(
                    registration_id=record.registration_id,
                    session_id=record.session_id,
                    session_title=record.session.title,
                    status=_choice(record.status, record.get_status_display()),
                    method=_choice(record.method, record.get_method_display()),
                    recorded_at=record.recorded_at,
                )
                for record in attendance_list(workshop=workshop)
            ]
        )
    return json_answer(request, answer, language=language)


@router.post(
    "/office/workshops/{slug}/attendance",
    response={200: schemas.AttendanceBatchResult, **AUTH_PROBLEMS},
)
def attendance_record(
    request: HttpRequest, slug: str, payload: schemas.AttendanceBatchIn, lang: Lang | None = None
) -> HttpResponse:
    """Record or undo a batch of check-ins, each applied once whatever the retries (by its
    client `id`), by the same service as the offline check-in page: the earliest check-in of a
    person at a session wins, an action that came too late is `lost` and says why. An action on
    another workshop's session or registration is `refused`; the others still apply."""
    token = require_scope(request, Scope.WRITE_ATTENDANCE)
    workshop = _workshop(request, slug, manage=True)
    actions = [
        CheckinActionInput(
            client_id=item.id,
            kind=item.kind,
            session_id=item.session,
            # A client whose clock runs ahead cannot place its actions in the future.
            occurred_at=min(item.occurred_at, timezone.now()),
            registration_id=item.registration,
        )
        for item in payload.actions
    ]
    with answer_language(lang) as language:
        results = apply_checkin_actions(
            workshop=workshop, actions=actions, actor=request.user, device_label=token.audit_label
        )
        answer = schemas.AttendanceBatchResult(
            results=[
                schemas.AttendanceActionResult(
                    id=result.client_id,
                    outcome=result.outcome,
                    message=str(result.message),
                    registration=result.registration_id,
                    present=result.present,
                    original=result.original or None,
                )
                for result in results
            ]
        )
    return json_answer(request, answer, language=language)


@router.get(
    "/office/participants/{participant_id}",
    response={200: schemas.ParticipantOut, **AUTH_PROBLEMS},
)
def participant_detail(
    request: HttpRequest, participant_id: int, lang: Lang | None = None
) -> HttpResponse:
    """A person's details, only when registered at a workshop of the token's office (else 404),
    with only those registrations."""
    require_scope(request, Scope.READ_REGISTRATIONS)
    try:
        participant, registrations = api_token_participant(
            request.api_access, participant_id=participant_id
        )
    except Participant.DoesNotExist:
        raise Http404 from None
    with answer_language(lang) as language:
        answer = schemas.ParticipantOut(
            id=participant.pk,
            full_name=participant.full_name,
            email=participant.email,
            organisation=participant.organisation,
            sector=participant.sector,
            job_title=participant.job_title,
            country=str(participant.country or ""),
            preferred_language=participant.preferred_language,
            registrations=[
                schemas.ParticipantRegistration(
                    id=registration.pk,
                    workshop=registration.workshop.slug,
                    status=_choice(registration.status, registration.get_status_display()),
                )
                for registration in registrations
            ],
        )
    return json_answer(request, answer, language=language)


def _batch(batch: CertificateBatch) -> schemas.CertificateBatchOut:
    return schemas.CertificateBatchOut(
        id=batch.pk,
        workshop=batch.workshop.slug,
        status=_choice(batch.status, batch.get_status_display()),
        total=batch.total,
        done_count=batch.done_count,
        unchanged_count=batch.unchanged_count,
        failed_count=batch.failed_count,
        created_at=batch.created_at,
        started_at=batch.started_at,
        finished_at=batch.finished_at,
    )


@router.post(
    "/office/workshops/{slug}/certificate-batches",
    response={202: schemas.CertificateBatchOut, **AUTH_PROBLEMS},
)
def certificate_batch_start(
    request: HttpRequest, slug: str, lang: Lang | None = None
) -> HttpResponse:
    """Issue every qualifying certificate of one of the office's workshops in the background,
    as the staff page's "issue all" does (the same service): a batch already queued or running
    for the workshop is answered instead of a second one. Follow its progress at the address
    in `Location`."""
    require_scope(request, Scope.WRITE_CERTIFICATES)
    workshop = _workshop(request, slug, manage=True)
    batch = batch_create(workshop=workshop, by=request.user)
    batch.refresh_from_db()  # a worker that runs at once (the immediate backend) has finished
    with answer_language(lang) as language:
        answer = _batch(batch)
    response = json_answer(request, answer, language=language, status=202)
    response["Location"] = f"{request.path}/{batch.pk}"
    return response


@router.get(
    "/office/workshops/{slug}/certificate-batches/{batch_id}",
    response={200: schemas.CertificateBatchOut, **AUTH_PROBLEMS},
)
def certificate_batch_detail(
    request: HttpRequest, slug: str, batch_id: int, lang: Lang | None = None
) -> HttpResponse:
    """A certificate batch's progress: how many to issue, issued, unchanged, failed."""
    require_scope(request, Scope.WRITE_CERTIFICATES)
    workshop = _workshop(request, slug)
    batch = get_object_or_404(
        CertificateBatch.objects.select_related("workshop"), workshop=workshop, pk=batch_id
    )
    with answer_language(lang) as language:
        answer = _batch(batch)
    return json_answer(request, answer, language=language)
