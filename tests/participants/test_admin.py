import pytest
from django.urls import reverse

from participants.models import Registration
from tests.factories import RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _act(admin_client, action, registrations):
    return admin_client.post(
        reverse("admin:participants_registration_changelist"),
        {"action": action, "_selected_action": [r.pk for r in registrations]},
        follow=True,
    )


def test_admin_approve_action_approves_pending_and_reports_the_rest(
    admin_client, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    workshop.requires_approval = True
    workshop.save()
    pending = RegistrationFactory(workshop=workshop, status="pending")
    confirmed = RegistrationFactory(workshop=workshop, status="confirmed")

    with django_capture_on_commit_callbacks(execute=True):
        response = _act(admin_client, "approve", [pending, confirmed])

    pending.refresh_from_db()
    assert pending.status == Registration.Status.CONFIRMED
    assert "1 registration updated." in response.text
    assert "Only a registration pending approval can be approved." in response.text
    assert [m.to for m in mailoutbox] == [[pending.participant.email]]


def test_admin_decline_action_declines(admin_client, workshop):
    pending = RegistrationFactory(workshop=workshop, status="pending")

    _act(admin_client, "decline", [pending])

    pending.refresh_from_db()
    assert pending.status == Registration.Status.DECLINED


def test_admin_new_link_action_replaces_the_token(admin_client, workshop):
    registration = RegistrationFactory(workshop=workshop)
    old = registration.token

    _act(admin_client, "send_new_link", [registration])

    registration.refresh_from_db()
    assert registration.token != old
