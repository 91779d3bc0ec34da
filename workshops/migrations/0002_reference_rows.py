"""The six regions, five COP pillars and four audiences are fixed by the programme."""

from django.db import migrations

REGIONS = ["africa", "americas", "arab-states", "asia-pacific", "cis", "europe"]
PILLARS = ["legal", "technical", "organizational", "capacity", "cooperation"]
AUDIENCES = ["children", "parents-educators", "policy-makers", "industry"]


def create_reference_rows(apps, schema_editor):
    for slug in REGIONS:
        apps.get_model("workshops", "Region").objects.get_or_create(slug=slug)
    for code in PILLARS:
        apps.get_model("workshops", "Pillar").objects.get_or_create(code=code)
    for code in AUDIENCES:
        apps.get_model("workshops", "Audience").objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("workshops", "0001_initial")]

    operations = [migrations.RunPython(create_reference_rows, migrations.RunPython.noop)]
