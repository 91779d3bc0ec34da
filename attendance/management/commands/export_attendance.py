from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from attendance.exporters import AttendanceExporter
from core.exporting import FORMATS
from participants.management.commands._importing import workshop_by_slug


class Command(BaseCommand):
    help = (
        "Export a workshop's attendance: one row per participant, a column per session, "
        "totals and certificate eligibility. Exit code 0 on success, 1 on any error."
    )

    def add_arguments(self, parser):
        parser.add_argument("workshop", metavar="workshop-slug")
        parser.add_argument("--format", choices=sorted(FORMATS), default="csv")
        parser.add_argument("--output", required=True, metavar="FILE")

    def handle(self, *args, workshop, format, output, **options):
        export = AttendanceExporter(workshop=workshop_by_slug(workshop)).render(format)
        path = Path(output)
        try:
            with path.open("wb") as file:
                for chunk in export.chunks:
                    file.write(chunk)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({format})."))
