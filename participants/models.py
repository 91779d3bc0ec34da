"""People and their registrations to workshops."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from workshops.models import Workshop

# No 0/O, 1/I/L: people read these aloud and type them from paper.
UNAMBIGUOUS_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_participant_code() -> str:
    return "".join(secrets.choice(UNAMBIGUOUS_ALPHABET) for _ in range(8))


def new_personal_token() -> str:
    """256 random bits, URL-safe: the only key to a participant's own page."""
    return secrets.token_urlsafe(32)


def new_feed_token() -> str:
    """256 random bits, URL-safe: the key to the personal calendar feed and nothing else."""
    return secrets.token_urlsafe(32)


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("government")
    REGULATOR = "regulator", _("regulator")
    INDUSTRY = "industry", _("industry")
    CIVIL_SOCIETY = "civil_society", _("civil society")
    ACADEMIA = "academia", _("academia")
    INTERNATIONAL = "international", _("international organisation")
    YOUTH = "youth", _("student / youth")


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    OTHER = "other", _("another gender")
    UNDISCLOSED = "undisclosed", _("prefer not to say")


class Participant(models.Model):
    """A person, known by e-mail address. Holds the least data the programme needs."""

    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices, blank=True)
    needs = models.TextField(_("accessibility or dietary needs"), max_length=1000, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    is_minor = models.BooleanField(_("under 18"), default=False)
    guardian_name = models.CharField(_("guardian's name"), max_length=200, blank=True)
    guardian_email = models.EmailField(_("guardian's e-mail"), blank=True)
    guardian_consent_at = models.DateTimeField(_("guardian consented"), null=True, blank=True)
    consent_at = models.DateTimeField(_("consented to processing"), null=True, blank=True)
    code = models.CharField(
        _("participant code"),
        max_length=12,
        unique=True,
        default=new_participant_code,
        help_text=_("Printed on sign-in sheets and in the personal QR code."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    # Name, e-mail and code folded (participants.search.fold), so check-in search is one
    # LIKE query whatever the script or accents. Set by the services that write a participant.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="participant_email_unique_case_insensitive",
                violation_error_message=_("A participant with this e-mail already exists."),
            ),
            models.CheckConstraint(
                condition=Q(is_minor=False)
                | ~Q(guardian_email="")
                | Q(anonymised_at__isnull=False),
                name="minor_has_guardian",
                violation_error_message=_("A participant under 18 needs a guardian's e-mail."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class Registration(models.Model):
    """One person registered to one workshop."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending approval")
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")
        DECLINED = "declined", _("declined")

    LIVE_STATUSES = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)

    class Source(models.TextChoices):
        PUBLIC_FORM = "public", _("registration form")
        STAFF_IMPORT = "import", _("imported by staff")
        WALK_IN = "walk_in", _("walk-in")
        STAFF = "staff", _("added by staff")

    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("participant"),
    )
    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("workshop"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.PUBLIC_FORM
    )
    token = models.CharField(
        _("personal link key"),
        max_length=64,
        unique=True,
        default=new_personal_token,
        editable=False,
    )
    # Calendar apps and Google keep the feed's address and fetch it for years: it gets a key of
    # its own that opens the read-only feed only, never the pages that change or erase.
    feed_token = models.CharField(
        _("calendar feed key"),
        max_length=64,
        unique=True,
        default=new_feed_token,
        editable=False,
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    eligibility_override = models.BooleanField(
        _("certificate eligibility set by staff"),
        null=True,
        blank=True,
        help_text=_("Empty: the workshop's attendance rule decides."),
    )
    eligibility_override_reason = models.CharField(
        _("reason for the override"), max_length=500, blank=True
    )
    eligibility_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("override set by"),
    )
    erasure_requested_at = models.DateTimeField(_("erasure requested"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    # The feed key stays out of the history: a replaced key is dead and need not be kept.
    history = HistoricalRecords(excluded_fields=["feed_token"])

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(fields=["workshop", "status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "workshop"],
                condition=Q(status__in=["pending", "confirmed", "waitlisted"]),
                name="one_live_registration_per_person_and_workshop",
                violation_error_message=_("This person is already registered for this workshop."),
            ),
            models.CheckConstraint(
                condition=Q(eligibility_override__isnull=True) | ~Q(eligibility_override_reason=""),
                name="eligibility_override_has_reason",
                violation_error_message=_("An eligibility override needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} @ {self.workshop}"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES

    @property
    def is_confirmed(self) -> bool:
        """A confirmed seat: only it gets the online join link (page, e-mails, feed)."""
        return self.status == self.Status.CONFIRMED


class OutgoingEmail(models.Model):
    """One message to a participant, recorded before it is sent so that none is lost: the
    worker's first try, then the periodic ``send_due_mail`` retry it with backoff until it is
    sent or out of attempts. Only what is needed to render it again is kept (kind, extra), and
    that is cleared once it is sent; the message itself is never stored."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="outgoing_emails",
        verbose_name=_("registration"),
    )
    recipient = models.EmailField(_("recipient"), max_length=254)
    kind = models.CharField(_("kind"), max_length=40)
    extra = models.JSONField(_("extra"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient} ({self.status})"
