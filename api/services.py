"""Writes for API tokens: creating one (its secret returned once, only its hash kept) and
revoking one."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import READ_SCOPES, ApiToken, Scope
from offices.models import RegionalOffice

SECRET_PREFIX = "cop_"


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def api_token_create(
    *,
    user: AbstractBaseUser,
    office: RegionalOffice | None,
    name: str,
    scopes: list[str],
    expires_at=None,
    secret: str | None = None,
) -> tuple[ApiToken, str]:
    """A new token and its secret (shown once; only the hash is stored). Without an office it is
    a headquarters token, and may only read. `secret` is for the demo's stable tokens."""
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown or not scopes:
        raise ValidationError({"scopes": _("Choose one or more of the listed scopes.")})
    if office is None and not set(scopes) <= set(READ_SCOPES):
        raise ValidationError({"scopes": _("Headquarters tokens can only read.")})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    secret = secret or new_secret()
    token = ApiToken(
        office=office,
        user=user,
        name=name,
        scopes=[scope for scope in Scope.values if scope in scopes],
        prefix=secret[:12],
        secret_hash=secret_hash(secret),
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    return token, secret


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoked at once and for good; a revoked token stays listed, for the record."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Record a use, at most once a minute per token (a busy client writes no row per call)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
