from django.db.models import Q, QuerySet
from django.utils import timezone

from api.models import ApiToken
from offices.permissions import StaffAccess


def api_token_for_secret(*, secret_hash: str) -> ApiToken | None:
    """The active token with this hash (not revoked, not expired), or None."""
    return (
        ApiToken.objects.select_related("office", "user")
        .filter(secret_hash=secret_hash, revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .first()
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
