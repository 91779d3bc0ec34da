"""API tokens: an office's (or headquarters') key for the office endpoints, with scopes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from offices.models import RegionalOffice


class Scope(models.TextChoices):
    READ_WORKSHOPS = "read:workshops", _("read workshops")
    READ_REGISTRATIONS = "read:registrations", _("read registrations")
    WRITE_REGISTRATIONS = "write:registrations", _("change registrations")
    READ_ATTENDANCE = "read:attendance", _("read attendance")
    WRITE_ATTENDANCE = "write:attendance", _("record attendance")
    WRITE_CERTIFICATES = "write:certificates", _("issue certificates")


READ_SCOPES = [scope for scope in Scope.values if scope.startswith("read:")]


class ApiToken(models.Model):
    """Only the SHA-256 of the secret is stored: the secret is shown once, at creation. A token
    is 256 random bits, so a fast hash is enough (no dictionary to slow down, unlike passwords).
    A token without an office is headquarters': read-only, across every office."""

    office = models.ForeignKey(
        RegionalOffice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name=_("office"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name=_("created by"),
    )
    name = models.CharField(_("name"), max_length=100)
    scopes = models.JSONField(_("scopes"), default=list)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_headquarters(self) -> bool:
        return self.office_id is None

    @property
    def audit_label(self) -> str:
        """What the audit trail says of a write through this token (beside its user)."""
        return f"API token: {self.name}"

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    def get_scopes_display(self) -> list[str]:
        labels = dict(Scope.choices)
        return [str(labels[scope]) for scope in self.scopes if scope in labels]
