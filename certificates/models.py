"""Certificates of attendance and the batches that issue them."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.storage import private_storage
from participants.models import UNAMBIGUOUS_ALPHABET, Registration
from workshops.models import UNLanguage, Workshop, unguessable_upload_path

VERIFICATION_CODE_LENGTH = 12  # 31**12 ≈ 2**59: unguessable under a rate limit, still typeable


def new_verification_code() -> str:
    return "".join(secrets.choice(UNAMBIGUOUS_ALPHABET) for _ in range(VERIFICATION_CODE_LENGTH))


CERTIFICATE_FOLDER = "certificates"  # in the private storage


def certificate_upload_to(instance: models.Model, filename: str) -> str:
    """Always a .pdf name, whatever name the file came with (only the services write one)."""
    return unguessable_upload_path(CERTIFICATE_FOLDER, "certificate.pdf")


# A current certificate: neither superseded by a correction nor revoked (the one the
# `one_current_certificate_per_registration` constraint allows per registration).
CURRENT = Q(superseded_at__isnull=True, revoked_at__isnull=True)


class RevokedCategory(models.TextChoices):
    """Why a certificate was revoked, as the public verification page says it; the staff's own
    words (`revoked_reason`) stay in the staff area."""

    ISSUED_IN_ERROR = "issued_in_error", _("issued in error")
    ATTENDANCE_CORRECTED = "attendance_corrected", _("attendance corrected")
    IDENTITY = "identity", _("identity could not be confirmed")
    OTHER = "other", _("other reason")


class CertificateQuerySet(models.QuerySet):
    def current(self) -> "CertificateQuerySet":
        return self.filter(CURRENT)


class Certificate(models.Model):
    """An issued certificate. Never deleted: corrections supersede it, mistakes revoke it."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("registration"),
    )
    code = models.CharField(
        _("verification code"), max_length=20, unique=True, default=new_verification_code
    )
    holder_name = models.CharField(_("name on the certificate"), max_length=200)
    language = models.CharField(
        _("language"), max_length=2, choices=UNLanguage.choices, default="en"
    )
    sessions_attended = models.PositiveSmallIntegerField(_("sessions attended"), default=0)
    sessions_held = models.PositiveSmallIntegerField(_("sessions held"), default=0)
    # In the private storage: no URL, streamed by views that check who asks.
    pdf = models.FileField(
        _("PDF"), upload_to=certificate_upload_to, storage=private_storage, blank=True
    )
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    # What the certificate prints, hashed: re-issuing with an equal digest changes nothing.
    content_digest = models.CharField(_("digest of the printed content"), max_length=64, blank=True)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_category = models.CharField(
        _("reason for revoking"), max_length=30, choices=RevokedCategory.choices, blank=True
    )
    # Staff-only: never on a public page, and erased with the person.
    revoked_reason = models.CharField(
        _("note on revoking (staff only)"), max_length=500, blank=True
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    history = HistoricalRecords()

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=CURRENT,
                name="one_current_certificate_per_registration",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
                name="revoked_certificate_has_reason",
                violation_error_message=_("Revoking a certificate needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.holder_name})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_superseded(self) -> bool:
        return self.superseded_at is not None

    @property
    def is_valid(self) -> bool:
        return not (self.is_revoked or self.is_superseded)


class CertificateBatch(models.Model):
    """Issuing a whole workshop's certificates in the background, with progress for staff."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.CASCADE,
        related_name="certificate_batches",
        verbose_name=_("workshop"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("to issue"), default=0)
    done_count = models.PositiveIntegerField(_("issued"), default=0)
    unchanged_count = models.PositiveIntegerField(_("already issued, unchanged"), default=0)
    failed_count = models.PositiveIntegerField(_("failed"), default=0)
    error = models.TextField(_("error"), blank=True)
    task_result_id = models.CharField(_("task id"), max_length=64, blank=True)
    # How many times a worker started it: more than one when a worker stopped mid-batch and
    # the batch was resumed (by the queue or by staff).
    runs = models.PositiveIntegerField(_("runs"), default=0)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")

    def __str__(self) -> str:
        return f"{self.workshop} ({self.get_status_display()})"
