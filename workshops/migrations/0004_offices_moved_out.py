"""Regions, regional offices and staff memberships now live in the offices app (its 0001):
the workshops point at them there. State only: the tables and their rows stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("workshops", "0003_staff_role_groups"),
        ("offices", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='regionaloffice',
                    name='region',
                ),
                migrations.AlterField(
                    model_name='historicalworkshop',
                    name='office',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='offices.regionaloffice', verbose_name='regional office'),
                ),
                migrations.AlterField(
                    model_name='nationalactivity',
                    name='office',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='national_activities', to='offices.regionaloffice', verbose_name='regional office'),
                ),
                migrations.AlterField(
                    model_name='workshop',
                    name='office',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='workshops', to='offices.regionaloffice', verbose_name='regional office'),
                ),
                migrations.RemoveField(
                    model_name='staffmembership',
                    name='office',
                ),
                migrations.RemoveField(
                    model_name='staffmembership',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='Region',
                ),
                migrations.DeleteModel(
                    name='RegionalOffice',
                ),
                migrations.DeleteModel(
                    name='StaffMembership',
                ),
            ],
            # The tables stay as they are: only the code's idea of their app changes.
            database_operations=[],
        ),
    ]
