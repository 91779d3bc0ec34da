"""The admin's import (preview, then confirm) and export of registrations."""

import io

import pytest
from django.urls import reverse

from participants.models import Registration
from tests.factories import RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


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


def test_registration_admin_export_csv_strips_formulas(admin_client, workshop):
    RegistrationFactory(workshop=workshop, participant__full_name="=cmd")

    response = admin_client.post(
        reverse("admin:participants_registration_export"),
        {"format": "0", "resource": "0", "registrationresource_full_name": True},
    )

    assert response.status_code == 200
    assert response.content.decode() == "Full name\r\ncmd\r\n"


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
