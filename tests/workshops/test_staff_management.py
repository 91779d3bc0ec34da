import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse

from offices.models import StaffMembership
from participants.models import Registration
from tests.factories import (
    PartnerFactory,
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
    WorkshopPartnerFactory,
)
from workshops.models import Session, Workshop, WorkshopPartner

pytestmark = pytest.mark.django_db

EFATE = zoneinfo.ZoneInfo("Pacific/Efate")


def _workshop_form(**changes):
    data = {
        "title_en": "COP Workshop in Suva",
        "slug": "",
        "format": "in_person",
        "country": "FJ",
        "city_en": "Suva",
        "time_zone": "Pacific/Fiji",
        "start_date": "2031-03-10",
        "end_date": "2031-03-11",
        "languages": ["en", "fr"],
        "min_attendance_percent": "80",
        "certificate_language": "en",
    }
    data.update(changes)
    return data


def test_workshop_create_makes_a_draft_of_the_own_office(staff_client, office):
    response = staff_client.post(reverse("staff:workshop_create"), _workshop_form())

    workshop = Workshop.objects.get(slug="cop-workshop-in-suva")
    assert response.status_code == 302
    assert (workshop.office, workshop.status, workshop.languages) == (
        office,
        Workshop.Status.DRAFT,
        ["en", "fr"],
    )


def test_workshop_create_refuses_last_day_before_first(staff_client):
    response = staff_client.post(
        reverse("staff:workshop_create"), _workshop_form(end_date="2031-03-01")
    )

    assert response.status_code == 400
    assert Workshop.objects.count() == 0


def test_workshop_create_refuses_reserved_slug(staff_client):
    response = staff_client.post(reverse("staff:workshop_create"), _workshop_form(slug="new"))

    assert response.status_code == 400
    assert "slug" in response.context["form"].errors


@pytest.mark.parametrize(
    ("role", "office_needed"),
    [(StaffMembership.Role.OFFICE_VIEWER, True), (StaffMembership.Role.HEADQUARTERS, False)],
)
def test_workshop_create_is_forbidden_to_read_only_roles(
    staff_client_for, client, office, role, office_needed
):
    staff_client_for(role=role, office=office if office_needed else None)

    response = client.post(reverse("staff:workshop_create"), _workshop_form())

    assert response.status_code == 403
    assert Workshop.objects.count() == 0


def test_workshop_edit_saves_and_raises_calendar_sequence(staff_client, workshop):
    data = _workshop_form(
        title_en="Renamed workshop",
        slug=workshop.slug,
        start_date=workshop.start_date.isoformat(),
        end_date=workshop.end_date.isoformat(),
        time_zone=workshop.time_zone,
    )

    response = staff_client.post(reverse("staff:workshop_edit", args=[workshop.slug]), data)

    workshop.refresh_from_db()
    assert response.status_code == 302
    assert (workshop.title, workshop.sequence) == ("Renamed workshop", 1)


def test_workshop_edit_refuses_dates_that_leave_a_session_outside(staff_client, workshop):
    SessionFactory(workshop=workshop, title="Opening")
    data = _workshop_form(
        slug=workshop.slug,
        start_date=(workshop.start_date + dt.timedelta(days=5)).isoformat(),
        end_date=(workshop.start_date + dt.timedelta(days=6)).isoformat(),
        time_zone=workshop.time_zone,
    )

    response = staff_client.post(reverse("staff:workshop_edit", args=[workshop.slug]), data)

    stored = Workshop.objects.get(pk=workshop.pk)
    assert response.status_code == 400
    assert "Opening" in str(response.context["form"].non_field_errors())
    assert stored.start_date == workshop.start_date


def test_workshop_publish_makes_a_draft_public(staff_client, office):
    draft = WorkshopFactory(office=office, status=Workshop.Status.DRAFT)

    staff_client.post(reverse("staff:workshop_publish", args=[draft.slug]))

    draft.refresh_from_db()
    assert draft.status == Workshop.Status.PUBLISHED


def test_workshop_cancel_emails_registrants_and_marks_feeds(
    staff_client, workshop, django_capture_on_commit_callbacks
):
    RegistrationFactory(workshop=workshop, participant__email="ana@example.org")
    RegistrationFactory(
        workshop=workshop,
        participant__email="gone@example.org",
        status=Registration.Status.CANCELLED,
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("staff:workshop_cancel", args=[workshop.slug]),
            {"confirm": "on", "message": "The venue is closed."},
        )

    workshop.refresh_from_db()
    assert response.status_code == 302
    assert workshop.status == Workshop.Status.CANCELLED
    assert workshop.cancelled_at is not None
    assert workshop.sequence == 1
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    assert "The venue is closed." in mail.outbox[0].body


