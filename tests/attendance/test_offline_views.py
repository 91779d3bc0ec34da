"""Check-in offline, on the server's side: the roster a device keeps, the sync endpoint its
queue uploads to, the manifest and service worker, the signed QR code typed or scanned online,
and the name badges."""

import datetime as dt
import email
import io
import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from attendance.models import Attendance, CheckinAction
from attendance.qr_signing import registration_qr_payload
from offices.models import StaffMembership
from participants.emails import participant_email_render
from participants.models import Registration
from participants.qr import participant_qr_png, participant_qr_svg
from tests.factories import (
    AttendanceFactory,
    RegistrationFactory,
    SearchableParticipantFactory,
    SessionFactory,
    WorkshopFactory,
)
from tests.pdf_helpers import pdf_text

pytestmark = pytest.mark.django_db
NAMES = [
    ("Chloé Dubois", "chloe@example.fr"),
    ("محمد الأحمد", "m@example.eg"),
    ("王伟", "w@example.cn"),
    ("Олена Коваленко", "o@example.ua"),
]


@pytest.fixture
def session(workshop):
    return SessionFactory(workshop=workshop, title="Opening")


def register(workshop, name, email, **kwargs):
    return RegistrationFactory(
        workshop=workshop,
        participant=SearchableParticipantFactory(full_name=name, email=email),
        **kwargs,
    )


def sync(client, workshop, body, **headers):
    return client.post(
        reverse("staff:checkin_sync", args=[workshop.slug]),
        body if isinstance(body, (str, bytes)) else json.dumps(body),
        content_type="application/json",
        **headers,
    )


def action(session, registration, minutes=0, **fields):
    return {
        "id": str(uuid.uuid4()),
        "kind": "check_in",
        "session": session.pk,
        "registration": registration.pk,
        "occurred_at": (
            dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)
        ).isoformat(),
        **fields,
    }


# --- The roster ---


def test_roster_holds_what_a_device_needs_offline_and_no_email(staff_client, workshop, session):
    chloe = register(workshop, "Chloé Dubois", "chloe@example.fr")
    AttendanceFactory(registration=chloe, session=session)
    cancelled = register(workshop, "Ana Pérez", "ana@example.es", status="cancelled")

    response = staff_client.get(reverse("staff:checkin_roster", args=[workshop.slug]))

    data = response.json()
    assert response["Cache-Control"].startswith("max-age=0")
    assert [s["id"] for s in data["sessions"]] == [session.pk]
    person = next(p for p in data["people"] if p["id"] == chloe.pk)
    assert person["search"] == f"chloe dubois {chloe.participant.code.lower()}"
    assert person["present"] == [session.pk]
    assert person["live"] is True
    assert data["revoked"] == [cancelled.pk]
    assert data["key"]["algorithm"] == "Ed25519"
    assert len(data["key"]["public_key"]) == 43
    assert data["keys"][0] == data["key"]
    assert "chloe@example.fr" not in response.content.decode()
    expires = dt.datetime.fromisoformat(data["expires_at"])
    assert expires.date() == workshop.end_date + dt.timedelta(days=3)


def test_roster_runs_the_same_queries_for_one_person_or_three(
    staff_client, workshop, session, assert_queries_do_not_grow
):
    url = reverse("staff:checkin_roster", args=[workshop.slug])

    def add():
        registration = RegistrationFactory(workshop=workshop)
        AttendanceFactory(registration=registration, session=session)

    assert_queries_do_not_grow(lambda: staff_client.get(url), add_row=add)


def test_roster_of_another_offices_workshop_is_404(staff_client):
    response = staff_client.get(reverse("staff:checkin_roster", args=[WorkshopFactory().slug]))

    assert response.status_code == 404


