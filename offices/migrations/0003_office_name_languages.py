"""Office names in six languages: one column per language, the names typed so far copied into
English. Uniqueness moves from the single name to each language's column, for the names that
exist (two offices may both lack a French name).

The order matters when reversing: the English names go back into the single column before it
is made unique again (that column may meanwhile hold a name in another language, whatever
language the last save was made in)."""

from django.db import migrations, models

LANGUAGES = ("ar", "zh_hans", "en", "fr", "ru", "es")


def copy_to_english(apps, schema_editor):
    """The names typed so far are English."""
    office_model = apps.get_model("offices", "RegionalOffice")
    office_model.objects.filter(models.Q(name_en__isnull=True) | models.Q(name_en="")).update(
        name_en=models.F("name")
    )


def copy_back(apps, schema_editor):
    """The single name becomes the English one again (else the first language that has one)."""
    office_model = apps.get_model("offices", "RegionalOffice")
    for office in office_model.objects.all():
        names = [getattr(office, f"name_{code}") for code in ("en", *LANGUAGES)]
        office.name = next((name for name in names if name), office.name)
        office.save(update_fields=["name"])


def unique_in(language: str) -> models.UniqueConstraint:
    name = f"name_{language}"
    return models.UniqueConstraint(
        condition=~models.Q((name, "")),
        fields=(name,),
        name=f"office_{name}_unique",
        violation_error_code="unique",
        violation_error_message="Another office already has this name.",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("offices", "0002_role_groups_removed"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name="regionaloffice",
                name=f"name_{code}",
                field=models.CharField(max_length=100, null=True, verbose_name="name"),
            )
            for code in LANGUAGES
        ),
        migrations.AlterField(
            model_name="regionaloffice",
            name="name",
            field=models.CharField(max_length=100, verbose_name="name"),
        ),
        migrations.RunPython(copy_to_english, copy_back),
        *(
            migrations.AddConstraint(model_name="regionaloffice", constraint=unique_in(code))
            for code in LANGUAGES
        ),
        migrations.AlterModelOptions(
            name="regionaloffice",
            options={
                "ordering": ["name_en"],
                "verbose_name": "regional office",
                "verbose_name_plural": "regional offices",
            },
        ),
    ]
