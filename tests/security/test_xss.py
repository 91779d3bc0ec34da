"""Stored XSS: every field a participant types is shown to staff (their pages, the admin, the
PDFs, the exports) as text, never as markup."""

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from participants.services import participant_refresh_search_text
from tests.factories import (
    AttendanceFactory,
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

# One payload per field the public form takes, each naming its field, so a page that shows a
# field raw is caught whichever field it is.
TYPED_FIELDS = ["full_name", "organisation", "job_title", "needs", "guardian_name"]


def payload(field: str) -> str:
    return f'<script>alert("{field}")</script><img src=x onerror=alert("{field}")>'


def escaped(field: str) -> str:
    return f"&lt;script&gt;alert(&quot;{field}&quot;)&lt;/script&gt;"


@pytest.fixture
def hostile(workshop):
    participant = ParticipantFactory(
        **{field: payload(field) for field in TYPED_FIELDS},
        email='"<svg/onload=alert(1)>"@example.org',
        is_minor=True,
        guardian_email="guardian@example.org",
    )
    participant_refresh_search_text(participant)
    participant.save()
    registration = RegistrationFactory(workshop=workshop, participant=participant)
    AttendanceFactory(registration=registration, session=SessionFactory(workshop=workshop))
    return registration


def assert_shown_as_text(html: str, *, shown: list[str]) -> None:
    for field in TYPED_FIELDS:
        assert f'<script>alert("{field}")' not in html
        assert "onerror=alert" not in html.replace("onerror=alert(&quot;", "")
    assert "<svg/onload" not in html
    for field in shown:
        assert escaped(field) in html, field


def _session_id(registration):
    return registration.attendances.get().session_id


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        (
            lambda r: reverse("staff:workshop", args=[r.workshop.slug]),
            ["full_name", "organisation", "needs"],
        ),
        (lambda r: reverse("staff:attendance", args=[r.workshop.slug]), ["full_name"]),
        (
            lambda r: reverse("staff:registration_attendance", args=[r.workshop.slug, r.pk]),
            ["full_name"],
        ),
        (
            lambda r: reverse("staff:checkin", args=[r.workshop.slug, _session_id(r)]) + "?q=alert",
            ["full_name"],
        ),
        (lambda r: reverse("me:page", args=[r.token]), TYPED_FIELDS[:-1]),
    ],
    ids=["workshop", "attendance", "registration-attendance", "checkin", "me"],
)
def test_staff_and_personal_pages_show_typed_fields_as_text(staff_client, hostile, page, shown):
    response = staff_client.get(page(hostile))

    assert response.status_code == 200
    assert_shown_as_text(response.text, shown=shown)


def test_erasure_requests_page_shows_names_as_text(staff_client, hostile):
    hostile.erasure_requested_at = hostile.created_at
    hostile.save()

    response = staff_client.get(reverse("staff:erasure_requests"))

    assert_shown_as_text(response.text, shown=["full_name"])


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        (lambda r: reverse("admin:participants_participant_changelist"), ["full_name"]),
        (
            lambda r: reverse("admin:participants_participant_change", args=[r.participant_id]),
            [],  # form fields: values in attributes and textareas, escaped by the widgets
        ),
        (lambda r: reverse("admin:participants_registration_changelist"), ["full_name"]),
        (lambda r: reverse("admin:attendance_attendance_changelist"), []),
    ],
    ids=["participants", "participant", "registrations", "attendance"],
)
def test_admin_pages_show_typed_fields_as_text(admin_client, hostile, page, shown):
    response = admin_client.get(page(hostile))

    assert response.status_code == 200
    assert_shown_as_text(response.text, shown=shown)


def test_checkin_search_json_carries_names_as_data(staff_client, hostile):
    url = reverse("staff:checkin_search", args=[hostile.workshop.slug, _session_id(hostile)])

    response = staff_client.get(url, {"q": "alert"})

    assert response["Content-Type"] == "application/json"
    assert [r["name"] for r in json.loads(response.content)["results"]] == [payload("full_name")]


def test_sign_in_sheet_pdf_prints_names_as_text(staff_client, hostile):
    url = reverse("staff:sign_in_sheet", args=[hostile.workshop.slug, _session_id(hostile)])

    response = staff_client.get(url)

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert 'alert("full_name")' in text.replace("\n", "")


def test_json_export_carries_fields_as_data(staff_client, hostile):
    url = reverse("staff:attendance_export", args=[hostile.workshop.slug])

    response = staff_client.get(url, {"format": "json"})

    body = b"".join(response.streaming_content)
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    rows = json.loads(body)
    rows = rows["rows"] if isinstance(rows, dict) else rows
    assert [value for row in rows for value in row.values() if value == payload("full_name")] == [
        payload("full_name")
    ]
