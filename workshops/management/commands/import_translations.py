from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workshops.management.commands.export_translations import workshop_by_slug
from workshops.translation_workbook import WorkbookError, translations_import


class Command(BaseCommand):
    help = (
        "Fill a workshop's texts from a translation workbook (made by export_translations). "
        "All or nothing: any error names its row and column and changes nothing. Exit code 0 "
        "on success (or a clean --dry-run), 1 on any error."
    )

    def add_arguments(self, parser):
        parser.add_argument("workshop", metavar="workshop-slug")
        parser.add_argument("file", metavar="FILE.xlsx")
        parser.add_argument("--dry-run", action="store_true", help="Check and report only.")

    def handle(self, *args, workshop, file, dry_run, **options):
        target = workshop_by_slug(workshop)
        try:
            content = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            report = translations_import(workshop=target, content=content, dry_run=dry_run)
        except WorkbookError as error:
            raise CommandError("\n".join(error.errors)) from None
        for change in report.changes:
            self.stdout.write(
                f"Row {change.row}, {change.language}: {change.object_label} {change.field}: "
                f"“{change.old}” → “{change.new}”"
            )
        verb = "Would change" if dry_run else "Changed"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {len(report.changes)} texts; {report.unchanged} unchanged.")
        )
