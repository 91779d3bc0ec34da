from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        # Registers the certificate e-mail kind. Loaded here, not at the top of this file,
        # because it needs the models, which exist only once the app registry is ready.
        import_module(f"{self.name}.emails")
