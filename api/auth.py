"""`Authorization: Bearer <token>` for the office endpoints: the token is found by the hash of
its secret, must be neither revoked nor expired, and its use is recorded. The request then
acts as the token's user (so the history middleware records who), with the access of the
token: its office's staff while that user may still manage the office, read-only otherwise,
and headquarters' read-only access for a token without an office."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer

from api import selectors, services
from api.models import ApiToken
from offices.models import StaffMembership
from offices.permissions import StaffAccess, staff_access


def token_access(token: ApiToken) -> StaffAccess | None:
    """What a token may do: never more than its user may do today (None: nothing)."""
    user_access = staff_access(token.user)
    if user_access is None:
        return None
    if token.office is None:
        return StaffAccess(role=StaffMembership.Role.HEADQUARTERS, office=None)
    if user_access.can_manage_office(token.office_id):
        return StaffAccess(role=StaffMembership.Role.OFFICE_STAFF, office=token.office)
    if user_access.can_view_office(token.office_id):
        return StaffAccess(role=StaffMembership.Role.OFFICE_VIEWER, office=token.office)
    return None


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = selectors.api_token_for_secret(secret_hash=services.secret_hash(token))
        if found is None:
            return None  # ninja answers 401 (our handler: an "unauthorized" problem)
        access = token_access(found)
        if access is None:
            return None
        services.api_token_touch(token=found)
        request.user = found.user
        request.api_access = access
        return found


def require_scope(request: HttpRequest, scope: str) -> ApiToken:
    """The request's token, if it has `scope`; else 403."""
    token: ApiToken = request.auth
    if scope not in token.scopes:
        raise HttpError(403, _("This token lacks the scope %(scope)s.") % {"scope": scope})
    return token
