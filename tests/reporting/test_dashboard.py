import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from offices.models import StaffMembership
from participants.models import Registration
from tests.factories import (
    AttendanceFactory,
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
)
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


def _workshop_with_people(office):
    workshop = WorkshopFactory(office=office, capacity=30)
    RegistrationFactory(workshop=workshop)
    RegistrationFactory(workshop=workshop, status=Registration.Status.PENDING)
    RegistrationFactory(workshop=workshop, status=Registration.Status.WAITLISTED)
    return workshop


def _past_workshop_with_eligible_person(office):
    workshop = WorkshopFactory(
        office=office,
        start_date=dt.date(2014, 9, 22),
        end_date=dt.date(2014, 9, 23),
        status=Workshop.Status.COMPLETED,
    )
    AttendanceFactory(registration__workshop=workshop, session__workshop=workshop)
    return workshop


def test_dashboard_counts_registrations_against_capacity(staff_client, office):
    workshop = _workshop_with_people(office)

    response = staff_client.get(reverse("staff:dashboard"))

    [shown] = response.context["upcoming"]
    assert (shown, shown.confirmed_count, shown.pending_count, shown.waitlisted_count) == (
        workshop,
        1,
        1,
        1,
    )
    assert response.context["pending"] == [workshop]
    assert response.context["waitlisted"] == [workshop]


def test_dashboard_lists_certificates_to_issue_until_issued(staff_client, office):
    workshop = _past_workshop_with_eligible_person(office)

    before = staff_client.get(reverse("staff:dashboard")).context["certificates_to_issue"]
    Certificate.objects.create(registration=workshop.registrations.get(), holder_name="Participant")
    after = staff_client.get(reverse("staff:dashboard")).context["certificates_to_issue"]

    assert (before, after) == ([(workshop, 1)], [])


def test_dashboard_today_sessions_follow_each_workshop_time_zone(staff_client, office):
    # "Today" is Port Vila's (UTC+11): a session 25 hours from now is on its tomorrow.
    now = timezone.now()
    vila = WorkshopFactory(
        office=office,
        time_zone="Pacific/Efate",
        start_date=now.date() - dt.timedelta(days=2),
        end_date=now.date() + dt.timedelta(days=2),
    )
    today_in_vila = SessionFactory(
        workshop=vila, starts_at=now, ends_at=now + dt.timedelta(hours=1)
    )
    SessionFactory(
        workshop=vila,
        starts_at=now + dt.timedelta(days=1, hours=1),
        ends_at=now + dt.timedelta(days=1, hours=2),
    )

    response = staff_client.get(reverse("staff:dashboard"))

    assert response.context["sessions_today"] == [today_in_vila]
    assert reverse("staff:checkin", args=[vila.slug, today_in_vila.pk]) in response.content.decode()


def test_dashboard_query_count_is_constant(staff_client, office, assert_queries_do_not_grow):
    def add_row():
        _workshop_with_people(office)
        _past_workshop_with_eligible_person(office)

    response = assert_queries_do_not_grow(
        lambda: staff_client.get(reverse("staff:dashboard")), add_row=add_row
    )

    assert response.status_code == 200


def test_dashboard_hides_create_from_viewers(staff_client_for, client, office):
    staff_client_for(role=StaffMembership.Role.OFFICE_VIEWER, office=office)

    response = client.get(reverse("staff:dashboard"))

    assert response.context["can_create"] is False
    assert reverse("staff:workshop_create") not in response.content.decode()
