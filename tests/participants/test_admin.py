"""The admin: import (preview, then confirm) and export of registrations; registration actions."""

import io

import pytest
from django.urls import reverse

from participants.models import Registration
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


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


def test_registration_admin_import_previews_and_confirms_into_a_workshop(admin_client, workshop):
    upload = io.BytesIO(
        "Liste des participants\n\nName;E-mail;Country\nChloé Dubois;chloe@example.fr;France\n".encode(
            "cp1252"
        )
    )
    upload.name = "liste.csv"

    preview = admin_client.post(
        reverse("admin:participants_registration_import"),
        {"import_file": upload, "format": "0", "workshop": workshop.pk, "resource": "0"},
    )
    confirm = preview.context["confirm_form"]
    before = Registration.objects.count()
    admin_client.post(
        reverse("admin:participants_registration_process_import"),
        {**confirm.initial, "workshop": workshop.pk},
    )

    assert before == 0
    registration = Registration.objects.get()
    assert (registration.participant.full_name, registration.workshop) == ("Chloé Dubois", workshop)
    assert registration.participant.country.code == "FR"


def test_registration_admin_import_bad_email_offers_no_confirmation(admin_client, workshop):
    upload = io.BytesIO(b"Name,Email\nA,not-an-email\n")
    upload.name = "list.csv"

    response = admin_client.post(
        reverse("admin:participants_registration_import"),
        {"import_file": upload, "format": "0", "workshop": workshop.pk, "resource": "0"},
    )

    assert "confirm_form" not in response.context
    assert response.context["result"].has_validation_errors()


def test_registration_admin_export_csv_neutralises_formulas(admin_client, workshop):
    RegistrationFactory(workshop=workshop, participant__full_name="=cmd")

    response = admin_client.post(
        reverse("admin:participants_registration_export"),
        {"format": "0", "resource": "0", "registrationresource_full_name": True},
    )

    assert response.status_code == 200
    assert response.content.decode() == "Full name\r\n'=cmd\r\n"


def test_registration_admin_import_unreadable_file_says_why(admin_client, workshop):
    upload = io.BytesIO(b"Liste\n\nNom;Courriel\nA;a@example.org\n")
    upload.name = "liste.csv"

    response = admin_client.post(
        reverse("admin:participants_registration_import"),
        {"import_file": upload, "format": "0", "workshop": workshop.pk, "resource": "0"},
    )

    assert response.context["form"].errors["import_file"] == [
        "No row of the file holds the required columns “Full name” and “Email”."
    ]
