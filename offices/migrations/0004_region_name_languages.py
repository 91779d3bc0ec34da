"""Region names in six languages: until now a region's name was its code's label, translated by
the gettext catalogues; it becomes a field with one column per language (like an office's name),
filled here from those catalogue translations so no language loses its name.

A language's column is filled only where the catalogue has a real translation (one that differs
from the English); elsewhere it stays empty and the content rule falls back to English, marked.
Backwards the columns are simply dropped: the catalogues still hold the labels."""

from django.db import migrations, models
from django.utils import translation
from django.utils.translation import gettext

#: Django's codes of the six languages and the column suffix of each.
LANGUAGES = {"ar": "ar", "zh-hans": "zh_hans", "en": "en", "fr": "fr", "ru": "ru", "es": "es"}

#: The English names the regions had as their codes' labels (offices.models.Region.Code); the
#: catalogues translate these msgids.
NAMES = {
    "africa": "Africa",
    "americas": "Americas",
    "arab-states": "Arab States",
    "asia-pacific": "Asia-Pacific",
    "cis": "CIS",
    "europe": "Europe",
}


def names_in_every_language(english: str) -> dict[str, str | None]:
    """`name_en`..`name_zh_hans` for one English name: its catalogue translation in each
    language that has one, else None (no name in that language)."""
    names: dict[str, str | None] = {}
    for code, suffix in LANGUAGES.items():
        with translation.override(code):
            translated = gettext(english)
        names[f"name_{suffix}"] = translated if translated != english else None
    names["name_en"] = english
    return names


def require_compiled_catalogues() -> None:
    """The names come from the compiled catalogues (.mo, git-ignored, built by `make` and the
    Dockerfile): without them every language would silently get only the English name."""
    with translation.override("fr"):
        if gettext("Africa") == "Africa":
            raise RuntimeError(
                "The translation catalogues are not compiled; run `manage.py compilemessages` "
                "before this migration, which copies their names into the database."
            )


def fill_names(apps, schema_editor):
    require_compiled_catalogues()
    region_model = apps.get_model("offices", "Region")
    for region in region_model.objects.all():
        english = NAMES.get(region.slug, region.slug)
        for field, value in names_in_every_language(english).items():
            setattr(region, field, value)
        region.name = english
        region.save()


def unfill_names(apps, schema_editor):
    """Nothing to keep: the columns are dropped next."""


class Migration(migrations.Migration):
    dependencies = [
        ("offices", "0003_office_name_languages"),
    ]

    operations = [
        migrations.AddField(
            model_name="region",
            name="name",
            field=models.CharField(db_default="", max_length=100, verbose_name="name"),
        ),
        *(
            migrations.AddField(
                model_name="region",
                name=f"name_{suffix}",
                field=models.CharField(
                    db_default="", max_length=100, null=True, verbose_name="name"
                ),
            )
            for suffix in LANGUAGES.values()
        ),
        migrations.RunPython(fill_names, unfill_names),
    ]