def test_roster_signed_out_is_refused(client, workshop):
    response = client.get(reverse("staff:checkin_roster", args=[workshop.slug]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("staff:login"))


# --- The sync endpoint ---


def test_sync_applies_a_batch_and_answers_per_action(staff_client, workshop, session):
    first = register(workshop, "Chloé Dubois", "chloe@example.fr")
    second = register(workshop, "Ana Pérez", "ana@example.es")
    batch = {
        "device": "Door phone",
        "actions": [
            action(session, first, 1),
            action(session, second, 2),
            action(session, first, 3),
        ],
    }

    response = sync(staff_client, workshop, batch)

    outcomes = [r["outcome"] for r in response.json()["results"]]
    assert outcomes == ["applied", "applied", "lost"]
    assert Attendance.objects.count() == 2
    assert CheckinAction.objects.get(client_id=batch["actions"][0]["id"]).device_label == (
        "Door phone"
    )


def test_sync_replayed_changes_nothing_and_says_duplicate(staff_client, workshop, session):
    person = register(workshop, "Chloé Dubois", "chloe@example.fr")
    batch = {"actions": [action(session, person, 1), action(session, person, 2, kind="undo")]}
    sync(staff_client, workshop, batch)

    response = sync(staff_client, workshop, batch)

    assert [r["outcome"] for r in response.json()["results"]] == ["duplicate", "duplicate"]
    assert Attendance.objects.count() == 0
    assert CheckinAction.objects.count() == 2


def test_sync_reordered_batches_end_in_the_same_state(staff_client, workshop, session):
    person = register(workshop, "Chloé Dubois", "chloe@example.fr")
    check_in, undo, again = (
        action(session, person, 1),
        action(session, person, 2, kind="undo"),
        action(session, person, 3),
    )

    sync(staff_client, workshop, {"actions": [again]})
    sync(staff_client, workshop, {"actions": [undo, check_in]})

    attendance = Attendance.objects.get()
    assert attendance.recorded_at == dt.datetime(2026, 11, 30, 8, 3, tzinfo=dt.UTC)


def test_sync_for_another_offices_workshop_is_404_and_changes_nothing(staff_client, session):
    other = WorkshopFactory()
    other_session = SessionFactory(workshop=other)
    person = RegistrationFactory(workshop=other)

    response = sync(staff_client, other, {"actions": [action(other_session, person)]})

    assert response.status_code == 404
    assert CheckinAction.objects.count() == 0
    assert Attendance.objects.count() == 0


def test_sync_by_a_viewer_is_403_and_changes_nothing(viewer_client, workshop, session):
    person = register(workshop, "Chloé Dubois", "chloe@example.fr")

    response = sync(viewer_client, workshop, {"actions": [action(session, person)]})

    assert response.status_code == 403
    assert Attendance.objects.count() == 0


def test_sync_needs_the_csrf_token(client, staff_client_for, workshop, session):

    membership_client = staff_client_for(StaffMembership.Role.OFFICE_STAFF, workshop.office)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = membership_client.cookies
    person = register(workshop, "Chloé Dubois", "chloe@example.fr")

    response = sync(strict, workshop, {"actions": [action(session, person)]})

    assert response.status_code == 403
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{not json", "The batch is not valid JSON."),
        ("[]", "The batch must be an object with a list of “actions”."),
        ('{"actions": [], "extra": 1}', "Unknown fields in the batch: extra."),
        ('{"actions": [{"id": "x"}]}', "Action 1: “kind” is missing."),
        (
            {"actions": [{"id": "x", "kind": "check_in", "session": 1, "occurred_at": "now"}]},
            "Action 1: “id” must be a UUID and “occurred_at” an ISO 8601 time.",
        ),
        (
            {"actions": [{**dict.fromkeys(["id"], str(uuid.uuid4())), "colour": "red"}]},
            "Action 1: unknown fields: colour.",
        ),
        (
            {
                "actions": [
                    {
                        "id": str(uuid.uuid4()),
                        "kind": "dance",
                        "session": 1,
                        "occurred_at": "2026-11-30T08:00:00+00:00",
                        "registration": 1,
                    }
                ]
            },
            "Action 1: “kind” must be check_in, undo or walk_in.",
        ),
        (
            {
                "actions": [
                    {
                        "id": str(uuid.uuid4()),
                        "kind": "check_in",
                        "session": 1,
                        "occurred_at": "2026-11-30T08:00:00",
                    }
                ]
            },
            "Action 1: “occurred_at” must give its UTC offset.",
        ),
    ],
)
def test_sync_refuses_a_malformed_batch_whole(staff_client, workshop, session, body, message):
    person = register(workshop, "Chloé Dubois", "chloe@example.fr")
    good = action(session, person)
    if isinstance(body, dict):
        body = {"actions": [*body["actions"], good]}

    response = sync(staff_client, workshop, body)

    assert response.status_code == 400
    assert response.json() == {"error": message}
    assert CheckinAction.objects.count() == 0
    assert Attendance.objects.count() == 0


