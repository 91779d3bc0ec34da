"""Webhooks: an office registers a URL; events of its workshops are posted there, signed, by
the task worker (the immediate backend here), to a real HTTP server on this machine; failures
are retried with backoff; private addresses are refused at registration and at delivery."""

import datetime as dt
import hashlib
import hmac
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from api.models import Webhook, WebhookDelivery
from api.webhook_delivery import MAX_ATTEMPTS, webhook_delivery_attempt
from api.webhooks import webhook_create
from attendance.services import attendance_check_in
from certificates.services import certificate_issue, certificate_revoke
from offices.models import Region, StaffMembership
from participants.services import (
    ParticipantDetails,
    registration_cancel_by_staff,
    registration_create,
)
from tests.factories import (
    RegionalOfficeFactory,
    RegistrationFactory,
    SessionFactory,
    StaffMembershipFactory,
    WorkshopFactory,
)
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

URL = "/staff/webhooks/"


class Receiver:
    """A real HTTP server on 127.0.0.1 that records each POST and answers the next status of
    `statuses` (then 204)."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 204)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/cop"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        if self.thread.is_alive():
            self.server.shutdown()
            self.server.server_close()
            self.thread.join()

    def events(self) -> list[str]:
        return [json.loads(item["body"])["event"] for item in self.received]


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.stop()


@pytest.fixture
def hook(office, receiver):
    """(webhook, secret) of `office`, posting to the receiver."""
    return webhook_create(office=office, url=receiver.url, by=None)


def verify(item: dict, secret: str) -> bool:
    """What a receiver does (the README's example)."""
    timestamp = item["headers"]["X-COP-Webhook-Timestamp"]
    expected = hmac.new(
        secret.encode(), timestamp.encode() + b"." + item["body"], hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest("sha256=" + expected, item["headers"]["X-COP-Webhook-Signature"])


# Deliveries -----------------------------------------------------------------------------------


def test_registration_change_is_posted_signed_to_the_office_url(
    hook, receiver, workshop, django_capture_on_commit_callbacks
):
    webhook, secret = hook
    registration = RegistrationFactory(workshop=workshop)

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel_by_staff(registration=registration)

    assert len(receiver.received) == 1
    item = receiver.received[0]
    body = json.loads(item["body"])
    assert item["path"] == "/hooks/cop"
    assert item["headers"]["Content-Type"] == "application/json"
    assert verify(item, secret)
    assert not verify(item, secret + "x")
    assert body["event"] == item["headers"]["X-COP-Webhook-Event"] == "registration.changed"
    assert body["id"] == item["headers"]["X-COP-Webhook-Id"]
    assert body["data"] == {
        "registration_id": registration.pk,
        "participant_id": registration.participant_id,
        "workshop": workshop.slug,
        "status": "cancelled",
    }
    assert registration.participant.email not in item["body"].decode()  # ids, not details
    delivery = WebhookDelivery.objects.get()
    assert (delivery.webhook, delivery.status, delivery.attempts, delivery.last_status_code) == (
        webhook,
        "delivered",
        1,
        204,
    )


def test_each_kind_of_event_is_posted(
    hook, receiver, office, make_attendee, staff_user, django_capture_on_commit_callbacks
):
    open_workshop = WorkshopFactory(
        office=office,
        status=Workshop.Status.PUBLISHED,
        registration_opens_at=timezone.now() - dt.timedelta(days=1),
    )
    attendee = make_attendee()
    session = SessionFactory(workshop=attendee.workshop, title="Extra")

    with django_capture_on_commit_callbacks(execute=True):
        registration_create(
            workshop=open_workshop,
            details=ParticipantDetails(
                full_name="New Person", email="new@example.org", consent=True
            ),
        )
        attendance_check_in(registration=attendee, session=session, by=staff_user)
        certificate = certificate_issue(registration=attendee, by=staff_user).certificate
        certificate_revoke(
            certificate=certificate, category="issued_in_error", reason="Typo", by=staff_user
        )

    assert receiver.events() == [
        "registration.created",
        "attendance.recorded",
        "certificate.issued",
        "certificate.revoked",
    ]
    assert json.loads(receiver.received[3]["body"])["data"] == {
        "certificate_id": certificate.pk,
        "registration_id": attendee.pk,
        "workshop": attendee.workshop.slug,
        "status": "revoked",
        "revoked_category": "issued_in_error",
    }


def test_another_office_event_and_a_rolled_back_change_are_not_posted(
    hook, receiver, django_capture_on_commit_callbacks
):
    cairo = RegionalOfficeFactory(slug="cairo", region=Region.objects.get(slug="arab-states"))
    theirs = RegistrationFactory(workshop=WorkshopFactory(office=cairo))

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel_by_staff(registration=theirs)

    assert receiver.received == []
    assert WebhookDelivery.objects.count() == 0


def test_a_removed_webhook_gets_nothing(
    client, staff_client, hook, receiver, workshop, django_capture_on_commit_callbacks
):
    webhook, _secret = hook
    staff_client.post(f"{URL}{webhook.pk}/remove/")
    registration = RegistrationFactory(workshop=workshop)

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel_by_staff(registration=registration)

    assert receiver.received == []
    webhook.refresh_from_db()
    assert webhook.revoked_at is not None


def test_a_failed_delivery_is_retried_later_with_a_growing_delay(
    hook, receiver, workshop, django_capture_on_commit_callbacks
):
    receiver.statuses = [500, 503]
    registration = RegistrationFactory(workshop=workshop)
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel_by_staff(registration=registration)
    delivery = WebhookDelivery.objects.get()
    first_due = delivery.next_attempt_at

    too_soon = webhook_delivery_attempt(delivery_id=delivery.pk, now=first_due - dt.timedelta(1))
    second = webhook_delivery_attempt(delivery_id=delivery.pk, now=first_due)
    delivery.refresh_from_db()
    second_delay = delivery.next_attempt_at - first_due
    third = webhook_delivery_attempt(delivery_id=delivery.pk, now=delivery.next_attempt_at)
    delivery.refresh_from_db()

    assert too_soon.outcome == "skipped"
    assert (second.outcome, third.outcome) == ("retry", "delivered")
    assert second_delay == dt.timedelta(minutes=5)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 3, 204)
    assert len(receiver.received) == 3
    # The same event, the same bytes, on every try; each signed anew.
    assert len({item["body"] for item in receiver.received}) == 1


def test_a_delivery_fails_for_good_after_the_last_attempt(hook, receiver, workshop):
    receiver.statuses = [500] * MAX_ATTEMPTS
    webhook, _secret = hook
    delivery = WebhookDelivery.objects.create(
        webhook=webhook,
        event_id="7a0c1f0e-0000-4000-8000-000000000001",
        event="registration.changed",
        payload={"event": "registration.changed"},
        next_attempt_at=timezone.now(),
    )
    now = timezone.now()

    outcomes = []
    for _try in range(MAX_ATTEMPTS):
        outcomes.append(webhook_delivery_attempt(delivery_id=delivery.pk, now=now).outcome)
        delivery.refresh_from_db()
        now = delivery.next_attempt_at or now

    assert outcomes == ["retry"] * (MAX_ATTEMPTS - 1) + ["failed"]
    assert (delivery.status, delivery.last_error) == ("failed", "HTTP 500")


def test_an_unreachable_receiver_is_logged_and_retried(hook, receiver, workshop):
    webhook, _secret = hook
    receiver.stop()  # nobody listens on that port any more
    delivery = WebhookDelivery.objects.create(
        webhook=webhook,
        event_id="7a0c1f0e-0000-4000-8000-000000000002",
        event="registration.changed",
        payload={},
        next_attempt_at=timezone.now(),
    )

    attempt = webhook_delivery_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert attempt.outcome == "retry"
    assert delivery.last_error.startswith("ConnectionRefusedError")


# Refused addresses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://10.1.2.3/hook", "10.1.2.3 points to a private, local or reserved address"),
        ("https://192.168.0.10/hook", "points to a private"),
        ("https://169.254.169.254/latest/meta-data", "points to a private"),
        ("https://[fe80::1]/hook", "points to a private"),
        ("https://[::ffff:10.0.0.1]/hook", "points to a private"),
        ("https://127.0.0.1/hook", "points to a private"),
        ("https://0.0.0.0/hook", "points to a private"),
        ("http://8.8.8.8/hook", "Give an https:// address."),
        ("ftp://8.8.8.8/hook", "Give an https:// address."),
        ("https://user:pw@8.8.8.8/hook", "Put no user name or password in the URL."),
    ],
)
def test_registration_refuses_urls_that_are_not_public_https(staff_client, settings, url, message):
    settings.WEBHOOK_ALLOW_LOOPBACK = False

    response = staff_client.post(URL, {"url": url, "description": "x"})

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors.get("url", []))
    assert Webhook.objects.count() == 0


