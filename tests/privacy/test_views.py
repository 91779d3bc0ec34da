import json

import pytest
from django.urls import reverse

from certificates.selectors import registration_eligibility
from offices.models import StaffMembership
from participants.models import Participant, Registration
from privacy.services import participant_anonymise
from tests.factories import (
    AttendanceFactory,
    ParticipantFactory,
    RegionalOfficeFactory,
    RegistrationFactory,
    WorkshopFactory,
)
from tests.privacy.helpers import certificate_for, past_workshop

pytestmark = pytest.mark.django_db


def _url(registration, name):
    return reverse(f"me:{name}", args=[registration.token])


# data.json ----------------------------------------------------------------------------------


def test_data_json_holds_everything_about_the_person(client):
    participant = ParticipantFactory(full_name="Tevita Kalo", needs="Wheelchair access")
    workshop = past_workshop(30)
    attendance = AttendanceFactory(
        registration__participant=participant, registration__workshop=workshop
    )
    registration = attendance.registration
    certificate = certificate_for(registration)
    other = RegistrationFactory(participant=participant, status=Registration.Status.CANCELLED)

    response = client.get(_url(registration, "data"))

    data = json.loads(response.content)
    assert response["Content-Disposition"] == 'attachment; filename="my-cop-workshops-data.json"'
    assert "no-store" in response["Cache-Control"]
    assert (data["full_name"], data["email"], data["needs"], data["code"]) == (
        "Tevita Kalo",
        participant.email,
        "Wheelchair access",
        participant.code,
    )
    assert [r["workshop"]["slug"] for r in data["registrations"]] == [
        workshop.slug,
        other.workshop.slug,
    ]
    first = data["registrations"][0]
    assert [(a["session"], a["status"]) for a in first["attendance"]] == [
        (attendance.session.title, "present")
    ]
    assert [(c["code"], c["status"]) for c in first["certificates"]] == [
        (certificate.code, "valid")
    ]


def test_data_json_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    participant = ParticipantFactory()
    registrations = [RegistrationFactory(participant=participant) for _ in range(3)]
    for registration in registrations:
        AttendanceFactory(registration=registration)

    with django_assert_max_num_queries(6):
        client.get(_url(registrations[0], "data"))


def test_data_json_refuses_post(client):
    registration = RegistrationFactory()

    assert client.post(_url(registration, "data")).status_code == 405


def test_data_json_of_an_unknown_token_is_not_found(client):
    RegistrationFactory()

    assert client.get("/me/unknown-token/data.json").status_code == 404


# Asking for erasure -------------------------------------------------------------------------


def test_me_links_to_the_data_download_and_erasure(client):
    registration = RegistrationFactory()

    response = client.get(_url(registration, "page"))

    assert f'href="{_url(registration, "data")}" download' in response.text
    assert f'href="{_url(registration, "erase")}"' in response.text


def test_erase_request_without_the_box_ticked_records_nothing(client):
    registration = RegistrationFactory()

    response = client.post(_url(registration, "erase"), {})

    registration.refresh_from_db()
    assert response.status_code == 400
    assert "Tick the box to confirm your request." in response.text
    assert registration.erasure_requested_at is None


def test_erase_request_is_recorded_and_can_be_withdrawn(client):
    registration = RegistrationFactory()

    response = client.post(_url(registration, "erase"), {"confirm": "on"}, follow=True)
    registration.refresh_from_db()
    requested = registration.erasure_requested_at
    client.post(_url(registration, "erase"), {"withdraw": "1"})
    registration.refresh_from_db()

    assert requested is not None
    assert "Your request is recorded." in response.text
    assert registration.erasure_requested_at is None


def test_erase_request_refuses_a_get_change(client):
    registration = RegistrationFactory()

    response = client.get(_url(registration, "erase"), {"confirm": "on"})

    registration.refresh_from_db()
    assert response.status_code == 200
    assert registration.erasure_requested_at is None


# Staff confirm ------------------------------------------------------------------------------


