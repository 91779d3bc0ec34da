"""Send the participant e-mails that are due: each one's retry after a failed try, or one that
was never tried because the queue was away. Run it every minute or few (cron, a systemd timer);
running it twice at once sends nothing twice."""

from collections import Counter

from django.core.management.base import BaseCommand

from participants.outbox import outgoing_emails_send_due


class Command(BaseCommand):
    help = "Send the participant e-mails that are due (retries included). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many are due; send nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        attempts = outgoing_emails_send_due(dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"{len(attempts)} e-mail(s) due; nothing sent (dry run).")
            return
        counts = Counter(attempt.outcome for attempt in attempts)
        self.stdout.write(
            f"{len(attempts)} e-mail(s) due: {counts['sent']} sent, "
            f"{counts['retry']} to retry later, {counts['failed']} failed for good, "
            f"{counts['dropped']} with nobody left to write to, "
            f"{counts['skipped']} taken meanwhile."
        )
