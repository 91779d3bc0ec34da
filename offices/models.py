"""The programme's regions and regional offices, and what each staff login may do for which
office.

The tables keep the names they had when these models lived in the workshops app: moving a
model between apps changed its home in the code, not its rows."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.content_languages import CONTENT_LANGUAGES, column
from core.validators import validate_time_zone


class Region(models.Model):
    class Code(models.TextChoices):
        AFRICA = "africa", _("Africa")
        AMERICAS = "americas", _("Americas")
        ARAB_STATES = "arab-states", _("Arab States")
        ASIA_PACIFIC = "asia-pacific", _("Asia-Pacific")
        CIS = "cis", _("CIS")
        EUROPE = "europe", _("Europe")

    slug = models.SlugField(_("code"), max_length=20, unique=True, choices=Code.choices)
    # Stored once per language (offices/translation.py) and read by the content rule. The
    # code's label above is only the English name the rows were first given (the migration
    # that added the columns filled them from that label's catalogue translations).
    # A database default: the data migration that made the rows (0002) inserts none.
    name = models.CharField(_("name"), max_length=100, db_default="")

    class Meta:
        db_table = "workshops_region"
        ordering = ["slug"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


def _name_unique_in(language: str) -> models.UniqueConstraint:
    # The name is stored once per language (offices/translation.py); in each language two
    # offices may not share a name, while any number may still lack one (an empty French name
    # is no name). The English name is required by the forms, so it is unique for every office.
    name = column("name", language)
    return models.UniqueConstraint(
        fields=[name],
        condition=~Q(**{name: ""}),
        name=f"office_{name}_unique",
        violation_error_code="unique",
        violation_error_message=_("Another office already has this name."),
    )


class RegionalOffice(models.Model):
    # Not unique itself: django-modeltranslation copies a field's options to every language
    # column, and an empty French name is no duplicate. The constraints below say what is unique.
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="offices", verbose_name=_("region")
    )
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    email = models.EmailField(_("contact e-mail"), blank=True)

    class Meta:
        db_table = "workshops_regionaloffice"
        # By the English name, the one every office has: the same order in every language.
        ordering = ["name_en"]
        verbose_name = _("regional office")
        verbose_name_plural = _("regional offices")
        constraints = [_name_unique_in(code) for code in CONTENT_LANGUAGES]

    def __str__(self) -> str:
        return self.name


class StaffMembership(models.Model):
    """What a staff login may do, and for which office. One per user; superusers need none."""

    class Role(models.TextChoices):
        OFFICE_STAFF = "office_staff", _("office staff")
        OFFICE_VIEWER = "office_viewer", _("office viewer")
        HEADQUARTERS = "headquarters", _("headquarters")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_membership",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    office = models.ForeignKey(
        RegionalOffice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("office"),
    )

    class Meta:
        db_table = "workshops_staffmembership"
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(role="headquarters") | Q(office__isnull=False),
                name="office_role_needs_office",
                violation_error_message=_("Office staff and viewers belong to an office."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.office or '-'})"
