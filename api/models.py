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


class WebhookEvent(models.TextChoices):
    REGISTRATION_CREATED = "registration.created", _("registration created")
    REGISTRATION_CHANGED = "registration.changed", _("registration changed")
    ATTENDANCE_RECORDED = "attendance.recorded", _("attendance recorded")
    CERTIFICATE_ISSUED = "certificate.issued", _("certificate issued")
    CERTIFICATE_REVOKED = "certificate.revoked", _("certificate revoked")


class Webhook(models.Model):
    """An office's URL that receives a signed JSON POST on each event of its workshops. The
    secret signs the deliveries, so it is kept (the receiver holds the same one); it is shown
    once, at creation, and never again."""

    office = models.ForeignKey(
        RegionalOffice,
        on_delete=models.CASCADE,
        related_name="webhooks",
        verbose_name=_("office"),
    )
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=100, blank=True)
    secret = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("removed"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event for one webhook: the body is fixed when the event happens (a retry sends the
    same bytes, signed anew), and the log of tries is what the staff page shows."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("webhook")
    )
    event_id = models.UUIDField(_("event id"), unique=True, editable=False)
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last answer"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook} ({self.status})"
