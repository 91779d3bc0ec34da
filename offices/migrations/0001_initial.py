"""Regions, regional offices and staff memberships move here from the workshops app, their
tables and rows untouched (the state moves; workshops.0004 lets go of them)."""

import core.validators
import django.db.models.deletion
import django_countries.fields
from django.conf import settings
from django.db import migrations, models


FROM_APP, TO_APP = "workshops", "offices"
MODELS = ["region", "regionaloffice", "staffmembership"]


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
        ("workshops", "0003_staff_role_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Region',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(choices=[('africa', 'Africa'), ('americas', 'Americas'), ('arab-states', 'Arab States'), ('asia-pacific', 'Asia-Pacific'), ('cis', 'CIS'), ('europe', 'Europe')], max_length=20, unique=True, verbose_name='code')),
                    ],
                    options={
                        'verbose_name': 'region',
                        'verbose_name_plural': 'regions',
                        'db_table': 'workshops_region',
                        'ordering': ['slug'],
                    },
                ),
                migrations.CreateModel(
                    name='RegionalOffice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                        ('slug', models.SlugField(unique=True, verbose_name='slug')),
                        ('city', models.CharField(max_length=100, verbose_name='city')),
                        ('country', django_countries.fields.CountryField(max_length=2, verbose_name='country')),
                        ('time_zone', models.CharField(default='UTC', max_length=64, validators=[core.validators.validate_time_zone], verbose_name='time zone')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='contact e-mail')),
                        ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='offices', to='offices.region', verbose_name='region')),
                    ],
                    options={
                        'verbose_name': 'regional office',
                        'verbose_name_plural': 'regional offices',
                        'db_table': 'workshops_regionaloffice',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='StaffMembership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('office_staff', 'office staff'), ('office_viewer', 'office viewer'), ('headquarters', 'headquarters')], max_length=20, verbose_name='role')),
                        ('office', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='offices.regionaloffice', verbose_name='office')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='staff_membership', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'staff membership',
                        'verbose_name_plural': 'staff memberships',
                        'db_table': 'workshops_staffmembership',
                        'constraints': [models.CheckConstraint(condition=models.Q(('role', 'headquarters'), ('office__isnull', False), _connector='OR'), name='office_role_needs_office', violation_error_message='Office staff and viewers belong to an office.')],
                    },
                ),
            ],
            # The tables stay as they are: only the code's idea of their app changes.
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
