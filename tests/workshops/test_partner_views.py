import pytest

from tests.factories import (
    NationalActivityFactory,
    PartnerFactory,
    WorkshopFactory,
    WorkshopPartnerFactory,
)
from workshops.models import Workshop, WorkshopPartner

pytestmark = pytest.mark.django_db


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


def test_partner_list_queries_do_not_grow_with_rows(client, office, assert_queries_do_not_grow):
    response = assert_queries_do_not_grow(
        lambda: client.get("/partners/"),
        add_row=lambda: WorkshopPartnerFactory(workshop=WorkshopFactory(office=office)),
    )

    assert response.status_code == 200


def test_workshop_page_links_partner_names_to_partner_pages(client, workshop):
    role = WorkshopPartnerFactory(workshop=workshop)

    response = client.get(workshop.get_absolute_url())

    assert f'href="/partners/{role.partner.slug}/"' in response.text


def test_country_list_names_countries_with_workshops_or_national_work(client, office):
    WorkshopFactory(office=office, country="VU")
    NationalActivityFactory(country="BN")
    WorkshopFactory(office=office, country="FJ", status=Workshop.Status.DRAFT)

    response = client.get("/countries/")

    assert response.context["countries"] == [("BN", "Brunei"), ("VU", "Vanuatu")]
