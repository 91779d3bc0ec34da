from django.core.management.base import BaseCommand

from participants.importers import participant_list_import
from participants.management.commands._importing import (
    print_report,
    read_input_file,
    workshop_by_slug,
)


class Command(BaseCommand):
    help = (
        "Import a participant list (CSV or XLSX: Full name, Email, Organisation, Country, Sector, "
        "Job title) into a workshop; everyone is confirmed. A file with any error imports "
        "nothing. Exit code 0 on success, 1 on any error."
    )

    def add_arguments(self, parser):
        parser.add_argument("workshop", metavar="workshop-slug")
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; change nothing."
        )

    def handle(self, *args, workshop, file, dry_run, **options):
        report = participant_list_import(
            workshop=workshop_by_slug(workshop),
            data=read_input_file(file),
            by=None,
            dry_run=dry_run,
        )
        print_report(self, report, dry_run=dry_run)
