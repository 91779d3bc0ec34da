import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import READ_SCOPES, Scope


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What uses it, for example “CRM sync”. Shown in the audit trail."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    expires_on = forms.DateField(
        label=_("Expires after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional. The token stops working at the end of this day (UTC)."),
    )

    def __init__(self, *args, headquarters: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if headquarters:
            labels = dict(Scope.choices)
            self.fields["scopes"].choices = [(scope, labels[scope]) for scope in READ_SCOPES]

    def expires_at(self) -> dt.datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=dt.UTC)


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("An https:// address of your system that accepts a JSON POST."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=100,
        required=False,
        help_text=_("What receives it, for example “CRM”."),
    )
