import datetime as dt

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from workshops.models import Session, Workshop

pytestmark = pytest.mark.django_db


def _workshop_form(workshop, **overrides):
    data = {
        "title_en": workshop.title,
        "slug": workshop.slug,
        "office": workshop.office_id,
        "status": workshop.status,
        "summary_en": "",
        "description_en": "",
        "format": workshop.format,
        "join_url": "",
        "country": workshop.country.code,
        "city_en": workshop.city,
        "venue_en": "",
        "time_zone": workshop.time_zone,
        "start_date": workshop.start_date.isoformat(),
        "end_date": workshop.end_date.isoformat(),
        "languages": ["en"],
        "capacity": "",
        "registration_opens_at_0": "",
        "registration_opens_at_1": "",
        "registration_closes_at_0": "",
        "registration_closes_at_1": "",
        "min_attendance_percent": "80",
        "certificate_language": "en",
        "signatory_name": "",
        "signatory_title": "",
        "expected_participants": "",
        "data_note_en": "",
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "partner_roles-TOTAL_FORMS": "0",
        "partner_roles-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def _session_rows(day: dt.date):
    return {
        "sessions-TOTAL_FORMS": "1",
        "sessions-0-title_en": "Opening",
        "sessions-0-starts_at_0": day.isoformat(),
        "sessions-0-starts_at_1": "09:00",
        "sessions-0-ends_at_0": day.isoformat(),
        "sessions-0-ends_at_1": "10:00",
    }


def test_admin_rejects_a_session_outside_the_workshop_dates(admin_client, workshop):
    url = reverse("admin:workshops_workshop_change", args=[workshop.pk])
    outside = workshop.end_date + dt.timedelta(days=3)

    response = admin_client.post(url, _workshop_form(workshop, **_session_rows(outside)))

    assert response.status_code == 200
    assert "The session must fall within the workshop&#x27;s dates" in response.text
    assert Session.objects.count() == 0


def test_admin_accepts_a_session_inside_the_workshop_dates(admin_client, workshop):
    url = reverse("admin:workshops_workshop_change", args=[workshop.pk])

    response = admin_client.post(
        url, _workshop_form(workshop, **_session_rows(workshop.start_date))
    )

    assert response.status_code == 302
    session = Session.objects.get()
    assert session.local_start().hour == 9  # the admin's times are taken as the workshop's


def test_admin_rejects_unknown_time_zone_and_saves_nothing(admin_client, office):
    url = reverse("admin:workshops_workshop_add")
    draft = Workshop(
        title="New",
        slug="new",
        office=office,
        country="VU",
        city="Port Vila",
        time_zone="Mars/Olympus",
        start_date=dt.date(2027, 1, 1),
        end_date=dt.date(2027, 1, 2),
        status="draft",
    )

    response = admin_client.post(url, _workshop_form(draft))

    assert response.status_code == 200
    assert "is not a known IANA time zone" in response.text
    assert not Workshop.objects.filter(slug="new").exists()


def test_admin_rejects_negative_capacity(admin_client, workshop):
    url = reverse("admin:workshops_workshop_change", args=[workshop.pk])

    response = admin_client.post(url, _workshop_form(workshop, capacity="-3"))

    assert response.status_code == 200
    assert "greater than or equal to 0" in response.text
    workshop.refresh_from_db()
    assert workshop.capacity is None


ADMINISTERED_MODELS = [
    model
    for label in ("workshops", "participants", "certificates")
    for model in apps.get_app_config(label).get_models()
    if model in admin.site._registry
]


@pytest.mark.parametrize("model", ADMINISTERED_MODELS, ids=lambda m: m.__name__)
def test_admin_changelist_renders_for_every_model(admin_client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    response = admin_client.get(url, {"q": "port"})

    assert response.status_code == 200
    assert str(model._meta.verbose_name_plural).lower() in response.text.lower()


def test_admin_edit_of_a_shown_field_bumps_workshop_sequence(admin_client, workshop):
    url = reverse("admin:workshops_workshop_change", args=[workshop.pk])

    response = admin_client.post(url, _workshop_form(workshop, title_en="New title"))

    assert response.status_code == 302
    assert Workshop.objects.get(pk=workshop.pk).sequence == 1


def test_admin_edit_of_a_session_time_bumps_its_sequence(admin_client, workshop):
    session = Session.objects.create(
        workshop=workshop,
        title="Opening",
        starts_at=dt.datetime.combine(workshop.start_date, dt.time(9), tzinfo=workshop.zone),
        ends_at=dt.datetime.combine(workshop.start_date, dt.time(10), tzinfo=workshop.zone),
    )
    url = reverse("admin:workshops_workshop_change", args=[workshop.pk])
    rows = {
        **_session_rows(workshop.start_date),
        "sessions-INITIAL_FORMS": "1",
        "sessions-0-id": str(session.pk),
        "sessions-0-workshop": str(workshop.pk),
        "sessions-0-starts_at_1": "11:00",
        "sessions-0-ends_at_1": "12:00",
    }

    response = admin_client.post(url, _workshop_form(workshop, **rows))

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.sequence, session.local_start().hour) == (1, 11)
    assert Workshop.objects.get(pk=workshop.pk).sequence == 0


def test_admin_can_still_delete_a_session(admin_client, workshop):
    session = Session.objects.create(
        workshop=workshop,
        title="Opening",
        starts_at=dt.datetime.combine(workshop.start_date, dt.time(9), tzinfo=workshop.zone),
        ends_at=dt.datetime.combine(workshop.start_date, dt.time(10), tzinfo=workshop.zone),
    )
    url = reverse("admin:workshops_workshop_change", args=[workshop.pk])
    rows = {
        **_session_rows(workshop.start_date),
        "sessions-INITIAL_FORMS": "1",
        "sessions-0-id": str(session.pk),
        "sessions-0-workshop": str(workshop.pk),
        "sessions-0-DELETE": "on",
    }

    response = admin_client.post(url, _workshop_form(workshop, **rows))

    assert response.status_code == 302
    assert Session.objects.filter(workshop=workshop).count() == 0
