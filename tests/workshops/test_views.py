import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from offices.models import Region
from tests.factories import SessionFactory, WorkshopFactory, WorkshopPartnerFactory
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


def test_home_lists_upcoming_published_workshops_only(client, office):
    upcoming = WorkshopFactory(office=office, title="Safer Online Learning")
    WorkshopFactory(office=office, title="A draft", status=Workshop.Status.DRAFT)
    WorkshopFactory(
        office=office,
        title="Long past",
        start_date=dt.date(2014, 9, 22),
        end_date=dt.date(2014, 9, 24),
        status=Workshop.Status.COMPLETED,
    )

    response = client.get("/")

    assert response.status_code == 200
    assert [w.title for w in response.context["workshops"]] == [upcoming.title]
    assert "A draft" not in response.text


def test_workshop_list_hides_drafts(client, office):
    WorkshopFactory(office=office, title="Visible")
    WorkshopFactory(office=office, title="Hidden draft", status=Workshop.Status.DRAFT)

    response = client.get(reverse("workshops:list"))

    assert [w.title for w in response.context["workshops"]] == ["Visible"]


def test_workshop_detail_of_a_draft_is_not_found(client, office):
    draft = WorkshopFactory(office=office, status=Workshop.Status.DRAFT)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 404


def test_workshop_detail_of_unknown_slug_is_not_found(client):
    assert client.get("/workshops/no-such-workshop/").status_code == 404


def test_workshop_list_filters_by_region(client, office):
    WorkshopFactory(office=office, title="In Asia-Pacific")
    cairo = office.__class__.objects.create(
        name="Cairo",
        slug="cairo",
        region=Region.objects.get(slug="arab-states"),
        city="Cairo",
        country="EG",
        time_zone="Africa/Cairo",
    )
    WorkshopFactory(office=cairo, title="In the Arab States", country="EG", city="Cairo")

    response = client.get("/workshops/?region=arab-states")

    assert [w.title for w in response.context["workshops"]] == ["In the Arab States"]


def test_workshop_list_filters_by_country_in_any_letter_case(client, office):
    WorkshopFactory(office=office, title="Vanuatu", country="VU")
    WorkshopFactory(office=office, title="Thailand", country="TH", city="Bangkok")

    upper = client.get("/workshops/?country=VU")
    lower = client.get("/workshops/?country=vu")

    assert [w.title for w in upper.context["workshops"]] == ["Vanuatu"]
    assert [w.title for w in lower.context["workshops"]] == ["Vanuatu"]


def test_workshop_list_filters_by_year(client, office):
    WorkshopFactory(
        office=office,
        title="2014",
        start_date=dt.date(2014, 9, 22),
        end_date=dt.date(2014, 9, 24),
    )
    WorkshopFactory(office=office, title="Next month")

    response = client.get("/workshops/?year=2014")

    assert [w.title for w in response.context["workshops"]] == ["2014"]


def test_workshop_list_reports_an_unknown_region_and_ignores_it(client, office):
    WorkshopFactory(office=office, title="Still listed")

    response = client.get("/workshops/?region=atlantis")

    assert response.status_code == 200
    assert "There is no region with that name." in response.text
    assert [w.title for w in response.context["workshops"]] == ["Still listed"]


def test_workshop_list_reports_an_unknown_country(client, office):
    response = client.get("/workshops/?country=XX")

    assert response.status_code == 200
    assert "There is no country with that code." in response.text


def test_workshop_list_is_paginated(client, office):
    WorkshopFactory.create_batch(25, office=office)

    first = client.get("/workshops/")
    second = client.get("/workshops/?page=2")

    assert len(first.context["workshops"]) == 20
    assert len(second.context["workshops"]) == 5
    assert "Page 1 of 2" in first.text


def test_workshop_detail_shows_dates_agenda_and_partners_in_local_time(client, office):
    efate = zoneinfo.ZoneInfo("Pacific/Efate")
    workshop = WorkshopFactory(
        office=office,
        title="Capacity Building COP Workshop",
        start_date=dt.date(2014, 9, 22),
        end_date=dt.date(2014, 9, 24),
        status=Workshop.Status.COMPLETED,
    )
    SessionFactory(
        workshop=workshop,
        title="Opening",
        starts_at=dt.datetime(2014, 9, 22, 9, 0, tzinfo=efate),
        ends_at=dt.datetime(2014, 9, 22, 12, 30, tzinfo=efate),
    )
    WorkshopPartnerFactory(
        workshop=workshop, partner__name="Commonwealth Telecommunications Organisation"
    )

    response = client.get(workshop.get_absolute_url())

    assert response.status_code == 200
    assert "22–24 September 2014" in response.text
    assert "Mon 22 Sep, 09:00" in response.text  # 09:00 in Port Vila, not 22:00 UTC the day before
    assert "UTC+11:00" in response.text
    assert "Commonwealth Telecommunications Organisation" in response.text


def test_workshop_detail_escapes_html_in_titles(client, office):
    workshop = WorkshopFactory(office=office, title="<script>alert(1)</script>")

    response = client.get(workshop.get_absolute_url())

    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


@pytest.mark.parametrize("url", ["/", "/workshops/"])
def test_list_pages_query_count_does_not_grow_with_rows(
    client, office, url, assert_queries_do_not_grow
):
    def add_row():
        workshop = WorkshopFactory(office=office)
        SessionFactory(workshop=workshop)
        WorkshopPartnerFactory(workshop=workshop)

    response = assert_queries_do_not_grow(lambda: client.get(url), add_row=add_row)

    assert response.status_code == 200


def test_workshop_detail_query_count_does_not_grow_with_rows(
    client, office, assert_queries_do_not_grow
):
    workshop = WorkshopFactory(office=office)

    def add_row():
        SessionFactory(workshop=workshop)
        WorkshopPartnerFactory(workshop=workshop)

    response = assert_queries_do_not_grow(
        lambda: client.get(workshop.get_absolute_url()), add_row=add_row
    )

    assert response.status_code == 200


def test_workshop_list_offers_only_countries_and_years_that_have_workshops(client, office):
    WorkshopFactory(
        office=office, country="VU", start_date=dt.date(2014, 9, 22), end_date=dt.date(2014, 9, 24)
    )
    WorkshopFactory(office=office, country="FJ", status=Workshop.Status.DRAFT)

    response = client.get("/workshops/")

    form = response.context["form"]
    assert [code for code, _ in form.fields["country"].widget.choices] == ["", "VU"]
    assert [year for year, _ in form.fields["year"].widget.choices] == ["", 2014]


def test_workshop_list_accepts_a_valid_country_without_workshops(client, office):
    response = client.get("/workshops/?country=fr")

    assert response.status_code == 200
    assert response.context["form"].errors == {}
    assert list(response.context["workshops"]) == []
