from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ProjectConfig(AppConfig):
    """The project itself as an app: wires the task logs into django_tasks' signals."""

    name = "config"
    verbose_name = "COP Workshops"

    def ready(self) -> None:
        from django_tasks.signals import task_finished, task_started

        from config.logs import log_task_finished, log_task_started

        task_started.connect(log_task_started, dispatch_uid="cop_log_task_started")
        task_finished.connect(log_task_finished, dispatch_uid="cop_log_task_finished")


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin with core.admin_site's site: superusers only."""

    default_site = "core.admin_site.SuperuserAdminSite"
