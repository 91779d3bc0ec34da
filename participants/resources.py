"""django-import-export Resources for participants: the one definition of their columns.

- ParticipantImportResource: a participant list imported into a workshop (staff area,
  admin, `import_participants`); matches people on e-mail whatever the letter case.
(The attendance exports' Resources are attendance.resources.)"""

from functools import cache

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from import_export import fields, resources, widgets
from import_export.results import RowResult

from core.tabular import Column
from core.text import fold
from participants.models import Participant, Registration, Sector
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
    """Trimmed text; a leading "=" is refused, since it is a spreadsheet formula, not a name."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if text.startswith("="):
            raise ValueError(_("“%(value)s” is a spreadsheet formula, not text.") % {"value": text})
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
    """A participant list into one workshop: each row is a person, confirmed at the workshop.

    A row is new (a person not known yet), updated (details changed, or newly registered
    here) or skipped (already confirmed here, nothing changed), so a re-import changes
    nothing. Staff imports are confirmed even past capacity; the caller warns."""

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
        email = (row.get("Email") or "").strip()
        if not email:
            return None
        return Participant.objects.filter(email__iexact=email).first()

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # A known person keeps the e-mail as first given: "CHLOE@..." again is the same person.
        if field.attribute == "email" and instance.pk:
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        unchanged = super().skip_row(instance, original, row, import_validation_errors)
        return unchanged and self._confirmed_here(instance)

    def _confirmed_here(self, participant: Participant) -> bool:
        return (
            self.workshop is not None
            and participant.pk is not None
            and participant.registrations.filter(
                workshop=self.workshop, status=Registration.Status.CONFIRMED
            ).exists()
        )

    def before_save_instance(self, instance, row, **kwargs):
        participant_refresh_search_text(instance)

    def after_save_instance(self, instance, row, **kwargs):
        if self.workshop is None:
            raise ValueError(_("Choose the workshop to import the participants into."))
        registration_confirm_for_staff(
            participant=instance,
            workshop=self.workshop,
            source=Registration.Source.STAFF_IMPORT,
        )

    def after_import_row(self, row, row_result, **kwargs):
        # The admin lists skipped rows as such; say "unchanged" there too.
        if row_result.import_type == RowResult.IMPORT_TYPE_SKIP:
            row_result.diff = None
