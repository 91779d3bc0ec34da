"""`Authorization: Bearer <token>` for the office endpoints: the token is found by the hash of
its secret, must be neither revoked nor expired, and its use is recorded. The request then
acts as the token's user (so the history middleware records who), with the access the token
has (api.selectors.api_token_access)."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer

from api import selectors, services
from api.models import ApiToken


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        secret_hash = services.secret_hash(token)
        found = selectors.api_token_for_secret(secret_hash=secret_hash)
        if found is None:  # our handler answers an "unauthorized" problem saying why
            raise HttpError(401, selectors.api_token_refusal(secret_hash=secret_hash))
        access = selectors.api_token_access(token=found)
        if access is None:
            raise HttpError(401, _("This token's owner no longer works for its office."))
        services.api_token_touch(token=found)
        request.user = found.user
        request.api_access = access
        return found


def require_scope(request: HttpRequest, scope: str) -> ApiToken:
    """The request's token, if it has `scope`; else 403."""
    token: ApiToken = request.auth
    if not token.has_scope(scope):
        raise HttpError(403, _("This token lacks the scope %(scope)s.") % {"scope": scope})
    return token
