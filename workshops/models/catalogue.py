"""Partners, COP pillars and audiences, workshops and their sessions.

Models hold fields, choices, constraints and thin properties; rules that span objects
live in services.py and selectors.py."""

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.validators import validate_time_zone
from offices.models import Region, RegionalOffice


class UNLanguage(models.TextChoices):
    """The six official UN languages, by the codes the public URLs use."""

    ARABIC = "ar", _("Arabic")
    CHINESE = "zh", _("Chinese")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    RUSSIAN = "ru", _("Russian")
    SPANISH = "es", _("Spanish")


class Partner(models.Model):
    class Kind(models.TextChoices):
        UN_AGENCY = "un_agency", _("UN agency")
        INTERGOVERNMENTAL = "intergovernmental", _("intergovernmental organisation")
        GOVERNMENT = "government", _("government")
        REGULATOR = "regulator", _("regulator")
        INDUSTRY = "industry", _("industry")
        CIVIL_SOCIETY = "civil_society", _("civil society")
        ACADEMIA = "academia", _("academia")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="partners/", blank=True)
    description = models.TextField(_("description"), blank=True)
    # A shared directory any office may correct: every change is kept.
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def short_name(self) -> str:
        return self.acronym or self.name


class Pillar(models.Model):
    """One of the five COP strategic pillars (rows created by a migration)."""

    class Code(models.TextChoices):
        LEGAL = "legal", _("Legal Measures")
        TECHNICAL = "technical", _("Technical & Procedural Measures")
        ORGANIZATIONAL = "organizational", _("Organizational Structures")
        CAPACITY = "capacity", _("Capacity Building")
        COOPERATION = "cooperation", _("International Cooperation")

    code = models.SlugField(_("code"), max_length=20, unique=True, choices=Code.choices)
    # Stored once per language (workshops/translation.py) and read by the content rule; the
    # code's label is only the English name the row was first given (see Region.name).
    # A database default: the data migration that made the rows (0002) inserts none.
    name = models.CharField(_("name"), max_length=100, db_default="")

    class Meta:
        ordering = ["id"]
        verbose_name = _("COP pillar")
        verbose_name_plural = _("COP pillars")

    def __str__(self) -> str:
        return self.name


class Audience(models.Model):
    """One of the four audiences of the COP guidelines (rows created by a migration)."""

    class Code(models.TextChoices):
        CHILDREN = "children", _("Children")
        PARENTS_EDUCATORS = "parents-educators", _("Parents, Guardians and Educators")
        POLICY_MAKERS = "policy-makers", _("Policy Makers")
        INDUSTRY = "industry", _("Industry")

    code = models.SlugField(_("code"), max_length=20, unique=True, choices=Code.choices)
    # Stored once per language (workshops/translation.py) and read by the content rule; the
    # code's label is only the English name the row was first given (see Region.name).
    # A database default: the data migration that made the rows (0002) inserts none.
    name = models.CharField(_("name"), max_length=100, db_default="")

    class Meta:
        ordering = ["id"]
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")

    def __str__(self) -> str:
        return self.name