def test_workshop_cancel_without_confirmation_changes_nothing(staff_client, workshop):
    response = staff_client.post(reverse("staff:workshop_cancel", args=[workshop.slug]), {})

    workshop.refresh_from_db()
    assert response.status_code == 400
    assert workshop.status == Workshop.Status.PUBLISHED


def test_workshop_duplicate_copies_agenda_partners_in_local_time(staff_client, office):
    source = WorkshopFactory(
        office=office,
        start_date=dt.date(2014, 9, 22),
        end_date=dt.date(2014, 9, 24),
        status=Workshop.Status.COMPLETED,
    )
    SessionFactory(
        workshop=source,
        title="Opening",
        starts_at=dt.datetime(2014, 9, 23, 9, 30, tzinfo=EFATE),
        ends_at=dt.datetime(2014, 9, 23, 11, tzinfo=EFATE),
        is_mandatory=True,
    )
    partner = WorkshopPartnerFactory(workshop=source, role=WorkshopPartner.Role.SPONSOR)
    RegistrationFactory(workshop=source)

    response = staff_client.post(
        reverse("staff:workshop_duplicate", args=[source.slug]),
        {"title": "Port Vila again", "slug": "", "start_date": "2031-09-22"},
    )

    copy = Workshop.objects.get(slug="port-vila-again")
    session = copy.sessions.get()
    assert response.status_code == 302
    assert (copy.status, copy.start_date, copy.end_date, copy.office) == (
        Workshop.Status.DRAFT,
        dt.date(2031, 9, 22),
        dt.date(2031, 9, 24),
        office,
    )
    assert (session.title, session.local_start(), session.is_mandatory) == (
        "Opening",
        dt.datetime(2031, 9, 23, 9, 30, tzinfo=EFATE),
        True,
    )
    assert [(r.partner, r.role) for r in copy.partner_roles.all()] == [
        (partner.partner, WorkshopPartner.Role.SPONSOR)
    ]
    assert copy.registrations.count() == 0


def test_workshop_duplicate_refuses_a_taken_slug(staff_client, workshop):
    response = staff_client.post(
        reverse("staff:workshop_duplicate", args=[workshop.slug]),
        {"title": "Again", "slug": workshop.slug, "start_date": "2031-01-01"},
    )

    assert response.status_code == 400
    assert Workshop.objects.count() == 1


def test_session_create_reads_times_in_the_workshop_time_zone(staff_client, workshop):
    day = workshop.start_date.isoformat()

    response = staff_client.post(
        reverse("staff:session_create", args=[workshop.slug]),
        {"title_en": "Keynote", "starts_at": f"{day}T09:00", "ends_at": f"{day}T10:30"},
    )

    session = Session.objects.get(title="Keynote")
    assert response.status_code == 302
    assert session.starts_at == dt.datetime.combine(workshop.start_date, dt.time(9), EFATE)


def test_session_create_refuses_a_time_outside_the_workshop_days(staff_client, workshop):
    day = (workshop.end_date + dt.timedelta(days=3)).isoformat()

    response = staff_client.post(
        reverse("staff:session_create", args=[workshop.slug]),
        {"title_en": "Too late", "starts_at": f"{day}T09:00", "ends_at": f"{day}T10:00"},
    )

    assert response.status_code == 400
    assert Session.objects.count() == 0


def test_session_edit_raises_its_sequence(staff_client, workshop):
    session = SessionFactory(workshop=workshop)
    local = session.local_start()

    staff_client.post(
        reverse("staff:session_edit", args=[workshop.slug, session.pk]),
        {
            "title_en": "Moved",
            "starts_at": (local + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (local + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )

    session.refresh_from_db()
    assert (session.title, session.sequence) == ("Moved", 1)


def test_session_delete_keeps_a_session_with_attendance(staff_client, workshop):
    from tests.factories import AttendanceFactory

    attendance = AttendanceFactory(registration__workshop=workshop)

    staff_client.post(reverse("staff:session_delete", args=[workshop.slug, attendance.session_id]))

    assert Session.objects.filter(pk=attendance.session_id).exists()


def test_partner_add_and_remove(staff_client, workshop):
    partner = PartnerFactory()

    staff_client.post(
        reverse("staff:workshop_partners", args=[workshop.slug]),
        {"partner": partner.pk, "role": "host"},
    )
    role = workshop.partner_roles.get()
    staff_client.post(reverse("staff:workshop_partner_remove", args=[workshop.slug, role.pk]))

    assert (role.partner, role.role) == (partner, "host")
    assert workshop.partner_roles.count() == 0


def test_partner_add_twice_in_the_same_role_is_refused(staff_client, workshop):
    role = WorkshopPartnerFactory(workshop=workshop, role="host")

    response = staff_client.post(
        reverse("staff:workshop_partners", args=[workshop.slug]),
        {"partner": role.partner_id, "role": "host"},
    )

    assert response.status_code == 400
    assert workshop.partner_roles.count() == 1