def test_sync_refuses_an_oversized_batch(staff_client, workshop, session):
    person = register(workshop, "Chloé Dubois", "chloe@example.fr")
    batch = {"actions": [action(session, person, n) for n in range(501)]}

    response = sync(staff_client, workshop, batch)

    assert response.status_code == 400
    assert response.json()["error"].startswith("The batch is too large")
    assert CheckinAction.objects.count() == 0


def test_sync_clamps_a_device_clock_running_ahead(staff_client, workshop, session):
    person = register(workshop, "Chloé Dubois", "chloe@example.fr")
    future = (timezone.now() + dt.timedelta(days=2)).isoformat()

    sync(staff_client, workshop, {"actions": [action(session, person, occurred_at=future)]})

    assert Attendance.objects.get().recorded_at <= timezone.now()


def test_sync_walk_in_becomes_a_registration(staff_client, workshop, session):
    walk_in = {
        "id": str(uuid.uuid4()),
        "kind": "walk_in",
        "session": session.pk,
        "occurred_at": "2026-11-30T08:00:00+00:00",
        "full_name": "王伟",
        "email": "w@example.cn",
        "organisation": "CAICT",
    }

    response = sync(staff_client, workshop, {"actions": [walk_in]})

    [result] = response.json()["results"]
    registration = Registration.objects.get(participant__email="w@example.cn")
    assert (result["outcome"], result["registration"]) == ("applied", registration.pk)
    assert result["code"] == registration.participant.code
    assert registration.status == "confirmed"


# --- Signed QR codes online ---


def test_typing_or_scanning_a_signed_code_checks_in(staff_client, workshop, session):
    person = register(workshop, "Amina Haddad", "amina@example.org")
    url = reverse("staff:checkin", args=[workshop.slug, session.id])

    response = staff_client.post(
        url, {"q": registration_qr_payload(person)}, HTTP_ACCEPT="application/json"
    )

    assert response.json() == {"ok": True, "message": "Amina Haddad is checked in.", "present": 1}
    assert Attendance.objects.get().method == "qr"


@pytest.mark.parametrize("where", ["registration", "signature"])
def test_an_altered_or_forged_code_is_refused_online(staff_client, workshop, session, where):
    person = register(workshop, "Amina Haddad", "amina@example.org")
    other = register(workshop, "Ana Pérez", "ana@example.es")
    payload = registration_qr_payload(person)
    parts = payload.split(".")
    if where == "registration":
        parts[3] = str(other.pk)  # someone else's seat, under the first one's signature
    else:
        parts[5] = ("B" if parts[5][0] == "A" else "A") + parts[5][1:]
    url = reverse("staff:checkin", args=[workshop.slug, session.id])

    response = staff_client.post(url, {"q": ".".join(parts)}, HTTP_ACCEPT="application/json")

    assert response.status_code == 409
    assert response.json()["message"] == (
        "This QR code's signature is not valid: it was altered or forged."
    )
    assert Attendance.objects.count() == 0


