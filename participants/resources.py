"""django-import-export Resources for participants: the one definition of their columns.

- ParticipantImportResource: a participant list imported into a workshop (staff area,
  admin, `import_participants`); registers people found by e-mail (any letter case) and never
  changes what is stored about a person already known.
(The attendance exports' Resources are attendance.resources.)"""

from functools import cache

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from import_export import fields, resources, widgets
from import_export.results import RowResult

from core.tabular import Column
from core.text import fold
from participants.models import Participant, Registration, Sector
from participants.selectors import email_is, find_participant_by_email
from participants.services import participant_refresh_search_text
from participants.staff_services import registration_confirm_for_staff
from workshops.models import Workshop


@cache
def _countries_by_folded_name() -> dict[str, str]:
    with translation.override("en"):
        names = {fold(str(name)): code for code, name in countries}
    names.update({fold(code): code for code, _name in countries})
    return names


class TextWidget(widgets.CharWidget):
    """Trimmed text; a leading "=" is refused, since it is a spreadsheet formula, not a name,
    and so is a NUL character (as the forms refuse it: PostgreSQL text cannot hold one, and no
    name has one)."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if text.startswith("="):
            raise ValueError(_("“%(value)s” is a spreadsheet formula, not text.") % {"value": text})
        if "\x00" in text:
            raise ValueError(str(ProhibitNullCharactersValidator.message))
        return text


class CountryWidget(widgets.Widget):
    """An ISO 3166 code (alpha-2 or alpha-3) or the English name, whatever the case or accents."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return ""
        code = _countries_by_folded_name().get(fold(text)) or countries.alpha2(text)
        if not code:
            raise ValueError(
                _("Unknown country “%(value)s”: use an ISO code (VU) or the English name.")
                % {"value": text}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return getattr(value, "code", value) or ""


class SectorWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = fold("" if value is None else str(value).strip())
        if not text:
            return ""
        with translation.override("en"):
            choices = {fold(str(label)): code for code, label in Sector.choices}
        choices.update({fold(code): code for code in Sector.values})
        if text not in choices:
            raise ValueError(
                _("Unknown sector “%(value)s”; one of: %(choices)s.")
                % {"value": value, "choices": ", ".join(Sector.values)}
            )
        return choices[text]


class ParticipantImportResource(resources.ModelResource):
    """A participant list into one workshop: each row is a person to confirm at the workshop.

    People belong to nobody: a person already known (any office may have registered them) is
    registered as they are, and the file's name, organisation and other details for them are
    ignored. So that a preview reveals nothing about who is known elsewhere, every row is read
    and checked as the file gives it, and its result speaks of this workshop's registrations
    only: a new registration (import type "new"), a pending or waitlisted registration
    confirmed ("update"), or a person already confirmed here ("skip", reported unchanged), so
    a re-import changes nothing. Staff imports are confirmed even past capacity; the caller
    warns."""

    full_name = fields.Field(attribute="full_name", column_name="Full name", widget=TextWidget())
    email = fields.Field(attribute="email", column_name="Email", widget=TextWidget())
    organisation = fields.Field(
        attribute="organisation", column_name="Organisation", widget=TextWidget()
    )
    country = fields.Field(attribute="country", column_name="Country", widget=CountryWidget())
    sector = fields.Field(attribute="sector", column_name="Sector", widget=SectorWidget())
    job_title = fields.Field(attribute="job_title", column_name="Job title", widget=TextWidget())

    # Other names the columns go by, matched folded (case and accents do not matter).
    COLUMN_ALIASES = {
        "full_name": ("Name", "Participant name"),
        "email": ("E-mail", "Email address", "E-mail address"),
        "organisation": ("Organization", "Organisation name", "Institution"),
        "job_title": ("Position", "Title"),
    }
    REQUIRED = ("full_name", "email")

    class Meta:
        model = Participant
        fields = ("full_name", "email", "organisation", "country", "sector", "job_title")
        import_id_fields = ("email",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, *, workshop: Workshop | None = None, **kwargs):
        super().__init__(**kwargs)
        self.workshop = workshop
        self._row_type: str | None = None

    @classmethod
    def columns(cls) -> list[Column]:
        """The columns a file may hold, for core.tabular.find_records."""
        declared = cls().fields
        return [
            Column(
                key,
                (str(declared[key].column_name), *cls.COLUMN_ALIASES.get(key, ())),
                required=key in cls.REQUIRED,
            )
            for key in cls.Meta.fields
        ]

    def get_instance(self, instance_loader, row):
        # Never the stored person: the row is read as the file gives it, known or not.
        return None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # The address may belong to a known person, who is registered, not created again:
        # uniqueness is not the row's error.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=errors.keys(), validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_import_row(self, row, **kwargs):
        self._row_type = None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # A wrong row is an error whoever its address belongs to.
        self.validate_instance(instance, import_validation_errors)
        return self._status_here(instance.email) == Registration.Status.CONFIRMED

    def _status_here(self, email: str) -> str | None:
        """The status of the live registration at this workshop held by this address."""
        if self.workshop is None:
            return None
        return (
            Registration.objects.filter(
                email_is("participant__email", email),
                workshop=self.workshop,
                status__in=Registration.LIVE_STATUSES,
            )
            .values_list("status", flat=True)
            .first()
        )

    def save_instance(self, instance, is_create, row, **kwargs):
        if self.workshop is None:
            raise ValueError(_("Choose the workshop to import the participants into."))
        status_before = self._status_here(instance.email)
        person = find_participant_by_email(email=instance.email)
        if person is None:
            participant_refresh_search_text(instance)
            instance.save()
            person = instance
        else:
            # The row names this person; what is stored about them stays as it is.
            instance.pk = person.pk
        registration_confirm_for_staff(
            participant=person, workshop=self.workshop, source=Registration.Source.STAFF_IMPORT
        )
        self._row_type = (
            RowResult.IMPORT_TYPE_NEW if status_before is None else RowResult.IMPORT_TYPE_UPDATE
        )

    def after_import_row(self, row, row_result, **kwargs):
        if row_result.import_type in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE):
            row_result.import_type = self._row_type or row_result.import_type
        # The admin lists skipped rows as such; say "unchanged" there too.
        if row_result.import_type == RowResult.IMPORT_TYPE_SKIP:
            row_result.diff = None
