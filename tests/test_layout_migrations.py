"""The move of regions, offices and staff memberships to `offices` and of attendance to
`attendance` on a database filled under the old layout: migrating forward keeps every row and
makes permissions and admin log entries follow the models; migrating back
relabels them again.

The tests drive the real migrations with Django's MigrationExecutor, so they need a
transactional database; the serialized rollback restores the rows of the data migrations
(regions) for the tests that run after them."""

import copy
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.apps import apps as global_apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models.signals import pre_save

from api.models import ApiToken
from attendance.models import Attendance
from certificates.models import Certificate
from credentials.models import CertificateCredential, PublishedKey, StatusList
from demo.seeder import DemoSeeder
from offices.models import StaffMembership
from participants.models import Registration
from workshops.models import Partner

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The leaf migrations of the layout before the move.
OLD_LEAVES = [
    ("workshops", "0003_staff_role_groups"),
    ("participants", "0002_participant_search_text"),
    ("certificates", "0002_certificate_content_digest"),
]
# The apps the move created hold no migration in the old layout.
NEW_APPS = ["offices", "attendance"]
MOVED = {
    "region": ("workshops", "offices"),
    "regionaloffice": ("workshops", "offices"),
    "staffmembership": ("workshops", "offices"),
    "attendance": ("participants", "attendance"),
    "historicalattendance": ("participants", "attendance"),
}


def _migrate(executor: MigrationExecutor, targets: list[tuple[str, str | None]]) -> None:
    executor.migrate(targets)
    executor.loader.build_graph()
    # The relabelling changes content type rows under the process-wide cache.
    ContentType.objects.clear_cache()


def _migrate_to_old_layout(executor: MigrationExecutor) -> None:
    # Unapplying offices and attendance first takes workshops.0004 and participants.0003
    # (which depend on them) back with them; the old leaves then stay applied.
    _migrate(executor, [(app, None) for app in NEW_APPS] + OLD_LEAVES)


@pytest.fixture
def executor() -> Iterator[MigrationExecutor]:
    executor = MigrationExecutor(connection)
    yield executor
    # Leave the test database fully migrated, whatever the test did.
    executor.loader.build_graph()
    _migrate(executor, executor.loader.graph.leaf_nodes())


def _rows_by_table() -> dict[str, list]:
    """The primary keys of every row of every table but the migration ledger."""
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table == "django_migrations":
                continue
            pk = connection.introspection.get_primary_key_column(cursor, table)
            quoted_pk, quoted_table = (
                connection.ops.quote_name(pk),
                connection.ops.quote_name(table),
            )
            cursor.execute(f"SELECT {quoted_pk} FROM {quoted_table} ORDER BY {quoted_pk}")
            rows[table] = [row[0] for row in cursor.fetchall()]
    return rows


def _labels(old_state_apps) -> dict[str, str]:
    content_type = old_state_apps.get_model("contenttypes", "ContentType")
    return {ct.model: ct.app_label for ct in content_type.objects.filter(model__in=MOVED)}


def _permission_labels(permission_model) -> set[tuple[str, str]]:
    """Where two permissions of moved models point. (The role groups that held them are gone
    since offices.0002; the permissions themselves still follow their models.)"""
    return set(
        permission_model.objects.filter(
            codename__in=["change_attendance", "view_regionaloffice"]
        ).values_list("content_type__app_label", "codename")
    )


MADE_FOR_THE_SEEDER = [
    ApiToken,
    StatusList,
    PublishedKey,
    CertificateCredential,
    *global_apps.get_app_config("learning").get_models(),
    *global_apps.get_app_config("reminders").get_models(),
]


def _skip_history(sender, instance, **kwargs) -> None:
    instance.skip_history_when_saving = True


def _seed_with_todays_models() -> None:
    # Partners' history came after the move: its table is not there under the old layout.
    pre_save.connect(_skip_history, sender=Partner)
    # API tokens, credentials, question sets and mail rules came after the move too: their
    # tables are made for the seeder (which issues a demo certificate, and with it a credential)
    # and dropped again.
    with connection.schema_editor() as editor:
        for model in MADE_FOR_THE_SEEDER:
            editor.create_model(model)
    try:
        DemoSeeder().run()
    finally:
        pre_save.disconnect(_skip_history, sender=Partner)
        with connection.schema_editor() as editor:
            for model in reversed(MADE_FOR_THE_SEEDER):
                editor.delete_model(model)
    registration = Registration.objects.filter(attendances__isnull=False).first()
    Certificate.objects.create(registration=registration, holder_name="Demo Holder")
    # The seeder bulk-creates attendance; a change by staff leaves a historical row.
    changed = Attendance.objects.order_by("pk").first()
    changed.status = Attendance.Status.LATE
    changed.save()


def _fillable(field):
    """`field`, nullable, so the rows already there can get it (a region's name, which its
    migration fills) and SQLite adds it as a column rather than rebuilding the table from
    today's model (which would bring in the other added columns too)."""
    if field.null:
        return field
    field = copy.copy(field)
    field.null = True
    return field


