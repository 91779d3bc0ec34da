"""The signed credential of each certificate, the revocation status lists they point into, and
the public keys they were signed with."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate

# The Bitstring Status List minimum: a list this long hides how many certificates exist.
STATUS_LIST_MIN_SIZE = 131072


class StatusList(models.Model):
    """One published revocation list, /credentials/status/<name>.json. A list takes indexes at
    random until it is half full (a random free slot stays quick to find); then a new one
    starts."""

    name = models.SlugField(_("name"), max_length=20, unique=True)
    size = models.PositiveIntegerField(_("entries"), default=STATUS_LIST_MIN_SIZE)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(size__gte=STATUS_LIST_MIN_SIZE),
                name="status_list_at_least_minimum_size",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PublishedKey(models.Model):
    """A public key some credential was signed with. Every one stays in the issuer profile, so
    credentials signed before a key rotation still verify."""

    key_id = models.CharField(_("key id"), max_length=40, unique=True)
    public_key_multibase = models.CharField(_("public key (multibase)"), max_length=100)
    first_used_at = models.DateTimeField(_("first used"), auto_now_add=True)

    class Meta:
        ordering = ["-first_used_at", "-id"]
        verbose_name = _("published signing key")
        verbose_name_plural = _("published signing keys")

    def __str__(self) -> str:
        return self.key_id


class CertificateCredential(models.Model):
    """A certificate's Open Badges credential, exactly as signed (the bytes embedded in its PDF
    and served at credential.json), and its place in a status list. Erasing the person blanks
    the credential (it names them); the status entry stays, so the list keeps its shape."""

    certificate = models.OneToOneField(
        Certificate,
        on_delete=models.PROTECT,
        related_name="credential",
        verbose_name=_("certificate"),
    )
    status_list = models.ForeignKey(
        StatusList, on_delete=models.PROTECT, related_name="entries", verbose_name=_("status list")
    )
    status_index = models.PositiveIntegerField(_("index in the status list"))
    signed_json = models.TextField(_("signed credential (JSON)"), blank=True)
    key_id = models.CharField(_("signed with key"), max_length=40)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("certificate credential")
        verbose_name_plural = _("certificate credentials")
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="one_credential_per_status_entry"
            )
        ]

    def __str__(self) -> str:
        return f"{self.status_list.name}#{self.status_index}"
