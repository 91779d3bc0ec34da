"""Attendance now lives in the attendance app (its 0001). State only: the tables and their
rows stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("participants", "0002_participant_search_text"),
        ("attendance", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='historicalattendance',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalattendance',
                    name='recorded_by',
                ),
                migrations.RemoveField(
                    model_name='historicalattendance',
                    name='registration',
                ),
                migrations.RemoveField(
                    model_name='historicalattendance',
                    name='session',
                ),
                migrations.DeleteModel(
                    name='Attendance',
                ),
                migrations.DeleteModel(
                    name='HistoricalAttendance',
                ),
            ],
            # The tables stay as they are: only the code's idea of their app changes.
            database_operations=[],
        ),
    ]
