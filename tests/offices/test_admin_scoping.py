"""The admin through offices.permissions: each role's group, scoped to the office."""

import pytest
from django.urls import reverse

from offices import services as office_services
from offices.models import Region, StaffMembership
from tests.factories import (
    RegionalOfficeFactory,
    SessionFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


def _login(client, role, office):
    user = UserFactory()
    office_services.staff_membership_save(user=user, role=role, office=office)
    client.force_login(user)
    return user


@pytest.fixture
def cairo_workshop():
    cairo = RegionalOfficeFactory(slug="cairo", region=Region.objects.get(slug="arab-states"))
    return WorkshopFactory(office=cairo, title="Cairo workshop")


def test_office_staff_change_their_workshop_in_the_admin(client, workshop):
    _login(client, StaffMembership.Role.OFFICE_STAFF, workshop.office)

    response = client.get(reverse("admin:workshops_workshop_change", args=[workshop.pk]))

    office_field = response.context["adminform"].form.fields["office"]
    assert response.status_code == 200
    assert response.context["has_change_permission"] is True
    assert list(office_field.queryset) == [workshop.office]


def test_office_viewer_sees_the_admin_read_only(client, workshop):
    _login(client, StaffMembership.Role.OFFICE_VIEWER, workshop.office)

    page = client.get(reverse("admin:workshops_workshop_change", args=[workshop.pk]))
    posted = client.post(
        reverse("admin:workshops_workshop_change", args=[workshop.pk]), {"title": "Changed"}
    )

    workshop.refresh_from_db()
    assert (page.status_code, page.context["has_change_permission"]) == (200, False)
    assert posted.status_code == 403
    assert workshop.title != "Changed"


def test_headquarters_list_every_office_but_change_nothing(client, workshop, cairo_workshop):
    _login(client, StaffMembership.Role.HEADQUARTERS, None)

    listing = client.get(reverse("admin:workshops_workshop_changelist"))
    add = client.get(reverse("admin:workshops_workshop_add"))

    assert set(listing.context["cl"].queryset) == {workshop, cairo_workshop}
    assert add.status_code == 403


def test_office_staff_session_choices_are_their_office_only(client, workshop, cairo_workshop):
    SessionFactory(workshop=cairo_workshop)
    own = SessionFactory(workshop=workshop)
    _login(client, StaffMembership.Role.OFFICE_STAFF, workshop.office)

    response = client.get(reverse("admin:attendance_attendance_add"))

    choices = response.context["adminform"].form.fields["session"].queryset
    assert list(choices) == [own]


def test_membership_service_moves_a_login_to_its_new_role_group(workshop):
    user = UserFactory()
    office_services.staff_membership_save(
        user=user, role=StaffMembership.Role.OFFICE_STAFF, office=workshop.office
    )

    office_services.staff_membership_save(
        user=user, role=StaffMembership.Role.HEADQUARTERS, office=None
    )

    assert [g.name for g in user.groups.all()] == ["Headquarters"]
    assert user.is_staff is True
    assert Workshop.objects.count() == 1
