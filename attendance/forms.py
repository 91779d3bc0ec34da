"""Forms of the check-in, attendance, import and export pages (input shape only)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from attendance.models import Attendance
from workshops.models import Session, Workshop


class WalkInForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)


class EligibilityOverrideForm(forms.Form):
    RULE, ELIGIBLE, NOT_ELIGIBLE = "rule", "eligible", "not_eligible"
    decision = forms.ChoiceField(
        label=_("Certificate eligibility"),
        choices=[
            (RULE, _("as the attendance rule decides")),
            (ELIGIBLE, _("eligible, whatever the rule")),
            (NOT_ELIGIBLE, _("not eligible, whatever the rule")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        help_text=_("Needed to override the rule; kept with the history of the registration."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") not in (None, self.RULE) and not data.get("reason", "").strip():
            self.add_error("reason", _("Give a reason for overriding the attendance rule."))
        return data

    @property
    def eligible(self) -> bool | None:
        return {self.RULE: None, self.ELIGIBLE: True, self.NOT_ELIGIBLE: False}[
            self.cleaned_data["decision"]
        ]


class SessionStatusesForm(forms.Form):
    """One status per session for one registration; empty means unrecorded (absent)."""

    def __init__(self, *args, sessions: list[Session], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("not recorded")), *Attendance.Status.choices]
        for session in sessions:
            self.fields[f"session_{session.id}"] = forms.ChoiceField(
                label=session.title, choices=choices, required=False
            )


def _check_size(upload) -> None:
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise forms.ValidationError(
            _("The file is %(size)s MB; files up to %(limit)s MB can be imported."),
            params={
                "size": round(upload.size / 1_048_576, 1),
                "limit": round(settings.IMPORT_MAX_BYTES / 1_048_576, 1),
            },
        )


class ParticipantImportForm(forms.Form):
    file = forms.FileField(
        label=_("Participant list (CSV or XLSX)"),
        help_text=_(
            "Columns: Full name and Email (required), Organisation, Country, Sector, Job title. "
            "Title rows above the header are fine."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        _check_size(upload)
        return upload


class AttendanceImportForm(forms.Form):
    file = forms.FileField(
        label=_("Zoom or Teams participant report, or an attendance sheet (CSV or XLSX)"),
    )
    session = forms.ModelChoiceField(
        label=_("Session"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("the one on the report's date"),
    )
    min_minutes = forms.IntegerField(
        label=_("Minutes online to count as present"),
        min_value=0,
        max_value=24 * 60,
        initial=settings.ATTENDANCE_REPORT_MIN_MINUTES,
    )

    def __init__(self, *args, workshop: Workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = workshop.sessions.filter(is_cancelled=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        _check_size(upload)
        return upload


class ConfirmImportForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)


class RegistrationsExportForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    format = forms.ChoiceField(
        label=pgettext_lazy("file type", "Format"),
        choices=[("csv", "CSV"), ("xlsx", "XLSX"), ("json", "JSON")],
    )
