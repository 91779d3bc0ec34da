from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CredentialUploadForm(forms.Form):
    """A certificate PDF or a credential JSON to check; its size is checked here, its content
    by credentials.selectors.upload_check."""

    file = forms.FileField(
        label=_("Certificate PDF or credential JSON"),
        help_text=_("The PDF as you received it, or the credential.json file."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.CREDENTIAL_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB; a certificate is much smaller."),
                params={"limit": round(limit / 1024 / 1024, 1)},
                code="too_large",
            )
        return upload
