"""`Authorization: Bearer <token>` for the office endpoints: the token is found by the hash of
its secret, must be neither revoked nor expired, and its use is recorded."""

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from api import selectors, services
from api.models import ApiToken


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = selectors.api_token_for_secret(secret_hash=services.secret_hash(token))
        if found is None:
            return None  # ninja answers 401 (our handler: an "unauthorized" problem)
        services.api_token_touch(token=found)
        request.api_token = found
        return found


def require_scope(request: HttpRequest, scope: str) -> ApiToken:
    """The request's token, if it has `scope`; else 403."""
    token: ApiToken = request.auth
    if scope not in token.scopes:
        raise HttpError(403, f"This token lacks the scope {scope}.")
    return token
