"""A mail rule as staff edit it: when, and its subject and text in the six languages."""

from django import forms
from django.conf import settings
from django.forms import modelformset_factory
from django.utils.translation import gettext_lazy as _

from reminders.models import MailRule
from reminders.texts import PLACEHOLDERS, unknown_placeholders

TEXT_FIELDS = [
    f"{name}_{code.replace('-', '_')}"
    for name in ("subject", "body")
    for code, _n in settings.LANGUAGES
]


class MailRuleForm(forms.ModelForm):
    class Meta:
        model = MailRule
        fields = ["kind", "days", "hours", "time_of_day", "is_active", *TEXT_FIELDS]
        widgets = {
            "time_of_day": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in TEXT_FIELDS
                if name.startswith("body")
            },
        }

    def clean(self):
        cleaned = super().clean()
        for name in TEXT_FIELDS:
            unknown = unknown_placeholders(cleaned.get(name) or "")
            if unknown:
                self.add_error(
                    name,
                    _("Unknown placeholder %(names)s; use %(known)s.")
                    % {
                        "names": ", ".join(f"{{{n}}}" for n in unknown),
                        "known": ", ".join(f"{{{n}}}" for n in PLACEHOLDERS),
                    },
                )
        return cleaned


MailRuleFormSet = modelformset_factory(MailRule, form=MailRuleForm, extra=1, can_delete=True)
