"""django-tasks-db's db_worker, with a heartbeat, the reclaim of dead workers' tasks, and
database outages sat out (core/workers.py). It takes the same options; listed before
django_tasks_db in INSTALLED_APPS, it is the `manage.py db_worker` that runs."""

import logging
import os
from typing import Any

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker as library

from core.workers import DATABASE_DOWN, Heartbeat, database_wait, tasks_reclaim

logger = logging.getLogger("core.workers")


class Worker(library.Worker):
    """The library's worker loop, run inside a heartbeat; a database error that would end it
    (the library re-raises all but "database is locked") is waited out instead, and what this
    worker held when the database went away goes back to the queue."""

    def run(self) -> None:
        heartbeat = Heartbeat(self.worker_id)
        heartbeat.start()
        back_from_outage = False
        try:
            while True:
                try:
                    if back_from_outage:  # what this worker held when the database went away
                        tasks_reclaim(worker_id=self.worker_id)
                    tasks_reclaim()  # what dead workers left, so that this one takes it up
                    super().run()
                    return
                except DATABASE_DOWN as error:
                    database_wait(error)
                    self.startup_delay = False
                    back_from_outage = True
        finally:
            heartbeat.stop()


class Command(library.Command):
    help = "Run a database background worker (with a heartbeat; sits out database outages)"

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options: Any,
    ) -> None:
        # The library's handle() builds its own Worker class by name; this is the same
        # handle() with ours (no hook to pass a class in django-tasks-db 0.13).
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning("--reload and --batch cannot be used together: not reloading.")
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the reloaded child handles signals
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