class Workshop(models.Model):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")
        COMPLETED = "completed", _("completed")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    office = models.ForeignKey(
        RegionalOffice,
        on_delete=models.PROTECT,
        related_name="workshops",
        verbose_name=_("regional office"),
    )
    country = CountryField(_("host country"))
    city = models.CharField(_("city"), max_length=100)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("IANA name, for example Pacific/Efate or Africa/Cairo."),
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    join_url = models.URLField(
        _("online join link"),
        blank=True,
        help_text=_("Shown only to registered participants."),
    )
    languages = models.JSONField(
        _("working languages"),
        default=list,
        blank=True,
        help_text=_("Codes of the UN languages spoken at the workshop."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Seats for confirmed participants; empty means no limit."),
    )
    requires_approval = models.BooleanField(
        _("registrations need approval"),
        default=False,
        help_text=_("Registrations stay pending until staff approve or decline them."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    pillars = models.ManyToManyField(
        Pillar, blank=True, related_name="workshops", verbose_name=_("COP pillars")
    )
    audiences = models.ManyToManyField(
        Audience, blank=True, related_name="workshops", verbose_name=_("audiences")
    )
    summary = models.CharField(_("one-line summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    expected_participants = models.PositiveIntegerField(
        _("reported participants"),
        null=True,
        blank=True,
        help_text=_("Head count reported for past workshops held before this system."),
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("sessions needed for a certificate (%)"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    certificate_language = models.CharField(
        _("certificate language"), max_length=2, choices=UNLanguage.choices, default="en"
    )
    signatory_name = models.CharField(_("certificate signatory"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    data_note = models.CharField(
        _("note on the data"),
        max_length=300,
        blank=True,
        help_text=_("Where a date or figure is assumed or made up, say so here."),
    )
    partners = models.ManyToManyField(
        Partner, through="WorkshopPartner", related_name="workshops", verbose_name=_("partners")
    )
    # Calendar clients only replace an event whose SEQUENCE grew (RFC 5545).
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        indexes = [models.Index(fields=["status", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="workshop_ends_after_it_starts",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(min_attendance_percent__lte=100),
                name="workshop_attendance_rule_is_a_percentage",
                violation_error_message=_("The attendance rule is a percentage from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="workshop_registration_closes_after_it_opens",
                violation_error_message=_("Registration must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("workshops:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = {}
        if self.format in (self.Format.ONLINE, self.Format.HYBRID) and not self.join_url:
            errors["join_url"] = _("An online or hybrid workshop needs a join link.")
        unknown = [code for code in self.languages or [] if code not in UNLanguage.values]
        if unknown:
            errors["languages"] = _("Unknown language codes: %(codes)s.") % {
                "codes": ", ".join(map(str, unknown))
            }
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def region(self) -> Region:
        return self.office.region

    def local_today(self) -> dt.date:
        return timezone.now().astimezone(self.zone).date()

    @property
    def is_past(self) -> bool:
        return self.end_date < self.local_today()

    def get_languages_display(self) -> list[str]:
        labels = dict(UNLanguage.choices)
        return [str(labels[code]) for code in self.languages if code in labels]


class WorkshopPartner(models.Model):
    class Role(models.TextChoices):
        HOST = "host", _("host")
        CO_ORGANISER = "co_organiser", _("co-organiser")
        SPONSOR = "sponsor", _("sponsor")
        SUPPORTER = "supporter", _("supporter")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="partner_roles", verbose_name=_("workshop")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="workshop_roles", verbose_name=_("partner")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["role", "partner__name"]
        verbose_name = _("workshop partner")
        verbose_name_plural = _("workshop partners")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "partner", "role"],
                name="partner_role_once_per_workshop",
                violation_error_message=_("This partner already has this role on the workshop."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner.short_name}: {self.get_role_display()}"


class Session(models.Model):
    """An agenda item. Attendance is recorded per session."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("workshop")
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.CharField(_("room"), max_length=100, blank=True)
    speakers = models.CharField(_("speakers"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_mandatory = models.BooleanField(
        _("mandatory for the certificate"),
        default=False,
        help_text=_("A certificate then needs this session attended, whatever the share."),
    )
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_it_starts",
                violation_error_message=_("A session must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not (self.starts_at and self.ends_at and self.workshop_id):
            return
        if self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})
        workshop = self.workshop
        zone = workshop.zone
        first_day = self.starts_at.astimezone(zone).date()
        last_day = (self.ends_at - dt.timedelta(microseconds=1)).astimezone(zone).date()
        if first_day < workshop.start_date or last_day > workshop.end_date:
            raise ValidationError(
                _(
                    "The session must fall within the workshop's dates, %(start)s to %(end)s "
                    "(%(zone)s time)."
                ),
                params={
                    "start": workshop.start_date.isoformat(),
                    "end": workshop.end_date.isoformat(),
                    "zone": workshop.time_zone,
                },
                code="session_outside_workshop",
            )

    @property
    def duration(self) -> dt.timedelta:
        return self.ends_at - self.starts_at

    def local_start(self) -> dt.datetime:
        return self.starts_at.astimezone(self.workshop.zone)

    def local_end(self) -> dt.datetime:
        return self.ends_at.astimezone(self.workshop.zone)
