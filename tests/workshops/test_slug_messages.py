"""A taken web address gets one message, so it never tells an office that another office's
draft exists."""

import pytest
from django.urls import reverse

from tests.factories import RegionalOfficeFactory, WorkshopFactory
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

CREATE_FORM = {
    "title_en": "COP Workshop in Suva",
    "format": "in_person",
    "country": "FJ",
    "city_en": "Suva",
    "time_zone": "Pacific/Fiji",
    "start_date": "2031-03-10",
    "end_date": "2031-03-11",
    "min_attendance_percent": "80",
    "certificate_language": "en",
}


@pytest.fixture
def taken_slugs(office):
    other = RegionalOfficeFactory(slug="cairo", name="Cairo")
    WorkshopFactory(office=other, slug="cairo-secret-draft", status=Workshop.Status.DRAFT)
    WorkshopFactory(office=other, slug="cairo-public", status=Workshop.Status.PUBLISHED)
    WorkshopFactory(office=office, slug="own-draft", status=Workshop.Status.DRAFT)
    return ["cairo-secret-draft", "cairo-public", "own-draft", "new"]


def test_workshop_create_taken_slug_message_is_the_same_for_every_owner(staff_client, taken_slugs):
    errors = []
    for slug in taken_slugs:
        response = staff_client.post(
            reverse("staff:workshop_create"), {**CREATE_FORM, "slug": slug}
        )
        assert response.status_code == 400
        errors.append(response.context["form"].errors["slug"])

    assert errors == [["This address is taken; choose another."]] * 4
    assert Workshop.objects.count() == 3


def test_workshop_duplicate_taken_slug_message_is_the_same_for_every_owner(
    staff_client, office, taken_slugs
):
    source = WorkshopFactory(office=office, slug="source")
    errors = []
    for slug in taken_slugs:
        response = staff_client.post(
            reverse("staff:workshop_duplicate", args=[source.slug]),
            {"title": "Again", "slug": slug, "start_date": "2031-05-01"},
        )
        assert response.status_code == 400
        errors.append(response.context["form"].errors["slug"])

    assert errors == [["This address is taken; choose another."]] * 4
    assert Workshop.objects.count() == 4
