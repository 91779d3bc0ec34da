"""What workshops and national work produced: outcome documents, their language files,
and the national activities they belong to."""

import secrets
from pathlib import Path

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from offices.models import RegionalOffice
from workshops.models.catalogue import UNLanguage, Workshop


def unguessable_upload_path(folder: str, filename: str) -> str:
    """Stored names reveal nothing and cannot be guessed; the original name is kept in a field."""
    suffix = Path(filename).suffix.lower()[:10]
    return f"{folder}/{secrets.token_urlsafe(24)}{suffix}"


def outcome_document_upload_to(instance: models.Model, filename: str) -> str:
    return unguessable_upload_path("documents", filename)


class OutcomeDocument(models.Model):
    """What a workshop (or national work) produced; its files are versions in UN languages."""

    class Kind(models.TextChoices):
        GUIDELINES = "guidelines", _("guidelines")
        REPORT = "report", _("report")
        NATIONAL_STRATEGY = "national-strategy", _("national strategy")
        PRESENTATION = "presentation", _("presentation")
        PHOTO_SET = "photo-set", _("photo set")
        OTHER = "other", _("other")

    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("workshop"),
    )
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    country = CountryField(
        _("country"), blank=True, help_text=_("Empty means the workshop's country.")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("outcome document")
        verbose_name_plural = _("outcome documents")

    def __str__(self) -> str:
        return self.title

    @property
    def effective_country(self):
        """Its own country, or its workshop's when it names none (a django_countries Country)."""
        if self.country or self.workshop is None:
            return self.country
        return self.workshop.country


class OutcomeDocumentFile(models.Model):
    """One language version of an outcome document."""

    document = models.ForeignKey(
        OutcomeDocument, on_delete=models.CASCADE, related_name="files", verbose_name=_("document")
    )
    language = models.CharField(_("language"), max_length=2, choices=UNLanguage.choices)
    title = models.CharField(
        _("title in this language"), max_length=250, blank=True, help_text=_("Optional.")
    )
    file = models.FileField(_("file"), upload_to=outcome_document_upload_to)
    original_filename = models.CharField(_("original file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"],
                name="one_file_per_language_per_document",
                violation_error_message=_("This document already has a file in that language."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} [{self.language}]"


class NationalActivity(models.Model):
    """National COP work the programme supported in a country (strategy, guidelines...)."""

    class Kind(models.TextChoices):
        NATIONAL_STRATEGY = "national-strategy", _("national strategy support")
        GUIDELINES = "guidelines", _("national COP guidelines")
        LEGAL_REVIEW = "legal-review", _("legal framework review")
        HOTLINE = "hotline", _("reporting hotline")
        AWARENESS = "awareness", _("awareness campaign")

    country = CountryField(_("country"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(1990)]
    )
    description = models.TextField(_("description"), blank=True)
    office = models.ForeignKey(
        RegionalOffice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="national_activities",
        verbose_name=_("regional office"),
    )
    documents = models.ManyToManyField(
        OutcomeDocument, blank=True, related_name="national_activities", verbose_name=_("documents")
    )
    data_note = models.CharField(_("note on the data"), max_length=300, blank=True)

    class Meta:
        ordering = ["country", "-year"]
        verbose_name = _("national activity")
        verbose_name_plural = _("national activities")

    def __str__(self) -> str:
        return f"{self.title} ({self.country.code})"
