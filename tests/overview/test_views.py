"""The country page: workshops held there, people from there, national work; and the staff
workshop page's lists of people, a page at a time."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from overview.views import PEOPLE_PER_PAGE
from participants.models import Registration
from tests.factories import (
    NationalActivityFactory,
    OutcomeDocumentFileFactory,
    ParticipantFactory,
    RegistrationFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

PAST = {"start_date": dt.date(2014, 9, 22), "end_date": dt.date(2014, 9, 23)}


def test_country_page_shows_workshops_held_attended_and_national_work(client, office):
    held = WorkshopFactory(office=office, title="Held in Vanuatu", country="VU")
    abroad = WorkshopFactory(office=office, title="Held in Fiji", country="FJ", city="Suva", **PAST)
    for _ in range(3):
        RegistrationFactory(workshop=abroad, participant=ParticipantFactory(country="VU"))
    RegistrationFactory(
        workshop=abroad,
        participant=ParticipantFactory(country="VU"),
        status=Registration.Status.CANCELLED,
    )
    RegistrationFactory(workshop=abroad, participant=ParticipantFactory(country="FJ"))
    guidelines = OutcomeDocumentFileFactory(
        document__workshop=held, document__title="Vanuatu guidelines"
    ).document
    activity = NationalActivityFactory(country="VU", title="Guidelines on COP for Vanuatu")
    activity.documents.add(guidelines)
    NationalActivityFactory(country="BN", title="Brunei work")

    response = client.get("/countries/VU/")

    country = response.context["country"]
    assert country.name == "Vanuatu"
    assert country.workshops_held == [held]
    assert [(r.workshop, r.participants) for r in response.context["workshops_attended"]] == [
        (abroad, 3)
    ]
    assert [a.title for a in country.national_activities] == ["Guidelines on COP for Vanuatu"]
    assert [d.title for d in country.national_activities[0].public_documents] == [
        "Vanuatu guidelines"
    ]
    assert f"/documents/{guidelines.pk}/en/" in response.text
    assert "Brunei work" not in response.text


def test_country_page_of_a_country_without_records_says_so(client):
    response = client.get("/countries/IS/")

    assert response.status_code == 200
    assert "No national COP work recorded for this country." in response.text


def test_country_page_redirects_a_lower_case_code(client):
    response = client.get("/countries/vu/")

    assert response.status_code == 301
    assert response["Location"] == "/countries/VU/"


@pytest.mark.parametrize("code", ["XX", "VUT", "V", "EU", "123"])
def test_country_page_of_an_unknown_code_is_not_found(client, code):
    assert client.get(f"/countries/{code}/").status_code == 404


def test_country_page_queries_do_not_grow_with_rows(client, office, assert_queries_do_not_grow):
    def add_rows():
        workshop = WorkshopFactory(office=office, country="VU", **PAST)
        RegistrationFactory(workshop=workshop, participant=ParticipantFactory(country="VU"))
        activity = NationalActivityFactory(country="VU")
        activity.documents.add(OutcomeDocumentFileFactory(document__workshop=workshop).document)

    response = assert_queries_do_not_grow(lambda: client.get("/countries/VU/"), add_row=add_rows)

    assert response.status_code == 200


def test_country_page_shows_one_or_two_people_as_fewer_than_three(client, office):
    one = WorkshopFactory(office=office, title="One from Vanuatu", country="FJ", **PAST)
    two = WorkshopFactory(
        office=office,
        title="Two from Vanuatu",
        country="FJ",
        start_date=dt.date(2015, 9, 22),
        end_date=dt.date(2015, 9, 23),
    )
    RegistrationFactory(workshop=one, participant=ParticipantFactory(country="VU"))
    for _ in range(2):
        RegistrationFactory(workshop=two, participant=ParticipantFactory(country="VU"))

    response = client.get("/countries/VU/")

    cells = re.findall(r"<td>([^<]*)</td>\s*</tr>", response.text)
    assert cells == ["fewer than 3", "fewer than 3"]


def test_country_page_leaves_out_upcoming_workshops(client, office):
    upcoming = WorkshopFactory(office=office, title="Next month in Suva", country="FJ")
    for _ in range(3):
        RegistrationFactory(workshop=upcoming, participant=ParticipantFactory(country="VU"))

    response = client.get("/countries/VU/")

    assert response.context["workshops_attended"] == []
    assert "Next month in Suva" not in response.text


def test_staff_workshop_page_shows_people_a_page_at_a_time_with_totals_for_all(
    staff_client, office
):
    workshop = WorkshopFactory(office=office, capacity=None)
    people = [
        RegistrationFactory(workshop=workshop, status=Registration.Status.CONFIRMED)
        for _ in range(PEOPLE_PER_PAGE + 1)
    ]
    url = reverse("staff:workshop", args=[workshop.slug])

    first = staff_client.get(url)
    last_confirmed = staff_client.get(url, {"confirmed_page": 2, "certificates_page": 2})

    assert list(first.context["confirmed_page"].object_list) == people[:PEOPLE_PER_PAGE]
    assert len(first.context["certificates_page"].object_list) == PEOPLE_PER_PAGE
    assert f"{PEOPLE_PER_PAGE + 1} confirmed" in first.text
    assert first.text.count(people[-1].participant.code) == 0
    assert "?confirmed_page=2#confirmed-heading" in first.text
    assert "?certificates_page=2#certificates-heading" in first.text
    assert list(last_confirmed.context["confirmed_page"].object_list) == [people[-1]]
    assert people[-1].participant.code in last_confirmed.text
    # Each list keeps the other's page in its links.
    assert "certificates_page=2&amp;confirmed_page=1#confirmed-heading" in last_confirmed.text
