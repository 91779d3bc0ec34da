"""Attendance (and its history) moves here from the participants app, its tables and rows
untouched (the state moves; participants.0003 lets go of it)."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


FROM_APP, TO_APP = "participants", "attendance"
MODELS = ["attendance", "historicalattendance"]


def move_content_types(apps, schema_editor):
    """Admin log entries, permissions (and the role groups holding them) and history point at
    a model through its content type: relabel it, so they follow the model to its new app.

    Where the new app's content type exists already (a database whose post-migrate step ran
    on the new code before this migration, or the browser tests re-running the data
    migrations), the groups' and users' permissions and the admin log entries move to it
    before the old one goes (deleting it would drop those permissions and cut the entries
    loose from their objects)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    try:
        LogEntry = apps.get_model("admin", "LogEntry")
    except LookupError:  # the admin's tables come later: no entries to move yet
        LogEntry = None
    for old in ContentType.objects.filter(app_label=FROM_APP, model__in=MODELS):
        new = ContentType.objects.filter(app_label=TO_APP, model=old.model).first()
        if new is None:
            old.app_label = TO_APP
            old.save(update_fields=["app_label"])
            continue
        for permission in Permission.objects.filter(content_type=old):
            replacement = Permission.objects.filter(
                content_type=new, codename=permission.codename
            ).first()
            if replacement is None:
                permission.content_type = new
                permission.save(update_fields=["content_type"])
                continue
            for group in permission.group_set.all():
                group.permissions.add(replacement)
            for user in permission.user_set.all():
                user.user_permissions.add(replacement)
        if LogEntry is not None:
            LogEntry.objects.filter(content_type=old).update(content_type=new)
        old.delete()


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=TO_APP, model__in=MODELS).update(app_label=FROM_APP)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("participants", "0002_participant_search_text"),
        ("workshops", "0004_offices_moved_out"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalAttendance',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('status', models.CharField(choices=[('present', 'present'), ('late', 'late'), ('excused', 'excused'), ('absent', 'absent')], default='present', max_length=10, verbose_name='status')),
                        ('method', models.CharField(choices=[('door', 'checked in at the door'), ('qr', 'QR code scanned'), ('walk_in', 'walk-in'), ('online_report', 'online meeting report'), ('sheet', 'paper sign-in sheet'), ('staff', 'set by staff')], max_length=15, verbose_name='recorded by way of')),
                        ('minutes_online', models.PositiveIntegerField(blank=True, null=True, verbose_name='minutes online')),
                        ('recorded_at', models.DateTimeField(blank=True, editable=False, verbose_name='recorded')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                        ('registration', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='participants.registration', verbose_name='registration')),
                        ('session', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workshops.session', verbose_name='session')),
                    ],
                    options={
                        'verbose_name': 'historical attendance',
                        'verbose_name_plural': 'historical attendance records',
                        'db_table': 'participants_historicalattendance',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Attendance',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('present', 'present'), ('late', 'late'), ('excused', 'excused'), ('absent', 'absent')], default='present', max_length=10, verbose_name='status')),
                        ('method', models.CharField(choices=[('door', 'checked in at the door'), ('qr', 'QR code scanned'), ('walk_in', 'walk-in'), ('online_report', 'online meeting report'), ('sheet', 'paper sign-in sheet'), ('staff', 'set by staff')], max_length=15, verbose_name='recorded by way of')),
                        ('minutes_online', models.PositiveIntegerField(blank=True, null=True, verbose_name='minutes online')),
                        ('recorded_at', models.DateTimeField(auto_now=True, verbose_name='recorded')),
                        ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                        ('registration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='participants.registration', verbose_name='registration')),
                        ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='workshops.session', verbose_name='session')),
                    ],
                    options={
                        'verbose_name': 'attendance',
                        'verbose_name_plural': 'attendance records',
                        'db_table': 'participants_attendance',
                        'ordering': ['session__starts_at'],
                        'constraints': [models.UniqueConstraint(fields=('registration', 'session'), name='one_attendance_per_registration_and_session')],
                    },
                ),
            ],
            # The tables stay as they are: only the code's idea of their app changes.
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
