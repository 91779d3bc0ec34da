"""Reads for API tokens, and the one rule of what a token may do: never more than its user may
do today, headquarters' tokens read every office and change nothing, an office's tokens see
only that office (through offices.permissions and workshops.access, like the staff area)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken, Webhook, WebhookDelivery
from attendance.models import Attendance
from certificates.models import Certificate
from offices.models import StaffMembership
from offices.permissions import StaffAccess, scope_to_office, staff_access
from participants.models import Participant, Registration
from workshops.access import workshop_for_staff
from workshops.models import Workshop


class ReadOnlyTokenError(PermissionDenied):
    """A change asked through a token that may only read (headquarters', or a viewer's)."""


def api_token_for_secret(*, secret_hash: str) -> ApiToken | None:
    """The active token with this hash (not revoked, not expired), or None."""
    return (
        ApiToken.objects.select_related("office", "user")
        .filter(secret_hash=secret_hash, revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .first()
    )


def api_token_refusal(*, secret_hash: str) -> str:
    """Why no active token has this hash, for the 401 answer: a client can tell a revoked or
    expired token (ask for a new one) from a mistyped one."""
    token = ApiToken.objects.filter(secret_hash=secret_hash).first()
    if token is None:
        return _("No token has this value.")
    if token.revoked_at is not None:
        return _("This token was revoked.")
    return _("This token expired.")


def api_token_access(*, token: ApiToken) -> StaffAccess | None:
    """What a token may do, as a staff access (None: nothing):

    - a token without an office (headquarters'): read every office, change nothing;
    - an office's token: its office only; manage it while the token's user may manage it
      today, read it while they may only view it (a staff member who became a viewer);
    - a user who left, or moved to another office: nothing."""
    user_access = staff_access(token.user)
    if user_access is None:
        return None
    if token.office_id is None:
        return StaffAccess(role=StaffMembership.Role.HEADQUARTERS, office=None)
    if user_access.can_manage_office(token.office_id):
        return StaffAccess(role=StaffMembership.Role.OFFICE_STAFF, office=token.office)
    if user_access.can_view_office(token.office_id):
        return StaffAccess(role=StaffMembership.Role.OFFICE_VIEWER, office=token.office)
    return None


def api_token_workshop(access: StaffAccess, *, slug: str, manage: bool = False) -> Workshop:
    """The workshop as the staff area would give it to this access: Http404 for another
    office's, ReadOnlyTokenError for a change through a read-only token."""
    try:
        return workshop_for_staff(access, slug=slug, manage=manage)
    except PermissionDenied as error:
        raise ReadOnlyTokenError from error


def api_token_participant(
    access: StaffAccess, *, participant_id: int
) -> tuple[Participant, QuerySet[Registration]]:
    """A person registered at a workshop this access may see (Participant.DoesNotExist
    otherwise), with only those registrations, oldest first."""
    visible = scope_to_office(
        Participant.objects.all(), access, office_path="registrations__workshop__office"
    )
    participant = visible.get(pk=participant_id)
    registrations = scope_to_office(
        participant.registrations.select_related("workshop"), access, office_path="workshop__office"
    ).order_by("created_at", "id")
    return participant, registrations


def api_tokens_may_create(access: StaffAccess) -> bool:
    """Office staff create (and revoke) their office's tokens; headquarters (and superusers)
    read-only tokens across offices. Viewers only read the list."""
    return access.role in (
        "superuser",
        StaffMembership.Role.OFFICE_STAFF,
        StaffMembership.Role.HEADQUARTERS,
    )


def api_tokens_visible_to(access: StaffAccess) -> QuerySet[ApiToken]:
    """An office's tokens for its staff and viewers; headquarters' own tokens for headquarters
    (and every token for a superuser)."""
    tokens = ApiToken.objects.select_related("office", "user")
    if access.role == "superuser":
        return tokens
    if access.office is None:
        return tokens.filter(office__isnull=True)
    return tokens.filter(office=access.office)


def webhooks_visible_to(access: StaffAccess) -> QuerySet[Webhook]:
    """An office's webhooks for its staff and viewers; every office's for headquarters."""
    return scope_to_office(Webhook.objects.select_related("office"), access, office_path="office")


def webhook_deliveries(*, webhook: Webhook, limit: int = 50) -> list[WebhookDelivery]:
    """The latest deliveries, newest first: the log on the staff page."""
    return list(webhook.deliveries.order_by("-created_at", "-pk")[:limit])


@dataclass(frozen=True)
class EventData:
    office_id: int
    data: dict


def _registration_data(registration: Registration) -> dict:
    return {
        "registration_id": registration.pk,
        "participant_id": registration.participant_id,
        "workshop": registration.workshop.slug,
        "status": registration.status,
    }


def webhook_event_data(event: str, **ids: int) -> EventData | None:
    """What a webhook says of an event: ids, the workshop's slug and statuses, never a person's
    details (a receiver asks the API for those, with a token's scopes). None when the object
    is gone by now."""
    if event.startswith("registration."):
        registration = (
            Registration.objects.select_related("workshop")
            .filter(pk=ids["registration_id"])
            .first()
        )
        if registration is None:
            return None
        return EventData(registration.workshop.office_id, _registration_data(registration))
    if event.startswith("attendance."):
        attendance = (
            Attendance.objects.select_related("registration__workshop")
            .filter(pk=ids["attendance_id"])
            .first()
        )
        if attendance is None:
            return None
        registration = attendance.registration
        return EventData(
            registration.workshop.office_id,
            {
                "attendance_id": attendance.pk,
                "registration_id": registration.pk,
                "session_id": attendance.session_id,
                "workshop": registration.workshop.slug,
                "status": attendance.status,
            },
        )
    certificate = (
        Certificate.objects.select_related("registration__workshop")
        .filter(pk=ids["certificate_id"])
        .first()
    )
    if certificate is None:
        return None
    registration = certificate.registration
    return EventData(
        registration.workshop.office_id,
        {
            "certificate_id": certificate.pk,
            "registration_id": registration.pk,
            "workshop": registration.workshop.slug,
            "status": "revoked"
            if certificate.is_revoked
            else "superseded"
            if certificate.is_superseded
            else "valid",
            "revoked_category": certificate.revoked_category or None,
        },
    )


def webhooks_may_manage(access: StaffAccess) -> bool:
    """An office's staff register and remove its webhooks; viewers and headquarters only
    read (a webhook belongs to an office, and headquarters have none)."""
    return access.office is not None and access.can_manage_office(access.office.pk)
