"""Office roles no longer use the Django admin (it is for superusers only): the three role
groups that gave them its model permissions go, and so does the admin flag of every login whose
only reason for it was a staff membership. Superusers keep theirs.

Not reversed: going back to the code that used them means re-running workshops.0003."""

from django.conf import settings
from django.db import migrations

ROLE_GROUPS = ["Office staff", "Office viewers", "Headquarters"]


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()
    StaffMembership = apps.get_model("offices", "StaffMembership")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    members = StaffMembership.objects.values("user_id")
    User.objects.filter(pk__in=members, is_superuser=False, is_staff=True).update(is_staff=False)


class Migration(migrations.Migration):
    dependencies = [
        ("offices", "0001_initial"),
        ("workshops", "0003_staff_role_groups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(remove_role_groups, migrations.RunPython.noop)]
