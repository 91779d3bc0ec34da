"""core's tables: a heartbeat per task-worker process (core/workers.py) and the public content
revision (core/page_cache.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A task worker that is alive writes `last_seen_at` every TASKS_HEARTBEAT_SECONDS; one
    silent for longer than TASKS_RECLAIM_SECONDS is taken for dead, and the tasks it had
    claimed go back to the queue. The row goes when the worker stops, or is reclaimed."""

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started"))
    last_seen_at = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} ({self.worker_id})"


class ContentRevision(models.Model):
    """Numbers that go up, after the commit, whenever what something kept was built from
    changes (core/page_cache.py): row 1 when anything a public page shows changes (the cached
    anonymous pages are kept under it), row 2 when any of the staff's records does (the kept
    reports and dashboard lists), so a change is seen on the very next request. In the
    database, not the cache, so that every web process reads the same number even while Redis
    is away."""

    number = models.PositiveBigIntegerField(_("number"), default=0)

    class Meta:
        verbose_name = _("content revision")
        verbose_name_plural = _("content revisions")

    def __str__(self) -> str:
        return str(self.number)
