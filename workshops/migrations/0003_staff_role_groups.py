"""One group per staff role with its Django model permissions, so the admin works for office
staff (change their office's rows), office viewers and headquarters (view only). The office
itself is enforced on top of these by offices.permissions.OfficeScopedAdminMixin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICE_OWNED = {
    "workshops": ["workshop", "session", "workshoppartner", "outcomedocument", "outcomedocumentfile"],
    "participants": ["participant", "registration", "attendance"],
    "certificates": ["certificate", "certificatebatch"],
}
# Office staff may remove these; workshops, people, registrations and certificates are never
# deleted from the admin (cancel, anonymise, supersede or revoke instead).
DELETABLE = {"session", "workshoppartner", "outcomedocument", "outcomedocumentfile", "attendance"}
READ_ONLY_REFERENCE = {
    "workshops": ["partner", "regionaloffice", "nationalactivity"],
}

GROUPS = {"Office staff", "Office viewers", "Headquarters"}


def _codenames(role: str) -> set[tuple[str, str]]:
    wanted = set()
    for app_label, models in OFFICE_OWNED.items():
        for model in models:
            wanted.add((app_label, f"view_{model}"))
            if role == "Office staff":
                wanted.add((app_label, f"add_{model}"))
                wanted.add((app_label, f"change_{model}"))
                if model in DELETABLE:
                    wanted.add((app_label, f"delete_{model}"))
    for app_label, models in READ_ONLY_REFERENCE.items():
        for model in models:
            wanted.add((app_label, f"view_{model}"))
    if role == "Office staff":
        wanted.add(("workshops", "add_partner"))
    return wanted


def create_role_groups(apps, schema_editor):
    # Permissions are normally created after every migration has run; create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in sorted(GROUPS):
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in sorted(_codenames(name))
        ]
        group.permissions.set(permissions)


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("workshops", "0002_reference_rows"),
        ("participants", "0002_participant_search_text"),
        ("certificates", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
