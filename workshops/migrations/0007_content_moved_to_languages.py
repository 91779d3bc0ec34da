"""The texts typed before content had languages move to the column of the language they were
written in: a workshop's first working language (English when it names none), for the workshop,
its sessions and its documents; English for partners and national work. Nothing is lost: the
original columns keep their text. Reversing copies each language column back only where the
original is empty."""

from django.db import migrations

LANGUAGES = ("ar", "zh_hans", "en", "fr", "ru", "es")
UN_TO_COLUMN = {"zh": "zh_hans", "ar": "ar", "en": "en", "fr": "fr", "ru": "ru", "es": "es"}

FIELDS = {
    "Workshop": ("title", "summary", "description", "city", "venue", "data_note"),
    "Session": ("title", "room", "speakers", "description"),
    "Partner": ("name", "description"),
    "OutcomeDocument": ("title", "description"),
    "NationalActivity": ("title", "description", "data_note"),
}


def workshop_language(workshop) -> str:
    for code in workshop.languages or []:
        if code in UN_TO_COLUMN:
            return UN_TO_COLUMN[code]
    return "en"


def copy_to_language(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("workshops", model_name)
        related = ["workshop"] if model_name in ("Session", "OutcomeDocument") else []
        for row in model.objects.select_related(*related).iterator(chunk_size=500):
            if model_name == "Workshop":
                language = workshop_language(row)
            elif related and row.workshop is not None:
                language = workshop_language(row.workshop)
            else:
                language = "en"
            changed = []
            for field in fields:
                value = getattr(row, field)
                target = f"{field}_{language}"
                if value and not getattr(row, target):
                    setattr(row, target, value)
                    changed.append(target)
            if changed:
                row.save(update_fields=changed)


def copy_back(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("workshops", model_name)
        for row in model.objects.iterator(chunk_size=500):
            changed = []
            for field in fields:
                if getattr(row, field):
                    continue
                for language in LANGUAGES:
                    value = getattr(row, f"{field}_{language}")
                    if value:
                        setattr(row, field, value)
                        changed.append(field)
                        break
            if changed:
                row.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("workshops", "0006_content_languages")]

    operations = [migrations.RunPython(copy_to_language, copy_back)]
