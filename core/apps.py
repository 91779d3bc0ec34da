from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """core as an app: the public content revision (core/page_cache.py), the task workers'
    heartbeats (core/workers.py) and the db_worker command that emits them, listed before
    django_tasks_db so that its db_worker is the one run."""

    name = "core"
    verbose_name = _("Shared")

    def ready(self) -> None:
        from core import page_cache

        page_cache.connect_signals()
