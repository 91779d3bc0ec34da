from django.conf import settings
from django.core.management.base import BaseCommand

from core.importing import upload_purge_stale
from privacy.services import participant_purge_expired


class Command(BaseCommand):
    help = (
        "Anonymise participants whose every workshop ended more than "
        "PERSONAL_DATA_RETENTION_DAYS ago (MINORS_DATA_RETENTION_DAYS for under-18s). "
        "Country, sector, registrations, attendance and certificate codes are kept for "
        "anonymous statistics and verification. Run it daily. Exit code 0 on success."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count the people and import previews that would go; change nothing.",
        )

    def handle(self, *args, dry_run: bool, **options):
        ids = participant_purge_expired(dry_run=dry_run)
        previews = upload_purge_stale(
            max_age_seconds=settings.IMPORT_PENDING_MAX_AGE_SECONDS, dry_run=dry_run
        )
        retention = (
            f"retention {settings.PERSONAL_DATA_RETENTION_DAYS} days, "
            f"{settings.MINORS_DATA_RETENTION_DAYS} for under-18s"
        )
        if dry_run:
            self.stdout.write(f"Would anonymise {len(ids)} participant(s) ({retention}).")
            self.stdout.write(f"Would delete {len(previews)} abandoned import preview(s).")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Anonymised {len(ids)} participant(s) ({retention}).")
            )
            self.stdout.write(
                self.style.SUCCESS(f"Deleted {len(previews)} abandoned import preview(s).")
            )