def test_loopback_is_refused_unless_the_setting_allows_it(office, settings, receiver):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    with pytest.raises(Exception, match="points to a private, local or reserved address"):
        webhook_create(office=office, url=receiver.url, by=None)

    settings.WEBHOOK_ALLOW_LOOPBACK = True
    webhook, _secret = webhook_create(office=office, url=receiver.url, by=None)

    assert webhook.url == receiver.url


def test_a_name_that_resolves_elsewhere_at_delivery_is_refused(
    office, receiver, monkeypatch, django_capture_on_commit_callbacks, workshop
):
    """DNS rebinding: public when registered, private when delivered."""
    answers = {"hooks.example.test": "93.184.215.14"}

    def fake_getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[host], port))]

    monkeypatch.setattr("api.webhook_http.socket.getaddrinfo", fake_getaddrinfo)
    webhook, _secret = webhook_create(office=office, url="https://hooks.example.test/x", by=None)
    answers["hooks.example.test"] = "10.0.0.7"
    registration = RegistrationFactory(workshop=workshop)

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel_by_staff(registration=registration)

    delivery = WebhookDelivery.objects.get(webhook=webhook)
    assert delivery.status == "failed"
    assert "10.0.0.7" in delivery.last_error
    assert receiver.received == []


# The staff page -------------------------------------------------------------------------------


