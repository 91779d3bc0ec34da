import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants.models import Registration
from tests.factories import (
    NationalActivityFactory,
    OutcomeDocumentFileFactory,
    ParticipantFactory,
    PartnerFactory,
    RegistrationFactory,
    WorkshopFactory,
    WorkshopPartnerFactory,
)
from workshops.models import Workshop, WorkshopPartner

pytestmark = pytest.mark.django_db


def _query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_partner_list_shows_every_partner_with_kind_and_public_roles(client, workshop):
    cto = PartnerFactory(name="Commonwealth Telecommunications Organisation", acronym="CTO")
    PartnerFactory(name="Internet Watch Foundation", acronym="IWF")
    WorkshopPartnerFactory(workshop=workshop, partner=cto, role=WorkshopPartner.Role.HOST)
    draft = WorkshopFactory(office=workshop.office, status=Workshop.Status.DRAFT)
    WorkshopPartnerFactory(workshop=draft, partner=cto, role=WorkshopPartner.Role.SPONSOR)

    response = client.get("/partners/")

    partners = list(response.context["partners"])
    assert [p.acronym for p in partners] == ["CTO", "IWF"]
    assert [r.workshop for r in partners[0].public_roles] == [workshop]
    assert 'href="/partners/' + cto.slug + '/"' in response.text
    assert "1 workshop role" in response.text


def test_partner_detail_lists_workshops_with_roles_and_hides_drafts(client, workshop):
    partner = PartnerFactory(name="Trend Micro", acronym="")
    WorkshopPartnerFactory(workshop=workshop, partner=partner, role=WorkshopPartner.Role.SPONSOR)
    draft = WorkshopFactory(office=workshop.office, title="Secret draft", status="draft")
    WorkshopPartnerFactory(workshop=draft, partner=partner)

    response = client.get(f"/partners/{partner.slug}/")

    assert response.status_code == 200
    assert [(r.workshop.title, r.role) for r in response.context["partner"].public_roles] == [
        (workshop.title, "sponsor")
    ]
    assert "Secret draft" not in response.text
    assert "Sponsor" in response.text


def test_partner_detail_of_unknown_slug_is_not_found(client):
    assert client.get("/partners/nobody/").status_code == 404


def test_partner_list_queries_do_not_grow_with_rows(client, office):
    def add_partner():
        WorkshopPartnerFactory(workshop=WorkshopFactory(office=office))

    add_partner()
    with_one = _query_count(client, "/partners/")
    add_partner()
    add_partner()

    assert _query_count(client, "/partners/") == with_one


def test_workshop_page_links_partner_names_to_partner_pages(client, workshop):
    role = WorkshopPartnerFactory(workshop=workshop)

    response = client.get(workshop.get_absolute_url())

    assert f'href="/partners/{role.partner.slug}/"' in response.text


def test_country_page_shows_workshops_held_attended_and_national_work(client, office):
    held = WorkshopFactory(office=office, title="Held in Vanuatu", country="VU")
    abroad = WorkshopFactory(office=office, title="Held in Fiji", country="FJ", city="Suva")
    for _ in range(2):
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
        (abroad, 2)
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


def test_country_page_queries_do_not_grow_with_rows(client, office):
    def add_rows():
        workshop = WorkshopFactory(office=office, country="VU")
        RegistrationFactory(workshop=workshop, participant=ParticipantFactory(country="VU"))
        activity = NationalActivityFactory(country="VU")
        activity.documents.add(OutcomeDocumentFileFactory(document__workshop=workshop).document)

    add_rows()
    with_one = _query_count(client, "/countries/VU/")
    add_rows()
    add_rows()

    assert _query_count(client, "/countries/VU/") == with_one


def test_country_list_names_countries_with_workshops_or_national_work(client, office):
    WorkshopFactory(office=office, country="VU")
    NationalActivityFactory(country="BN")
    WorkshopFactory(office=office, country="FJ", status=Workshop.Status.DRAFT)

    response = client.get("/countries/")

    assert response.context["countries"] == [("BN", "Brunei"), ("VU", "Vanuatu")]
