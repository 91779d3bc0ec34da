from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    name = "credentials"
    verbose_name = _("Verifiable credentials")

    def ready(self) -> None:
        from certificates.finishing import PDF_FINISHERS
        from credentials.checks import check_signing_key
        from credentials.services import credential_attach

        # Every certificate PDF stored from now on carries its signed credential.
        PDF_FINISHERS["credentials"] = credential_attach
        checks.register(check_signing_key, checks.Tags.security, deploy=True)