@pytest.fixture
def requested(office):
    workshop = WorkshopFactory(office=office)
    registration = RegistrationFactory(workshop=workshop, participant__full_name="Tevita Kalo")
    client_page = reverse("me:erase", args=[registration.token])
    return registration, client_page


def _confirm_url(registration):
    return reverse("staff:erasure_confirm", args=[registration.workshop.slug, registration.pk])


def test_staff_workshop_page_lists_the_request_with_an_erase_button(
    staff_client_for, client, office, requested
):
    registration, page = requested
    client.post(page, {"confirm": "on"})
    staff_client_for(office=office)

    response = client.get(reverse("staff:workshop", args=[registration.workshop.slug]))

    assert "Requests for erasure (1)" in response.text
    assert f'action="{_confirm_url(registration)}"' in response.text


def test_staff_confirm_anonymises_and_the_personal_link_stops_working(
    staff_client_for, client, office, requested
):
    registration, page = requested
    client.post(page, {"confirm": "on"})
    me = reverse("me:page", args=[registration.token])
    staff_client_for(office=office)

    response = client.post(_confirm_url(registration), follow=True)

    participant = Participant.objects.get(pk=registration.participant_id)
    assert participant.anonymised_at is not None
    assert participant.full_name == ""
    assert "The person&#x27;s data is erased." in response.text
    assert client.get(me).status_code == 404


def test_staff_confirm_without_a_request_changes_nothing(
    staff_client_for, client, office, requested
):
    registration, _page = requested
    staff_client_for(office=office)

    response = client.post(_confirm_url(registration), follow=True)

    assert "has not asked for their data to be erased" in response.text
    assert Participant.objects.get(pk=registration.participant_id).anonymised_at is None


def test_staff_viewer_cannot_confirm(staff_client_for, client, office, requested):
    registration, page = requested
    client.post(page, {"confirm": "on"})
    staff_client_for(office=office, role=StaffMembership.Role.OFFICE_VIEWER)

    response = client.post(_confirm_url(registration))

    assert response.status_code == 403
    assert Participant.objects.get(pk=registration.participant_id).anonymised_at is None


def test_staff_of_another_office_cannot_see_or_confirm(staff_client_for, client, requested):
    registration, page = requested
    client.post(page, {"confirm": "on"})
    staff_client_for(office=RegionalOfficeFactory(slug="cairo"))

    listing = client.get(reverse("staff:erasure_requests"))
    response = client.post(_confirm_url(registration))

    assert response.status_code == 404
    assert "Tevita Kalo" not in listing.text
    assert Participant.objects.get(pk=registration.participant_id).anonymised_at is None


def test_erasure_requests_page_lists_the_office_requests(
    staff_client_for, client, office, requested
):
    registration, page = requested
    client.post(page, {"confirm": "on"})
    staff_client_for(office=office)

    response = client.get(reverse("staff:erasure_requests"))

    assert "Tevita Kalo" in response.text
    assert registration.workshop.title in response.text


# Certificates after anonymisation ------------------------------------------------------------


def test_verification_after_anonymisation_shows_workshop_and_validity_only(client):
    registration = RegistrationFactory(
        workshop=past_workshop(2000), participant__full_name="Tevita Kalo"
    )
    certificate = certificate_for(registration)
    participant_anonymise(participant=registration.participant)

    response = client.get(reverse("certificates:verify", args=[certificate.code]))

    assert response.status_code == 200
    assert "Valid." in response.text
    assert registration.workshop.title in response.text
    assert "Name withheld" in response.text
    assert "Tevita Kalo" not in response.text


def test_no_new_certificate_for_an_anonymised_participant():
    attendance = AttendanceFactory(registration__workshop=past_workshop(2000))
    participant_anonymise(participant=attendance.registration.participant)

    row = registration_eligibility(
        registration=Registration.objects.get(pk=attendance.registration_id)
    )

    assert row.reasons == ["The participant's personal data has been erased."]
