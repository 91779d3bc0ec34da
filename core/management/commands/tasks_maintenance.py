"""Puts the tasks of workers that stopped heartbeating back in the queue (or fails them when
out of attempts). Idempotent; run by the periodic tick (deploy/scheduler.sh)."""

from django.core.management.base import BaseCommand

from core.workers import tasks_reclaim


class Command(BaseCommand):
    help = (
        "Put back in the queue the tasks of workers silent for longer than "
        "TASKS_RECLAIM_SECONDS; fail those claimed TASKS_MAX_ATTEMPTS times."
    )

    def handle(self, *args: object, **options: object) -> None:
        result = tasks_reclaim()
        self.stdout.write(
            f"{len(result.requeued)} task(s) put back in the queue, {len(result.failed)} failed."
        )
