import pytest
from django.urls import reverse

from offices.models import StaffMembership
from participants.models import Registration
from tests.factories import (
    RegionalOfficeFactory,
    RegistrationFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def approval_workshop(workshop):
    workshop.requires_approval = True
    workshop.capacity = 2
    workshop.save()
    return workshop


def staff_client_for(staff_client_for, role, office):
    staff_client_for(role=role, office=office)


def _url(name, registration):
    return reverse(f"staff:{name}", args=[registration.workshop.slug, registration.pk])


def test_staff_page_lists_pending_waitlisted_and_confirmed(
    staff_client_for, client, approval_workshop
):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, approval_workshop.office)
    pending = RegistrationFactory(workshop=approval_workshop, status="pending")
    waiting = RegistrationFactory(workshop=approval_workshop, status="waitlisted")
    seated = RegistrationFactory(workshop=approval_workshop, status="confirmed")
    RegistrationFactory(workshop=approval_workshop, status="cancelled")

    response = client.get(reverse("staff:workshop", args=[approval_workshop.slug]))

    lists = response.context["registration_lists"]
    assert (lists.pending, lists.waitlisted, lists.confirmed) == ([pending], [waiting], [seated])
    assert lists.seats_left == 1
    assert _url("registration_approve", pending) in response.text


def test_staff_page_for_a_viewer_has_no_decision_buttons(
    staff_client_for, client, approval_workshop
):
    staff_client_for(StaffMembership.Role.OFFICE_VIEWER, approval_workshop.office)
    pending = RegistrationFactory(workshop=approval_workshop, status="pending")

    response = client.get(reverse("staff:workshop", args=[approval_workshop.slug]))

    assert pending.participant.full_name in response.text
    assert _url("registration_approve", pending) not in response.text


def test_staff_page_query_count_is_the_same_for_one_and_three_rows(
    staff_client_for, client, workshop, assert_queries_do_not_grow
):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, workshop.office)
    url = reverse("staff:workshop", args=[workshop.slug])

    def add_row():
        RegistrationFactory(workshop=workshop, status="confirmed")
        RegistrationFactory(workshop=workshop, status="pending")

    assert_queries_do_not_grow(lambda: client.get(url), add_row=add_row)


def test_staff_approve_confirms_and_mails(
    staff_client_for, client, approval_workshop, mailoutbox, django_capture_on_commit_callbacks
):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, approval_workshop.office)
    pending = RegistrationFactory(workshop=approval_workshop, status="pending")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("registration_approve", pending), follow=True)

    pending.refresh_from_db()
    assert pending.status == Registration.Status.CONFIRMED
    assert f"{pending.participant.full_name} approved: confirmed." in response.text
    assert mailoutbox[0].to == [pending.participant.email]


def test_staff_decline_declines(staff_client_for, client, approval_workshop):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, approval_workshop.office)
    pending = RegistrationFactory(workshop=approval_workshop, status="pending")

    client.post(_url("registration_decline", pending))

    pending.refresh_from_db()
    assert pending.status == Registration.Status.DECLINED


def test_staff_approve_of_a_confirmed_registration_says_why(
    staff_client_for, client, approval_workshop
):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, approval_workshop.office)
    confirmed = RegistrationFactory(workshop=approval_workshop, status="confirmed")

    response = client.post(_url("registration_approve", confirmed), follow=True)

    assert "Only a registration pending approval can be approved." in response.text


def test_staff_approve_needs_post(staff_client_for, client, approval_workshop):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, approval_workshop.office)
    pending = RegistrationFactory(workshop=approval_workshop, status="pending")

    assert client.get(_url("registration_approve", pending)).status_code == 405


def test_viewer_cannot_approve(staff_client_for, client, approval_workshop):
    staff_client_for(StaffMembership.Role.OFFICE_VIEWER, approval_workshop.office)
    pending = RegistrationFactory(workshop=approval_workshop, status="pending")

    response = client.post(_url("registration_approve", pending))

    pending.refresh_from_db()
    assert response.status_code == 403
    assert pending.status == Registration.Status.PENDING


def test_other_office_cannot_approve(staff_client_for, client, approval_workshop):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, RegionalOfficeFactory(slug="cairo"))
    pending = RegistrationFactory(workshop=approval_workshop, status="pending")

    response = client.post(_url("registration_approve", pending))

    pending.refresh_from_db()
    assert response.status_code == 404
    assert pending.status == Registration.Status.PENDING


def test_registration_of_another_workshop_is_not_found(staff_client_for, client, approval_workshop):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, approval_workshop.office)
    elsewhere = RegistrationFactory(
        workshop=WorkshopFactory(office=RegionalOfficeFactory(slug="cairo")), status="pending"
    )

    url = reverse("staff:registration_approve", args=[approval_workshop.slug, elsewhere.pk])

    assert client.post(url).status_code == 404
