"""python manage.py issue_certificates <workshop-slug> [--dry-run]"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from certificates.models import CertificateBatch
from certificates.selectors import batch_plan
from certificates.services import batch_run
from workshops.models import Workshop


class Command(BaseCommand):
    help = (
        "List who qualifies for a certificate of a workshop and why others do not, then issue "
        "the missing and out-of-date certificates (not with --dry-run)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("workshop", help="the workshop's slug, for example port-vila-2014")
        parser.add_argument("--dry-run", action="store_true", help="only list; issue nothing")

    def handle(self, *args, workshop: str, dry_run: bool, **options) -> None:
        try:
            target = Workshop.objects.select_related("office").get(slug=workshop)
        except Workshop.DoesNotExist:
            raise CommandError(f"No workshop with the slug “{workshop}”.") from None
        plan = batch_plan(workshop=target)
        self._section("Qualify, certificate to issue", plan.to_issue)
        self._section("Qualify, certificate already up to date", plan.unchanged)
        self._section("Qualify, but their certificate was revoked (issue one by one)", plan.revoked)
        self._section(
            "Qualify, but their name changed since their certificate (confirm one by one)",
            plan.name_changed,
        )
        self.stdout.write(f"Do not qualify ({len(plan.not_eligible)}):")
        for row in plan.not_eligible:
            self.stdout.write(
                f"  {row.registration.participant.full_name}: {' '.join(row.reasons)}"
            )
        if dry_run:
            self.stdout.write(f"Dry run: {len(plan.to_issue)} certificate(s) would be issued.")
            return
        batch = CertificateBatch.objects.create(workshop=target)
        batch = batch_run(batch_id=batch.pk)
        if batch is None:
            raise CommandError("The batch was deleted while it ran.")
        self.stdout.write(
            f"Issued {batch.done_count}, already up to date {batch.unchanged_count}, "
            f"failed {batch.failed_count}."
        )
        if batch.failed_count:
            raise CommandError(f"{batch.failed_count} certificate(s) failed: {batch.error}")

    def _section(self, title: str, rows: list) -> None:
        self.stdout.write(f"{title} ({len(rows)}):")
        for row in rows:
            summary = row.summary
            self.stdout.write(
                f"  {row.registration.participant.full_name}: "
                f"{summary.sessions_attended}/{summary.sessions_held} sessions"
            )
