"""The periodic tick. First the scheduled mail that is due (reminders, questionnaire
invitations, "starts tomorrow", chasers, "your certificate is ready") is written to the outbox,
each (kind, registration) once; then every outbox e-mail that is due is sent: those just
queued, retries after a failed try, and any that was never tried because the queue was away.
Run it every minute or few (cron, a systemd timer, deploy/scheduler.sh); two runs at once
send nothing twice.

It lives here, in the highest app it needs (reminders, above participants' outbox)."""

from collections import Counter

from django.core.management.base import BaseCommand
from django.utils import timezone

from participants.outbox import outgoing_emails_send_due
from reminders.services import scheduled_mail_enqueue_due


class Command(BaseCommand):
    help = (
        "Queue the scheduled mail that is due, then send the participant e-mails that are due "
        "(retries included). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only list what is due; queue and send nothing.",
        )

    def handle(self, *args, dry_run: bool = False, **options):
        scheduled = scheduled_mail_enqueue_due(dry_run=dry_run)
        attempts = outgoing_emails_send_due(dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"{len(attempts)} e-mail(s) due; nothing sent (dry run).")
            count = sum(len(item.registration_ids) for item in scheduled.due)
            self.stdout.write(f"{count} scheduled e-mail(s) due; nothing queued (dry run).")
            for item in scheduled.due:
                due_at = timezone.localtime(item.due_at, item.workshop.zone)
                self.stdout.write(
                    f"  {item.workshop.slug}: {item.rule.kind} (due {due_at:%Y-%m-%d %H:%M %Z}) "
                    f"to {len(item.registration_ids)} registration(s)"
                )
            return
        counts = Counter(attempt.outcome for attempt in attempts)
        self.stdout.write(
            f"{len(attempts)} e-mail(s) due: {counts['sent']} sent, "
            f"{counts['retry']} to retry later, {counts['failed']} failed for good, "
            f"{counts['dropped']} with nobody left to write to, "
            f"{counts['skipped']} taken meanwhile."
        )
        self.stdout.write(
            f"{scheduled.queued} scheduled e-mail(s) queued, "
            f"{scheduled.taken} queued by another run meanwhile."
        )
