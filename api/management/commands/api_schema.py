from django.core.management.base import BaseCommand

from api.schema_file import SCHEMA_PATH, schema_text


class Command(BaseCommand):
    help = "Write the API's OpenAPI description to api/openapi.json (commit the result)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only say whether the file is up to date."
        )

    def handle(self, *args, check: bool = False, **options):
        text = schema_text()
        if check:
            current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
            if current != text:
                raise SystemExit("api/openapi.json is out of date: run manage.py api_schema")
            self.stdout.write("api/openapi.json is up to date.")
            return
        SCHEMA_PATH.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {SCHEMA_PATH}")
