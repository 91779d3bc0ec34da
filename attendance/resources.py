"""django-import-export Resources for attendance: the one definition of its columns.

- AttendanceResource: the attendance export, one row per registration with a column per
  session, totals and eligibility. Its rows are the dicts of
  attendance.selectors.attendance_matrix_rows; attendance.exporters streams them.
- RegistrationResource, AttendanceRecordResource: the admin's flat exports; every cell
  passes core.exporting.neutralise on its way out."""

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from attendance.models import Attendance
from attendance.selectors import attendance_summaries
from core.exporting import NeutralisedExportMixin
from participants.models import Registration
from workshops.models import Session, Workshop


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


class RegistrationResource(NeutralisedExportMixin, resources.ModelResource):
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


class AttendanceRecordResource(NeutralisedExportMixin, resources.ModelResource):
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
