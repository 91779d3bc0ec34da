import pytest
from django.urls import reverse

from attendance.models import Attendance
from offices.models import StaffMembership
from offices.permissions import staff_access
from tests.factories import (
    AttendanceFactory,
    RegistrationFactory,
    SessionFactory,
    StaffMembershipFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(staff_client_for, client, office):
    staff_client_for(office=office, user__username="editor")
    return client


def test_workshop_history_shows_who_changed_what(staff, workshop):
    data = {
        "title_en": "Renamed in a test",
        "slug": workshop.slug,
        "format": "in_person",
        "country": "VU",
        "city_en": "Luganville",
        "time_zone": workshop.time_zone,
        "start_date": workshop.start_date.isoformat(),
        "end_date": workshop.end_date.isoformat(),
        "languages": ["en"],
        "min_attendance_percent": "80",
        "certificate_language": "en",
    }
    staff.post(reverse("staff:workshop_edit", args=[workshop.slug]), data)

    response = staff.get(reverse("staff:workshop_history", args=[workshop.slug]))

    latest = response.context["entries"][0]
    assert (latest.who, latest.action, latest.subject) == ("editor", "changed", "workshop")
    changes = {(c.field, c.old, c.new) for c in latest.changes}
    assert ("title [en]", workshop.title, "Renamed in a test") in changes
    assert ("city [en]", "Port Vila", "Luganville") in changes
    assert "Renamed in a test" in response.content.decode()


def test_workshop_history_includes_its_sessions(staff, workshop):
    session = SessionFactory(workshop=workshop, title="Opening")
    local = session.local_start()
    staff.post(
        reverse("staff:session_edit", args=[workshop.slug, session.pk]),
        {
            "title_en": "Opening plenary",
            "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": session.local_end().strftime("%Y-%m-%dT%H:%M"),
        },
    )

    entries = staff.get(reverse("staff:workshop_history", args=[workshop.slug])).context["entries"]

    assert [(e.subject, e.action, e.who) for e in entries[:1]] == [
        ("session: Opening plenary", "changed", "editor")
    ]
    assert [(c.field, c.old, c.new) for c in entries[0].changes] == [
        ("title [en]", "Opening", "Opening plenary")
    ]


def test_registration_history_shows_attendance_changes(staff, workshop):
    attendance = AttendanceFactory(registration__workshop=workshop)
    registration = attendance.registration
    staff.post(
        reverse("staff:checkin_undo", args=[workshop.slug, attendance.session_id, registration.pk])
    )

    response = staff.get(
        reverse("staff:registration_history", args=[workshop.slug, registration.pk])
    )

    entries = response.context["entries"]
    assert entries[0].subject.startswith("attendance: ")
    assert entries[0].who == "editor"
    assert not Attendance.objects.filter(pk=attendance.pk, status="present").exists()


def test_registration_history_of_another_workshop_is_not_found(staff, workshop):
    other = RegistrationFactory(workshop=WorkshopFactory(office=workshop.office))

    response = staff.get(reverse("staff:registration_history", args=[workshop.slug, other.pk]))

    assert response.status_code == 404


def test_viewer_may_read_the_history(client, workshop):
    viewer = StaffMembershipFactory(role=StaffMembership.Role.OFFICE_VIEWER, office=workshop.office)
    client.force_login(viewer.user)

    response = client.get(reverse("staff:workshop_history", args=[workshop.slug]))

    assert staff_access(viewer.user).may_manage is False
    assert response.status_code == 200
    assert [e.action for e in response.context["entries"]] == ["created"]
