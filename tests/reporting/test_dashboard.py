import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from offices.models import StaffMembership
from participants.models import Registration
from reporting.selectors import (
    DASHBOARD_PAST_WORKSHOPS_CHECKED,
    DASHBOARD_RECENT_WORKSHOPS,
    DASHBOARD_UPCOMING_SHOWN,
)
from reporting.views import STAFF_WORKSHOPS_PER_PAGE
from tests.factories import (
    AttendanceFactory,
    RegionalOfficeFactory,
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


def _past_workshops_with_eligible_people(office, count):
    """`count` completed workshops, each with one person eligible; the latest ended first."""
    workshops = []
    for days_ago in range(count):
        end = dt.date(2020, 6, 30) - dt.timedelta(days=days_ago)
        workshop = WorkshopFactory(
            office=office, start_date=end, end_date=end, status=Workshop.Status.COMPLETED
        )
        AttendanceFactory(registration__workshop=workshop, session__workshop=workshop)
        workshops.append(workshop)
    return workshops


def test_dashboard_counts_certificates_only_for_the_most_recently_ended_workshops(
    staff_client, office
):
    checked = DASHBOARD_PAST_WORKSHOPS_CHECKED
    workshops = _past_workshops_with_eligible_people(office, checked + 2)

    response = staff_client.get(reverse("staff:dashboard"))

    assert response.context["certificates_to_issue"] == [(w, 1) for w in workshops[:checked]]
    assert reverse("staff:workshop_list") in response.text


def test_dashboard_lists_recent_workshops_and_links_to_all_of_them(staff_client, office):
    for days in range(DASHBOARD_RECENT_WORKSHOPS + 1):
        WorkshopFactory(office=office, start_date=dt.date(2020, 1, 1) + dt.timedelta(days=days))

    response = staff_client.get(reverse("staff:dashboard"))

    assert len(response.context["workshops"]) == DASHBOARD_RECENT_WORKSHOPS
    assert f"See all {DASHBOARD_RECENT_WORKSHOPS + 1} workshops" in response.text


def test_dashboard_shows_the_soonest_upcoming_workshops_and_counts_the_rest(staff_client, office):
    today = timezone.now().date()
    soonest = [_workshop_with_people(office) for _ in range(DASHBOARD_UPCOMING_SHOWN + 1)]
    for days, workshop in enumerate(soonest, start=10):
        workshop.start_date = workshop.end_date = today + dt.timedelta(days=days)
        workshop.save()

    response = staff_client.get(reverse("staff:dashboard"))

    shown = DASHBOARD_UPCOMING_SHOWN
    assert response.context["upcoming"] == soonest[:shown]
    assert response.context["pending"] == soonest[:shown]
    assert response.context["waitlisted"] == soonest[:shown]
    text = response.content.decode()
    assert f"The {shown} soonest of {shown + 1} upcoming workshops are shown." in text
    assert "1 more workshop has registrations to approve." in text
    assert "1 more workshop has a waiting list." in text


def test_workshop_list_pages_through_every_workshop_with_certificates_to_issue(
    staff_client, office
):
    workshops = _past_workshops_with_eligible_people(office, STAFF_WORKSHOPS_PER_PAGE)
    upcoming = WorkshopFactory(office=office)  # starts later than all of them: first row

    first = staff_client.get(reverse("staff:workshop_list"))
    second = staff_client.get(reverse("staff:workshop_list"), {"page": 2})

    assert first.context["rows"][0] == (upcoming, None)
    assert first.context["rows"][1] == (workshops[0], 1)
    assert second.context["rows"] == [(workshops[-1], 1)]
    assert 'rel="next"' in first.text


def test_workshop_list_shows_only_the_staff_members_office(staff_client, office):
    mine = WorkshopFactory(office=office)
    WorkshopFactory(office=RegionalOfficeFactory(slug="elsewhere"))

    response = staff_client.get(reverse("staff:workshop_list"))

    assert [w for w, _ in response.context["rows"]] == [mine]


def test_workshop_list_query_count_is_constant(staff_client, office, assert_queries_do_not_grow):
    def add_row():
        _workshop_with_people(office)
        _past_workshop_with_eligible_person(office)

    response = assert_queries_do_not_grow(
        lambda: staff_client.get(reverse("staff:workshop_list")), add_row=add_row
    )

    assert len(response.context["rows"]) == 6
