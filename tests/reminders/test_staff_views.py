import datetime as dt

import pytest
from django.urls import reverse

from offices.models import StaffMembership
from reminders.models import MailRule
from tests.factories import RegionalOfficeFactory

pytestmark = pytest.mark.django_db


def _data(**fields) -> dict:
    data = {
        "rules-TOTAL_FORMS": "1",
        "rules-INITIAL_FORMS": "0",
        "rules-0-kind": "reminder",
        "rules-0-days": "2",
        "rules-0-hours": "0",
        "rules-0-time_of_day": "10:00",
        "rules-0-is_active": "on",
        "rules-0-subject_en": "See you soon: {workshop}",
        "rules-0-subject_fr": "À bientôt : {workshop}",
    }
    data.update(fields)
    return data


def test_staff_add_a_workshop_rule_with_translated_subject(staff_client, workshop):
    response = staff_client.post(reverse("staff:mail_rules", args=[workshop.slug]), _data())

    assert response.status_code == 302
    rule = MailRule.objects.get()
    assert (rule.workshop, rule.office, rule.time_of_day) == (workshop, None, dt.time(10))
    assert rule.subject_fr == "À bientôt : {workshop}"


def test_an_unknown_placeholder_is_refused(staff_client, workshop):
    response = staff_client.post(
        reverse("staff:mail_rules", args=[workshop.slug]),
        _data(**{"rules-0-body_en": "Hello {firstname}"}),
    )

    assert response.status_code == 400
    assert "Unknown placeholder {firstname}" in response.content.decode()
    assert not MailRule.objects.exists()


def test_a_second_rule_of_the_same_kind_is_refused_with_a_message(staff_client, workshop):
    MailRule.objects.create(workshop=workshop, kind="reminder")

    response = staff_client.post(reverse("staff:mail_rules", args=[workshop.slug]), _data())

    assert response.status_code in (302, 400)
    assert MailRule.objects.count() == 1


def test_office_defaults_are_the_office_s_own(staff_client, office):
    response = staff_client.post(reverse("staff:office_mail_rules"), _data())

    assert response.status_code == 302
    assert MailRule.objects.get().office == office


def test_another_office_workshop_rules_are_404(staff_client_for, workshop):
    client = staff_client_for(
        StaffMembership.Role.OFFICE_STAFF, RegionalOfficeFactory(slug="cairo", name="Cairo")
    )

    url = reverse("staff:mail_rules", args=[workshop.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, _data()).status_code == 404
    assert not MailRule.objects.exists()


def test_a_viewer_may_not_change_rules(viewer_client, workshop):
    response = viewer_client.post(reverse("staff:mail_rules", args=[workshop.slug]), _data())

    assert response.status_code == 403
    assert not MailRule.objects.exists()
