"""Marks failed the certificate batches whose task is gone, so that staff see them failed (and
can resume them) without opening their page first. Idempotent; run by the periodic tick
(deploy/scheduler.sh), after tasks_maintenance."""

from django.core.management.base import BaseCommand

from certificates.batches import batch_settle_pending


class Command(BaseCommand):
    help = (
        "Mark failed every queued or running certificate batch whose task is gone (failed, "
        "lost, or never queued a minute after the batch was requested)."
    )

    def handle(self, *args: object, **options: object) -> None:
        failed = batch_settle_pending()
        self.stdout.write(f"{len(failed)} certificate batch(es) marked failed.")
