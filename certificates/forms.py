from django import forms
from django.utils.translation import gettext_lazy as _

from certificates.models import VERIFICATION_CODE_LENGTH, RevokedCategory
from certificates.selectors import normalise_code


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_(
            "Printed under the QR code, for example ABCD-EFGH-JKMN. Case, spaces and dashes do not matter."
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != VERIFICATION_CODE_LENGTH or not code.isalnum():
            raise forms.ValidationError(
                _("A verification code has %(length)s letters and digits."),
                params={"length": VERIFICATION_CODE_LENGTH},
                code="bad_length",
            )
        return code


class RevokeForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Reason for revoking"),
        choices=RevokedCategory.choices,
        help_text=_("Shown on the public verification page."),
    )
    reason = forms.CharField(
        label=_("Note (staff only)"),
        max_length=500,
        help_text=_("Seen by staff only, and erased with the person's data."),
    )
