"""The staff area's kept reads (core.page_cache.kept_records): the dashboard's lists and the
reports are built once and kept under the records revision, and every kind of change they show
is seen on the next load, whoever made it. These tests commit for real (transaction=True): the
revision moves after the commit."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from certificates.models import Certificate
from core.page_cache import content_revision, records_revision
from learning.selectors import Check, workshop_span
from learning.services import knowledge_test_submit
from offices.models import StaffMembership
from participants.models import Registration
from participants.services import registration_approve
from tests.factories import (
    AttendanceFactory,
    RegionalOfficeFactory,
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
)
from tests.learning.helpers import answers_for, workshop_with_learning
from workshops.models import Workshop

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WHOLE_TIME = {"start": "2000-01-01", "end": "2100-12-31"}


@pytest.fixture(autouse=True)
def records_kept(settings):
    settings.RECORDS_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def _dashboard(client):
    response = client.get(reverse("staff:dashboard"))
    assert response.status_code == 200
    return response.context


def _report(client, key: str, **query):
    response = client.get(reverse("staff:reports"), {**WHOLE_TIME, **query})
    assert response.status_code == 200
    [report] = [r for r in response.context["reports"] if r.key == key]
    return report


def test_a_kept_dashboard_is_read_without_building_it_again(
    staff_client, office, django_assert_max_num_queries
):
    WorkshopFactory(office=office, capacity=30)
    _dashboard(staff_client)

    # The session, the user, the second step's device, the membership, the revision.
    with django_assert_max_num_queries(5):
        _dashboard(staff_client)


def test_a_new_registration_is_seen_on_the_next_dashboard(staff_client, office):
    workshop = WorkshopFactory(office=office, capacity=30)
    assert _dashboard(staff_client)["pending"] == []

    pending = RegistrationFactory(workshop=workshop, status=Registration.Status.PENDING)
    [shown] = _dashboard(staff_client)["pending"]
    assert (shown, shown.pending_count) == (workshop, 1)

    registration_approve(registration=pending)
    after = _dashboard(staff_client)
    assert after["pending"] == []
    assert [w.confirmed_count for w in after["upcoming"]] == [1]


def test_attendance_and_a_certificate_are_seen_in_certificates_to_issue(staff_client, office):
    workshop = WorkshopFactory(
        office=office,
        start_date=dt.date(2014, 9, 22),
        end_date=dt.date(2014, 9, 23),
        status=Workshop.Status.COMPLETED,
    )
    session = SessionFactory(workshop=workshop)
    registration = RegistrationFactory(workshop=workshop)
    assert _dashboard(staff_client)["certificates_to_issue"] == []

    AttendanceFactory(registration=registration, session=session)
    assert _dashboard(staff_client)["certificates_to_issue"] == [(workshop, 1)]

    Certificate.objects.create(registration=registration, holder_name="Ana Lima")
    assert _dashboard(staff_client)["certificates_to_issue"] == []


def test_each_office_keeps_its_own_dashboard(client, staff_client_for):
    bangkok, cairo = RegionalOfficeFactory(), RegionalOfficeFactory()
    in_bangkok = WorkshopFactory(office=bangkok, title="Only in Bangkok")
    WorkshopFactory(office=cairo, title="Only in Cairo")
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, bangkok)
    assert [w.pk for w in _dashboard(client)["upcoming"]] == [in_bangkok.pk]

    client.logout()
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, cairo)

    assert [w.title for w in _dashboard(client)["upcoming"]] == ["Only in Cairo"]


def test_a_registration_is_seen_in_the_next_report(staff_client, office):
    workshop = WorkshopFactory(office=office, start_date=dt.date(2025, 5, 1))
    RegistrationFactory.create_batch(3, workshop=workshop, participant__country="VU")
    before = _report(staff_client, "participants-by-country")

    RegistrationFactory(workshop=workshop, participant__country="VU")

    after = _report(staff_client, "participants-by-country")
    assert before.rows != after.rows
    assert ["Vanuatu", 4] in [row[:2] for row in after.rows]


def test_each_period_keeps_its_own_reports(staff_client, office):
    RegistrationFactory.create_batch(
        3, workshop__office=office, workshop__start_date=dt.date(2025, 5, 1)
    )

    whole = _report(staff_client, "workshops-by-region")
    other_year = _report(staff_client, "workshops-by-region", start="2019-01-01", end="2019-12-31")

    assert whole.rows != other_year.rows


def test_a_post_test_is_seen_in_the_learning_report_without_touching_public_pages(
    staff_client, office
):
    learning = workshop_with_learning(office, days_from_now=-10)
    span = workshop_span(workshop=learning.workshop)
    people = RegistrationFactory.create_batch(3, workshop=learning.workshop)
    for registration in people:
        knowledge_test_submit(
            registration=registration,
            check=Check.PRE,
            answers=answers_for(learning.knowledge_check, correct=1),
            now=span.first_start - dt.timedelta(days=1),
        )
    before = _report(staff_client, "learning-gain")
    content, records = content_revision(), records_revision()

    for registration in people:
        knowledge_test_submit(
            registration=registration,
            check=Check.POST,
            answers=answers_for(learning.knowledge_check, correct=4),
            now=span.last_end,
        )

    after = _report(staff_client, "learning-gain")
    assert before.rows == []
    assert [row[3] for row in after.rows] == [3]
    assert records_revision() > records
    assert content_revision() == content
