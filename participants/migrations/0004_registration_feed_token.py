"""Every registration gets a calendar feed key of its own (existing rows too: each a fresh
random key), so the personal feed no longer needs the personal link's key."""

from django.db import migrations, models

import participants.models


def fill_feed_tokens(apps, schema_editor):
    Registration = apps.get_model("participants", "Registration")
    for registration in Registration.objects.only("pk").iterator():
        Registration.objects.filter(pk=registration.pk).update(
            feed_token=participants.models.new_feed_token()
        )


class Migration(migrations.Migration):

    dependencies = [
        ("participants", "0003_attendance_moved_out"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="feed_token",
            field=models.CharField(
                editable=False, max_length=64, null=True, verbose_name="calendar feed key"
            ),
        ),
        migrations.RunPython(fill_feed_tokens, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="registration",
            name="feed_token",
            field=models.CharField(
                default=participants.models.new_feed_token,
                editable=False,
                max_length=64,
                unique=True,
                verbose_name="calendar feed key",
            ),
        ),
    ]