@contextmanager
def _columns_added_since() -> Iterator[None]:
    """Today's models write the old layout's tables; a column added by a later migration (not
    part of the move) is put in for that and taken out again, leaving the old layout's shape."""
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        columns = {
            table: {
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            }
            for table in tables
        }
    added = [
        (model, field)
        for model in global_apps.get_models()
        if model._meta.db_table in tables
        for field in model._meta.local_fields
        if field.column not in columns[model._meta.db_table]
    ]
    with connection.schema_editor() as editor:
        for model, field in added:
            editor.add_field(model, _fillable(field))
    try:
        yield
    finally:
        with connection.schema_editor() as editor:
            for model, field in reversed(added):
                editor.remove_field(model, field)


def _fill_old_layout(executor: MigrationExecutor) -> dict:
    """Seed the demo under the old layout (today's models write the same tables) and log an
    admin change of one attendance row, the way the old admin did."""
    with _columns_added_since():
        _seed_with_todays_models()

    old = executor.loader.project_state(OLD_LEAVES).apps
    content_type = old.get_model("contenttypes", "ContentType")
    attendance = old.get_model("participants", "Attendance").objects.order_by("pk").first()
    # The admin app is no ancestor of the old leaves; its table is the same under both layouts.
    entry = LogEntry.objects.create(
        user=get_user_model().objects.get(username="admin"),
        content_type_id=content_type.objects.get(app_label="participants", model="attendance").pk,
        object_id=str(attendance.pk),
        object_repr=str(attendance.pk),
        action_flag=CHANGE,
        change_message="[]",
    )
    return {"apps": old, "attendance_id": attendance.pk, "log_entry_id": entry.pk}


def test_move_forward_keeps_rows_and_relabels_content_types(executor):
    _migrate_to_old_layout(executor)
    old = _fill_old_layout(executor)
    assert _labels(old["apps"]) == {model: labels[0] for model, labels in MOVED.items()}
    rows_before = _rows_by_table()
    attendance_ids = rows_before["participants_attendance"]
    staff_ids = rows_before["workshops_staffmembership"]
    assert len(attendance_ids) > 0
    assert len(staff_ids) > 0
    assert len(rows_before["participants_historicalattendance"]) > 0
    assert len(rows_before["django_admin_log"]) > 0

    _migrate(executor, executor.loader.graph.leaf_nodes())

    rows_after = _rows_by_table()
    # Tables of later migrations (the partners' history) start empty.
    assert {table: rows_after[table] for table in rows_before} == rows_before
    assert [rows for table, rows in rows_after.items() if table not in rows_before] == [
        [] for table in rows_after if table not in rows_before
    ]
    # Registrations made before the calendar feed key each got one of their own.
    feed_tokens = list(Registration.objects.values_list("feed_token", flat=True))
    assert len(set(feed_tokens)) == len(rows_before["participants_registration"]) > 1
    assert min(len(token) for token in feed_tokens) >= 43
    assert {ct.model: ct.app_label for ct in ContentType.objects.filter(model__in=MOVED)} == {
        model: labels[1] for model, labels in MOVED.items()
    }
    assert _permission_labels(Permission) == {
        ("attendance", "change_attendance"),
        ("offices", "view_regionaloffice"),
    }
    entry = LogEntry.objects.get(pk=old["log_entry_id"])
    assert entry.get_edited_object() == Attendance.objects.get(pk=old["attendance_id"])
    assert Attendance.objects.count() == len(attendance_ids)
    assert StaffMembership.objects.count() == len(staff_ids)


def test_move_back_relabels_content_types_to_the_old_apps(executor):
    _migrate_to_old_layout(executor)

    old_apps = executor.loader.project_state(OLD_LEAVES).apps
    assert _labels(old_apps) == {model: labels[0] for model, labels in MOVED.items()}
    assert _permission_labels(old_apps.get_model("auth", "Permission")) == {
        ("participants", "change_attendance"),
        ("workshops", "view_regionaloffice"),
    }


def test_move_forward_when_new_content_types_exist_already_keeps_log_entries(executor):
    _migrate_to_old_layout(executor)
    old = _fill_old_layout(executor)
    # A post-migrate step of the new code ran before the move (the migration's second branch).
    for label in NEW_APPS:
        app_config = global_apps.get_app_config(label)
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)

    _migrate(executor, executor.loader.graph.leaf_nodes())

    assert {(ct.app_label, ct.model) for ct in ContentType.objects.filter(model__in=MOVED)} == {
        (labels[1], model) for model, labels in MOVED.items()
    }
    assert _permission_labels(Permission) == {
        ("attendance", "change_attendance"),
        ("offices", "view_regionaloffice"),
    }
    entry = LogEntry.objects.get(pk=old["log_entry_id"])
    assert entry.get_edited_object() == Attendance.objects.get(pk=old["attendance_id"])
