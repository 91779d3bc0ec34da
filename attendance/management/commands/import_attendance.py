from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from attendance.importers import attendance_file_import
from participants.management.commands._importing import (
    print_report,
    read_input_file,
    workshop_by_slug,
)


class Command(BaseCommand):
    help = (
        "Import attendance into one session of a workshop from a Zoom or Microsoft Teams "
        "participant report (people who stayed at least --min-minutes are present; matched on "
        "e-mail) or from an attendance sheet (Email or Participant code, and Status). A file "
        "with any error imports nothing. Exit code 0 on success, 1 on any error."
    )

    def add_arguments(self, parser):
        parser.add_argument("workshop", metavar="workshop-slug")
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--session",
            type=int,
            metavar="N",
            help="The session's number in the agenda (1 = first). For a report, defaults to "
            "the session on the report's date.",
        )
        parser.add_argument(
            "--min-minutes",
            type=int,
            metavar="M",
            default=settings.ATTENDANCE_REPORT_MIN_MINUTES,
            help="Minutes online to count as present (default %(default)s).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; change nothing."
        )

    def handle(self, *args, workshop, file, session, min_minutes, dry_run, **options):
        found = workshop_by_slug(workshop)
        chosen = None
        if session is not None:
            sessions = list(found.sessions.all())
            if not 1 <= session <= len(sessions):
                raise CommandError(
                    f"--session must be between 1 and {len(sessions)} for this workshop."
                )
            chosen = sessions[session - 1]
        if min_minutes < 0:
            raise CommandError("--min-minutes cannot be negative.")
        report = attendance_file_import(
            workshop=found,
            data=read_input_file(file),
            by=None,
            dry_run=dry_run,
            session=chosen,
            min_minutes=min_minutes,
        )
        print_report(self, report, dry_run=dry_run)
