from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "attendance"
    verbose_name = _("Attendance")

    def ready(self) -> None:
        # Registers the signed QR code with the participant e-mails. Loaded here, not at the top
        # of this file, because it needs the models, which exist only once the registry is ready.
        import_module(f"{self.name}.qr_signing")
