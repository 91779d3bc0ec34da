from django.db import migrations, models

from participants.search import participant_search_text


def fill_search_text(apps, schema_editor):
    Participant = apps.get_model("participants", "Participant")
    batch = []
    for participant in Participant.objects.only("full_name", "email", "code").iterator():
        participant.search_text = participant_search_text(
            full_name=participant.full_name, email=participant.email, code=participant.code
        )
        batch.append(participant)
        if len(batch) == 500:
            Participant.objects.bulk_update(batch, ["search_text"])
            batch = []
    Participant.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="participant",
            name="search_text",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="search text"
            ),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
