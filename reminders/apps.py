from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Scheduled mail")

    def ready(self) -> None:
        # Registers the scheduled e-mail kind with participants.emails.KINDS (it needs the
        # models, which exist only once the registry is ready), as certificates does.
        import_module(f"{self.name}.emails")
