import pytest
from django.urls import reverse

from offices.models import StaffMembership
from tests.factories import (
    RegionalOfficeFactory,
    StaffMembershipFactory,
    UserFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_office_workshop():
    return WorkshopFactory(
        office=RegionalOfficeFactory(slug="cairo", name="Cairo"), title="Cairo workshop"
    )


def test_staff_area_requires_login(client):
    response = client.get(reverse("staff:dashboard"))

    assert response.status_code == 302
    assert response.url.startswith("/staff/login/")


def test_staff_area_refuses_a_user_without_membership(client):
    client.force_login(UserFactory())

    assert client.get(reverse("staff:dashboard")).status_code == 403


def test_dashboard_lists_only_own_office_workshops(
    staff_client_for, client, workshop, other_office_workshop
):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, workshop.office)

    response = client.get(reverse("staff:dashboard"))

    assert [w.title for w in response.context["workshops"]] == [workshop.title]


def test_headquarters_sees_every_office(staff_client_for, client, workshop, other_office_workshop):
    staff_client_for(StaffMembership.Role.HEADQUARTERS, None)

    response = client.get(reverse("staff:dashboard"))

    assert {w.title for w in response.context["workshops"]} == {
        workshop.title,
        other_office_workshop.title,
    }


def test_other_office_workshop_page_is_not_found(
    staff_client_for, client, workshop, other_office_workshop
):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, workshop.office)

    response = client.get(reverse("staff:workshop", args=[other_office_workshop.slug]))

    assert response.status_code == 404


def test_own_office_workshop_page_shows_it(staff_client_for, client, workshop):
    staff_client_for(StaffMembership.Role.OFFICE_VIEWER, workshop.office)

    response = client.get(reverse("staff:workshop", args=[workshop.slug]))

    assert response.status_code == 200
    assert response.context["workshop"] == workshop
    assert response.context["can_manage"] is False


def test_staff_login_page_signs_in(client):
    membership = StaffMembershipFactory()

    response = client.post(
        reverse("staff:login"), {"username": membership.user.username, "password": "password"}
    )

    assert response.status_code == 302
    assert response.url == "/staff/"
