"""The task worker for TASKS_BACKEND=rq: django-rq's `rqworker`, sitting out Redis outages
(core/rq_workers.py) instead of exiting on most of them."""

import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run an RQ task worker (TASKS_BACKEND=rq) that sits out Redis outages"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "queues", nargs="*", default=["default"], help="queues to work on (default: default)"
        )
        parser.add_argument("--burst", action="store_true", help="stop once the queues are empty")
        parser.add_argument("--name", default=None, help="the worker's name (default: random)")

    def handle(self, *queues: str, burst: bool, name: str | None, verbosity: int, **options: Any):
        if not getattr(settings, "RQ_QUEUES", None):
            raise CommandError("rq_worker runs RQ's queues: set TASKS_BACKEND=rq (and REDIS_URL).")
        # Imported here: django-rq is an installed app only with TASKS_BACKEND=rq.
        from core.rq_workers import rq_work

        level = "DEBUG" if verbosity >= 2 else "WARNING" if verbosity == 0 else "INFO"
        rq_work(*queues, stop=threading.Event(), burst=burst, name=name, logging_level=level)
