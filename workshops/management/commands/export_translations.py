from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workshops.models import Workshop
from workshops.translation_workbook import translations_workbook


def workshop_by_slug(slug: str) -> Workshop:
    try:
        return Workshop.objects.get(slug=slug)
    except Workshop.DoesNotExist:
        raise CommandError(f"No workshop has the slug “{slug}”.") from None


class Command(BaseCommand):
    help = (
        "Export a workshop's texts (its own, its sessions', its documents') for translators: "
        "one row per text, a column per language. Exit code 0 on success, 1 on any error."
    )

    def add_arguments(self, parser):
        parser.add_argument("workshop", metavar="workshop-slug")
        parser.add_argument("--output", required=True, metavar="FILE.xlsx")

    def handle(self, *args, workshop, output, **options):
        content = translations_workbook(workshop_by_slug(workshop))
        try:
            Path(output).write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}."))