def test_staff_register_a_webhook_and_see_its_secret_once(staff_client, office, receiver):
    response = staff_client.post(URL, {"url": receiver.url, "description": "CRM"})
    again = staff_client.get(URL)

    webhook = Webhook.objects.get()
    assert (webhook.office, webhook.url, webhook.description) == (office, receiver.url, "CRM")
    assert response.context["secret"] == webhook.secret
    assert webhook.secret in response.text
    assert response["Cache-Control"] == "no-store"
    assert webhook.secret not in again.text
    assert receiver.url in again.text


def test_the_delivery_log_shows_each_delivery(
    staff_client, hook, receiver, workshop, django_capture_on_commit_callbacks
):
    webhook, _secret = hook
    receiver.statuses = [502]
    registration = RegistrationFactory(workshop=workshop)
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel_by_staff(registration=registration)

    response = staff_client.get(f"{URL}{webhook.pk}/")

    assert [(d.event, d.status, d.last_status_code) for d in response.context["deliveries"]] == [
        ("registration.changed", "pending", 502)
    ]
    assert "HTTP 502" in response.text


def test_another_office_webhook_is_404_and_untouched(client, staff_client_for, hook):
    webhook, _secret = hook
    cairo = RegionalOfficeFactory(slug="cairo", region=Region.objects.get(slug="arab-states"))
    other = staff_client_for(StaffMembership.Role.OFFICE_STAFF, cairo)

    detail = other.get(f"{URL}{webhook.pk}/")
    removed = other.post(f"{URL}{webhook.pk}/remove/")
    listed = other.get(URL)

    assert (detail.status_code, removed.status_code) == (404, 404)
    assert webhook.url not in listed.text
    webhook.refresh_from_db()
    assert webhook.revoked_at is None


def test_viewers_and_headquarters_read_but_change_nothing(staff_client_for, office, hook, receiver):
    webhook, _secret = hook
    for role in (StaffMembership.Role.OFFICE_VIEWER, StaffMembership.Role.HEADQUARTERS):
        client = staff_client_for(role, office)

        listed = client.get(URL)
        created = client.post(URL, {"url": receiver.url})
        removed = client.post(f"{URL}{webhook.pk}/remove/")

        assert receiver.url in listed.text
        assert (created.status_code, removed.status_code) == (403, 403)
    assert Webhook.objects.count() == 1
    webhook.refresh_from_db()
    assert webhook.revoked_at is None


def test_webhook_pages_need_staff(client, hook):
    webhook, _secret = hook
    StaffMembershipFactory()  # someone else

    response = client.get(f"{URL}{webhook.pk}/")

    assert response.status_code == 302
    assert "/login" in response["Location"] or "signin" in response["Location"]
