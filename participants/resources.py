"""django-import-export Resources: the one definition of the columns that go in and out.

- ParticipantImportResource: a participant list imported into a workshop (staff area,
  admin, `import_participants`); matches people on e-mail whatever the letter case.
- AttendanceResource: the attendance export, one row per registration with a column per
  session, totals and eligibility. Its rows are the dicts of
  participants.selectors.attendance_matrix_rows; participants.exporters streams them.
- RegistrationResource, AttendanceRecordResource: the admin's flat exports."""

from collections.abc import Sequence
from functools import cache

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from import_export import fields, resources, widgets
from import_export.results import RowResult

from participants.imports import Column
from participants.models import Attendance, Participant, Registration, Sector
from participants.search import fold
from participants.selectors import attendance_summaries
from participants.services import participant_refresh_search_text, registration_confirm_for_staff
from workshops.models import Session, Workshop


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
        """The columns a file may hold, for participants.imports.find_records."""
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


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return str(_("yes")) if value else str(_("no"))


class AttendanceResource(resources.Resource):
    """Columns of the attendance export. Rows are attendance_matrix_rows dicts."""

    full_name = fields.Field(attribute="full_name", column_name=_("Full name"))
    email = fields.Field(attribute="email", column_name=_("Email"))
    organisation = fields.Field(attribute="organisation", column_name=_("Organisation"))
    country = fields.Field(attribute="country", column_name=_("Country"))
    sector = fields.Field(attribute="sector", column_name=_("Sector"))
    job_title = fields.Field(attribute="job_title", column_name=_("Job title"))
    code = fields.Field(attribute="code", column_name=_("Participant code"))
    status = fields.Field(attribute="status", column_name=_("Registration status"))
    sessions_attended = fields.Field(
        attribute="summary__sessions_attended", column_name=_("Sessions attended")
    )
    sessions_held = fields.Field(attribute="summary__sessions_held", column_name=_("Sessions held"))
    percent = fields.Field(attribute="summary__percent", column_name=_("Attendance (%)"))
    meets_rule = fields.Field(attribute="summary__meets_rule", column_name=_("Rule met"))
    eligible = fields.Field(attribute="summary__eligible", column_name=_("Eligible"))
    override_reason = fields.Field(attribute="override_reason", column_name=_("Override reason"))

    SESSIONS_AFTER = "status"
    BOOLEAN_FIELDS = ("meets_rule", "eligible")

    def __init__(self, *, sessions: Sequence[Session] = (), workshop_title: str = "", **kwargs):
        super().__init__(**kwargs)
        ordered = {}
        if workshop_title:
            ordered["workshop"] = fields.Field(attribute="workshop", column_name=_("Workshop"))
        for name, field in self.fields.items():
            ordered[name] = field
            if name == self.SESSIONS_AFTER:
                for number, session in enumerate(sessions, start=1):
                    ordered[f"session_{session.id}"] = fields.Field(
                        attribute=f"session_{session.id}",
                        column_name=session_column_name(number, session),
                    )
        self.fields = ordered

    def dehydrate_meets_rule(self, row: dict) -> str:
        return _yes_no(row["summary"].meets_rule)

    def dehydrate_eligible(self, row: dict) -> str:
        return _yes_no(row["summary"].eligible)


def session_column_name(number: int, session: Session) -> str:
    """Unique even when titles repeat ("Day 1" in two workshops' agendas, for instance)."""
    day = session.local_start().date().isoformat()
    return f"{number}. {session.title} ({day})"


class RegistrationResource(resources.ModelResource):
    """The admin's registrations export: one row per registration, totals and eligibility."""

    workshop = fields.Field(attribute="workshop__slug", column_name="Workshop")
    full_name = fields.Field(attribute="participant__full_name", column_name="Full name")
    email = fields.Field(attribute="participant__email", column_name="Email")
    organisation = fields.Field(attribute="participant__organisation", column_name="Organisation")
    country = fields.Field(attribute="participant__country", column_name="Country")
    code = fields.Field(attribute="participant__code", column_name="Participant code")
    sessions_attended = fields.Field(column_name="Sessions attended")
    sessions_held = fields.Field(column_name="Sessions held")
    eligible = fields.Field(column_name="Eligible")

    class Meta:
        model = Registration
        fields = (
            "workshop",
            "full_name",
            "email",
            "organisation",
            "country",
            "code",
            "status",
            "source",
            "created_at",
            "sessions_attended",
            "sessions_held",
            "eligible",
            "eligibility_override_reason",
        )
        export_order = fields

    def get_queryset(self):
        return Registration.objects.select_related("participant", "workshop")

    def before_export(self, queryset, **kwargs):
        """Summaries in a few queries per workshop, never one per row."""
        self._summaries = {}
        by_workshop: dict[int, list[int]] = {}
        for registration_id, workshop_id in queryset.values_list("id", "workshop_id"):
            by_workshop.setdefault(workshop_id, []).append(registration_id)
        for workshop in Workshop.objects.filter(id__in=by_workshop):
            self._summaries.update(
                attendance_summaries(
                    workshop=workshop,
                    registrations=Registration.objects.filter(id__in=by_workshop[workshop.id]),
                )
            )

    def dehydrate_country(self, registration: Registration) -> str:
        return registration.participant.country.code or ""

    def dehydrate_sessions_attended(self, registration: Registration) -> int:
        return self._summaries[registration.id].sessions_attended

    def dehydrate_sessions_held(self, registration: Registration) -> int:
        return self._summaries[registration.id].sessions_held

    def dehydrate_eligible(self, registration: Registration) -> str:
        return _yes_no(self._summaries[registration.id].eligible)


class AttendanceRecordResource(resources.ModelResource):
    """The admin's attendance export: one row per recorded attendance."""

    workshop = fields.Field(attribute="session__workshop__slug", column_name="Workshop")
    session = fields.Field(attribute="session__title", column_name="Session")
    full_name = fields.Field(
        attribute="registration__participant__full_name", column_name="Full name"
    )
    email = fields.Field(attribute="registration__participant__email", column_name="Email")

    class Meta:
        model = Attendance
        fields = (
            "workshop",
            "session",
            "full_name",
            "email",
            "status",
            "method",
            "minutes_online",
            "recorded_at",
        )
        export_order = fields

    def get_queryset(self):
        return Attendance.objects.select_related("session__workshop", "registration__participant")