def test_a_revoked_code_is_refused_online(staff_client, workshop, session):
    person = register(workshop, "Amina Haddad", "amina@example.org", status="cancelled")
    url = reverse("staff:checkin", args=[workshop.slug, session.id])

    response = staff_client.post(
        url, {"q": registration_qr_payload(person)}, HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 409
    assert "cancelled" in response.json()["message"]
    assert Attendance.objects.count() == 0


def test_the_personal_page_and_the_confirmation_email_show_the_signed_code(client, workshop):
    person = register(workshop, "Amina Haddad", "amina@example.org")
    payload = registration_qr_payload(person)

    message = participant_email_render(kind="received", registration=person)
    page = client.get(reverse("me:page", args=[person.token]))

    parsed = email.message_from_bytes(message.message().as_bytes())
    [image] = [part for part in parsed.walk() if part.get_content_type() == "image/png"]
    assert image.get_payload(decode=True) == participant_qr_png(payload)
    assert page.context["qr_svg"] == participant_qr_svg(
        payload, title=f"QR code of participant code {person.participant.code}"
    )


# --- Manifest, service worker ---


def test_manifest_starts_at_the_workshops_check_in(staff_client, workshop):
    response = staff_client.get(reverse("staff:checkin_manifest", args=[workshop.slug]))

    manifest = json.loads(response.content)
    assert response["Content-Type"] == "application/manifest+json"
    assert manifest["start_url"] == reverse("staff:checkin_sessions", args=[workshop.slug])
    assert manifest["scope"] == "/staff/"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"any", "192x192", "512x512"}


def test_manifest_of_another_offices_workshop_is_404(staff_client):
    response = staff_client.get(reverse("staff:checkin_manifest", args=[WorkshopFactory().slug]))

    assert response.status_code == 404


def test_service_worker_is_served_at_the_staff_scope_with_its_files(client):
    response = client.get("/staff/sw.js")

    script = response.content.decode()
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/staff/"
    assert '"/static/js/checkin.js"' in script
    assert "/*ASSETS*/[]" not in script


# --- Badges ---


def test_badges_print_names_in_four_scripts_with_their_codes(staff_client, workshop):
    people = [register(workshop, name, email) for name, email in NAMES]
    register(workshop, "Not Confirmed", "nc@example.org", status="waitlisted")

    response = staff_client.get(reverse("staff:badges", args=[workshop.slug]))

    text = pdf_text(response.content)
    assert response["Content-Type"] == "application/pdf"
    for name in ("Chloé Dubois", "王伟", "Олена Коваленко"):
        assert name in text
    assert "الأحمد" in text or "ﺍﻷﺣﻤﺪ" in text or "محمد" in text
    assert all(person.participant.code in text for person in people)
    assert "Not Confirmed" not in text


@pytest.mark.parametrize("layout", ["sheet", "labels"])
def test_badges_fit_eight_to_an_a4_page(staff_client, workshop, layout):
    for n in range(9):
        register(workshop, f"Person {n}", f"p{n}@example.org")

    response = staff_client.get(reverse("staff:badges", args=[workshop.slug]), {"layout": layout})

    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    assert round(float(reader.pages[0].mediabox.width) * 25.4 / 72) == 210


def test_one_badge_for_a_walk_in(staff_client, workshop):
    walk_in = register(workshop, "Kwame Mensah", "k@example.gh", source="walk_in")
    register(workshop, "Someone Else", "s@example.org")

    response = staff_client.get(
        reverse("staff:badges", args=[workshop.slug]), {"registration": walk_in.pk}
    )

    text = pdf_text(response.content)
    assert "Kwame Mensah" in text
    assert "Someone Else" not in text


def test_badges_refuse_an_unknown_layout(staff_client, workshop):
    response = staff_client.get(reverse("staff:badges", args=[workshop.slug]), {"layout": "A3"})

    assert response.status_code == 400
    assert response.content.decode() == "Unknown layout: choose sheet or labels."


def test_badges_of_another_offices_workshop_or_person_are_404(staff_client, workshop):
    other = WorkshopFactory()
    stranger = RegistrationFactory(workshop=other)

    responses = [
        staff_client.get(reverse("staff:badges", args=[other.slug])),
        staff_client.get(
            reverse("staff:badges", args=[workshop.slug]), {"registration": stranger.pk}
        ),
    ]

    assert [r.status_code for r in responses] == [404, 404]
