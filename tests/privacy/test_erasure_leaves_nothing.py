"""After erasure, nothing in the database or in the file storages names the person: every
column of every table (every model's text columns, the admin log, every historical table) and
every file under MEDIA_ROOT and PRIVATE_ROOT (PDFs read as text too) is searched for their
name, e-mail and personal links."""

import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection, models
from django.urls import reverse
from pypdf import PdfReader

from attendance.models import Attendance
from certificates.services import certificate_issue
from offices.models import StaffMembership
from participants.emails import participant_email_send
from participants.models import Registration
from privacy import services
from tests.factories import (
    AttendanceFactory,
    RegistrationFactory,
    SessionFactory,
    StaffMembershipFactory,
    UserFactory,
)
from tests.privacy.helpers import past_workshop

pytestmark = pytest.mark.django_db

NAME = "Zebedee Quuxworth"
EMAIL = "zebedee.quuxworth@example.org"
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def _log(user, obj, flag, message) -> None:
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action_flag=flag,
        change_message=message,
    )


def _model_texts() -> list[str]:
    """Every text, character and JSON column of every model, historical ones included."""
    texts = []
    for model in apps.get_models(include_auto_created=True):
        fields = [
            field.attname for field in model._meta.concrete_fields if isinstance(field, TEXT_FIELDS)
        ]
        if fields:
            for row in model._base_manager.values_list(*fields):
                texts.extend(json.dumps(value, default=str) for value in row if value)
    return texts


def _table_texts() -> list[str]:
    """Every cell of every table, whether a model knows it or not."""
    texts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            texts.extend(str(cell) for row in cursor.fetchall() for cell in row if cell)
    return texts


def _file_texts(*roots: str) -> list[str]:
    texts = []
    for root in roots:
        for path in Path(root).rglob("*"):
            if not path.is_file():
                continue
            data = path.read_bytes()
            texts.append(data.decode("utf-8", errors="ignore"))
            if data.startswith(b"%PDF"):
                try:
                    reader = PdfReader(io.BytesIO(data))
                    texts.extend(page.extract_text() or "" for page in reader.pages)
                except Exception:  # pypdf refuses the stub PDFs of other tests
                    continue
    return texts


def test_erasure_leaves_no_name_email_or_token_in_any_table_or_file(
    client, settings, django_capture_on_commit_callbacks
):
    workshop = past_workshop(30, min_attendance_percent=50, signatory_name="Director")
    session = SessionFactory(workshop=workshop)
    registration = RegistrationFactory(
        workshop=workshop, participant__full_name=NAME, participant__email=EMAIL
    )
    participant = registration.participant
    attendance = AttendanceFactory(
        registration=registration, session=session, status=Attendance.Status.PRESENT
    )
    attendance.status = Attendance.Status.LATE
    attendance.save()  # a second history row
    registration.status = Registration.Status.CONFIRMED
    registration.save()
    tokens = set(Registration.history.filter(id=registration.pk).values_list("token", flat=True))
    tokens.add(registration.token)
    tokens.add(registration.feed_token)  # the calendar feed key names them too
    staff = StaffMembershipFactory(
        office=workshop.office, role=StaffMembership.Role.OFFICE_STAFF
    ).user
    certificate = certificate_issue(registration=registration, by=staff).certificate
    client.force_login(staff)
    client.post(
        reverse("staff:certificate_revoke", args=[workshop.slug, certificate.code]),
        {"category": "identity", "reason": f"{NAME} ({EMAIL}) sent a colleague instead"},
    )
    certificate.refresh_from_db()
    superuser = UserFactory(is_superuser=True, is_staff=True)
    for obj in (participant, registration, attendance, certificate):
        _log(superuser, obj, CHANGE, json.dumps([{"changed": {"fields": ["status"]}}]))
    _log(
        superuser, workshop, ADDITION, f"Added {NAME} <{EMAIL}> by hand; link {registration.token}"
    )
    with django_capture_on_commit_callbacks(execute=True):
        participant_email_send(kind="received", registration_id=registration.pk)
    needles = [NAME, EMAIL, *tokens]
    before = _model_texts() + _table_texts() + _file_texts(settings.PRIVATE_ROOT)
    assert certificate.revoked_at is not None
    assert len(mail.outbox) == 1
    assert all(any(needle in text for text in before) for needle in needles)
    assert any(NAME in text for text in _file_texts(settings.PRIVATE_ROOT))  # the PDF

    with django_capture_on_commit_callbacks(execute=True):
        services.participant_anonymise(participant=participant)

    found = [
        (needle, text[:120])
        for text in _model_texts()
        + _table_texts()
        + _file_texts(settings.MEDIA_ROOT, settings.PRIVATE_ROOT)
        for needle in needles
        if needle.lower() in text.lower()
    ]
    assert found == []
