"""Forms of the check-in, attendance, import and export pages (input shape only), and the
shape of a check-in device's batch of actions."""

import datetime
import json
import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from attendance.models import Attendance, CheckinAction
from attendance.services import CheckinActionInput
from core.importing import validate_import_size
from workshops.models import Session, Workshop


class WalkInForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)


class CheckinBatchInvalid(ValueError):
    """The batch as a whole is malformed; the message says what, and nothing was applied."""


CHECKIN_BATCH_MAX_ACTIONS = 500
CHECKIN_BATCH_MAX_BYTES = 512 * 1024
_BATCH_FIELDS = {"device", "actions"}
_ACTION_FIELDS = {
    "id",
    "kind",
    "session",
    "occurred_at",
    "registration",
    "walk_in",
    "qr",
    "full_name",
    "email",
    "organisation",
}
_TEXT_LIMITS = {"qr": 200, "full_name": 200, "email": 254, "organisation": 200}


def _action_input(number: int, raw: object, now: datetime.datetime) -> CheckinActionInput:
    def invalid(message: str) -> CheckinBatchInvalid:
        return CheckinBatchInvalid(
            _("Action %(number)s: %(message)s") % {"number": number, "message": message}
        )

    if not isinstance(raw, dict):
        raise invalid(_("each action must be an object."))
    unknown = sorted(set(raw) - _ACTION_FIELDS)
    if unknown:
        raise invalid(_("unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)})
    missing = [name for name in ("id", "kind", "session", "occurred_at") if name not in raw]
    if missing:
        raise invalid(_("“%(field)s” is missing.") % {"field": missing[0]})
    kind, session_id = raw["kind"], raw["session"]
    try:
        client_id = uuid.UUID(str(raw["id"]))
        occurred_at = datetime.datetime.fromisoformat(str(raw["occurred_at"]))
    except ValueError:
        raise invalid(_("“id” must be a UUID and “occurred_at” an ISO 8601 time.")) from None
    if occurred_at.tzinfo is None:
        raise invalid(_("“occurred_at” must give its UTC offset."))
    if kind not in CheckinAction.Kind.values:
        raise invalid(_("“kind” must be check_in, undo or walk_in."))
    numbers = {"session": session_id, "registration": raw.get("registration")}
    for name, value in numbers.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise invalid(_("“%(field)s” must be a number.") % {"field": name})
    texts = {name: raw.get(name, "") for name in _TEXT_LIMITS}
    for name, value in texts.items():
        if not isinstance(value, str) or len(value) > _TEXT_LIMITS[name]:
            raise invalid(_("“%(field)s” must be a short text.") % {"field": name})
    walk_in_ref = raw.get("walk_in")
    try:
        walk_in_ref = uuid.UUID(str(walk_in_ref)) if walk_in_ref is not None else None
    except ValueError:
        raise invalid(_("“walk_in” must be the id of a walk-in action.")) from None
    if kind == CheckinAction.Kind.WALK_IN:
        if not texts["full_name"].strip() or not texts["email"].strip():
            raise invalid(_("a walk-in needs a name and an e-mail address."))
    elif numbers["registration"] is None and walk_in_ref is None and not texts["qr"]:
        raise invalid(_("name the person: “registration”, “walk_in” or “qr”."))
    return CheckinActionInput(
        client_id=client_id,
        kind=kind,
        session_id=session_id,
        # A device whose clock runs ahead cannot place its actions in the future.
        occurred_at=min(occurred_at, now),
        registration_id=numbers["registration"],
        walk_in_ref=walk_in_ref,
        **texts,
    )


def parse_checkin_batch(body: bytes) -> tuple[str, list[CheckinActionInput]]:
    """The device's label and its actions, or CheckinBatchInvalid saying what is wrong:
    `{"device": "...", "actions": [{"id": uuid, "kind": "check_in" | "undo" | "walk_in",
    "session": id, "occurred_at": ISO 8601 with offset, "registration": id | "walk_in": uuid |
    "qr": signed code, and for a walk-in "full_name", "email", "organisation"}]}`."""
    if len(body) > CHECKIN_BATCH_MAX_BYTES:
        raise CheckinBatchInvalid(_("The batch is too large: send fewer actions at a time."))
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise CheckinBatchInvalid(_("The batch is not valid JSON.")) from None
    if not isinstance(data, dict) or not isinstance(data.get("actions"), list):
        raise CheckinBatchInvalid(_("The batch must be an object with a list of “actions”."))
    unknown = sorted(set(data) - _BATCH_FIELDS)
    if unknown:
        raise CheckinBatchInvalid(
            _("Unknown fields in the batch: %(fields)s.") % {"fields": ", ".join(unknown)}
        )
    device = data.get("device", "")
    if not isinstance(device, str) or len(device) > 80:
        raise CheckinBatchInvalid(_("“device” must be a short text."))
    if len(data["actions"]) > CHECKIN_BATCH_MAX_ACTIONS:
        raise CheckinBatchInvalid(
            _("The batch is too large: at most %(count)s actions at a time.")
            % {"count": CHECKIN_BATCH_MAX_ACTIONS}
        )
    now = datetime.datetime.now(tz=datetime.UTC)
    actions = [_action_input(n, raw, now) for n, raw in enumerate(data["actions"], start=1)]
    return device.strip(), actions


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
        validate_import_size(upload)
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
        validate_import_size(upload)
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
