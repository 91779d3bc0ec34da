import pytest
from django.urls import reverse

from offices.models import Region
from tests.factories import (
    MINIMAL_PDF,
    NationalActivityFactory,
    OutcomeDocumentFactory,
    OutcomeDocumentFileFactory,
    RegionalOfficeFactory,
    WorkshopFactory,
)
from workshops.models import Audience, Pillar, Workshop

pytestmark = pytest.mark.django_db

DOCUMENTS = "/documents/"


def _titles(response) -> list[str]:
    return [d.title for d in response.context["documents"]]


def _document(title: str, *, languages=("en",), **kwargs):
    document = OutcomeDocumentFactory(title=title, **kwargs)
    for language in languages:
        OutcomeDocumentFileFactory(document=document, language=language)
    return document


def _download(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()
    return response, body


def test_document_list_shows_published_documents_with_all_their_languages(client, workshop):
    _document("Vanuatu guidelines", workshop=workshop, languages=("en", "fr"))
    _document("Unpublished", workshop=workshop, is_published=False)
    OutcomeDocumentFactory(title="No file yet", workshop=workshop)
    draft = WorkshopFactory(office=workshop.office, status=Workshop.Status.DRAFT)
    _document("Of a draft workshop", workshop=draft)

    response = client.get(DOCUMENTS)

    assert _titles(response) == ["Vanuatu guidelines"]
    document = response.context["documents"][0]
    assert [f.language for f in document.files.all()] == ["en", "fr"]
    assert f"/documents/{document.pk}/fr/" in response.text


def test_document_list_filters_by_language(client, workshop):
    _document("English only", workshop=workshop, languages=("en",))
    _document("English and Arabic", workshop=workshop, languages=("en", "ar"))

    response = client.get(DOCUMENTS, {"language": "ar"})

    assert _titles(response) == ["English and Arabic"]


def test_document_list_filters_by_kind_and_year(client, workshop):
    _document("Guidelines 2014", workshop=workshop, kind="guidelines", year=2014)
    _document("Report 2014", workshop=workshop, kind="report", year=2014)
    _document("Report 2015", workshop=workshop, kind="report", year=2015)

    response = client.get(DOCUMENTS, {"kind": "report", "year": "2015"})

    assert _titles(response) == ["Report 2015"]


def test_document_list_filters_by_country_of_the_document_or_its_workshop(client, workshop):
    _document("Held in Vanuatu", workshop=workshop)  # workshop country VU
    _document("Brunei, no workshop", workshop=None, country="BN")
    _document("Workshop in Vanuatu, about Fiji", workshop=workshop, country="FJ")

    vanuatu = client.get(DOCUMENTS, {"country": "vu"})
    brunei = client.get(DOCUMENTS, {"country": "BN"})

    assert _titles(vanuatu) == ["Held in Vanuatu"]
    assert _titles(brunei) == ["Brunei, no workshop"]


def test_document_list_country_menu_offers_only_countries_with_documents(client, workshop):
    _document("Held in Vanuatu", workshop=workshop)  # workshop country VU
    _document("Brunei, no workshop", workshop=None, country="BN")
    _document("Unpublished Fiji", workshop=None, country="FJ", is_published=False)

    response = client.get(DOCUMENTS)

    menu = response.context["form"].fields["country"].widget.choices
    assert [code for code, _ in menu] == ["", "BN", "VU"]


def test_document_list_country_filter_takes_any_iso_code_and_reports_an_unknown_one(client):
    _document("Brunei, no workshop", workshop=None, country="BN")

    fiji = client.get(DOCUMENTS, {"country": "FJ"})
    unknown = client.get(DOCUMENTS, {"country": "XX"})

    assert _titles(fiji) == []
    assert unknown.context["form"].errors == {"country": ["There is no country with that code."]}
    assert _titles(unknown) == ["Brunei, no workshop"]


def test_document_list_filters_by_region_of_the_workshop_or_national_work(client, workshop):
    cairo = RegionalOfficeFactory(
        slug="cairo", region=Region.objects.get(slug="arab-states"), country="EG"
    )
    _document("Asia-Pacific workshop", workshop=workshop)
    _document("Arab States workshop", workshop=WorkshopFactory(office=cairo, country="EG"))
    national = _document("Omani strategy", workshop=None, country="OM", kind="national-strategy")
    NationalActivityFactory(country="OM", office=cairo).documents.add(national)

    response = client.get(DOCUMENTS, {"region": "arab-states"})

    assert _titles(response) == ["Arab States workshop", "Omani strategy"]


def test_document_list_filters_by_pillar_and_audience(client, office):
    legal = WorkshopFactory(office=office)
    legal.pillars.add(Pillar.objects.get(code="legal"))
    legal.audiences.add(Audience.objects.get(code="children"))
    other = WorkshopFactory(office=office)
    other.pillars.add(Pillar.objects.get(code="capacity"))
    _document("Legal, for children", workshop=legal)
    _document("Capacity building", workshop=other)

    by_pillar = client.get(DOCUMENTS, {"pillar": "legal"})
    by_audience = client.get(DOCUMENTS, {"audience": "children"})

    assert _titles(by_pillar) == ["Legal, for children"]
    assert _titles(by_audience) == ["Legal, for children"]


def test_document_list_searches_titles_descriptions_and_workshops(client, office):
    port_vila = WorkshopFactory(office=office, title="Capacity building in Port Vila")
    _document("Guidelines", workshop=port_vila, description="")
    _document("Strategy", workshop=WorkshopFactory(office=office), description="About hotlines")
    _document("Unrelated", workshop=WorkshopFactory(office=office))

    by_workshop = client.get(DOCUMENTS, {"q": "capacity BUILDING"})
    by_description = client.get(DOCUMENTS, {"q": "HOTLINE"})

    assert _titles(by_workshop) == ["Guidelines"]
    assert _titles(by_description) == ["Strategy"]


def test_document_list_reports_filters_it_does_not_understand(client, workshop):
    _document("Guidelines", workshop=workshop)

    response = client.get(DOCUMENTS, {"language": "de", "kind": "poem", "country": "XX"})

    assert response.status_code == 200
    assert _titles(response) == ["Guidelines"]
    assert set(response.context["form"].errors) == {"language", "kind", "country"}
    assert "Choose one of the six UN languages." in response.text


def test_document_list_queries_do_not_grow_with_rows(client, office, assert_queries_do_not_grow):
    titles = iter(["One", "Two", "Three"])

    def add_row():
        _document(next(titles), workshop=WorkshopFactory(office=office), languages=("en", "ar"))

    response = assert_queries_do_not_grow(lambda: client.get(DOCUMENTS), add_row=add_row)

    assert sorted(_titles(response)) == ["One", "Three", "Two"]


def test_document_download_serves_the_file_as_an_attachment(client, workshop):
    document_file = OutcomeDocumentFileFactory(
        document__workshop=workshop, language="fr", original_filename="Lignes_directrices.pdf"
    )
    url = reverse(
        "workshops:document_download",
        kwargs={"document_id": document_file.document_id, "language": "fr"},
    )

    response, body = _download(client, url)

    assert response.status_code == 200
    assert body == MINIMAL_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Lignes_directrices.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_document_download_encodes_a_non_latin_file_name(client, workshop):
    document_file = OutcomeDocumentFileFactory(
        document__workshop=workshop, language="ar", original_filename="تقرير.pdf"
    )

    response, _ = _download(client, f"/documents/{document_file.document_id}/ar/")

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%D8%AA%D9%82%D8%B1%D9%8A%D8%B1.pdf"
    )


@pytest.mark.parametrize(
    "case", ["unpublished", "draft workshop", "other language", "unknown language"]
)
def test_document_download_of_a_non_public_file_is_not_found(client, workshop, case):
    document_file = OutcomeDocumentFileFactory(document__workshop=workshop, language="en")
    language = "en"
    if case == "unpublished":
        document_file.document.is_published = False
        document_file.document.save()
    elif case == "draft workshop":
        workshop.status = Workshop.Status.DRAFT
        workshop.save()
    elif case == "other language":
        language = "ru"
    else:
        language = "xx"

    response, _ = _download(client, f"/documents/{document_file.document_id}/{language}/")

    assert response.status_code == 404


def test_workshop_page_links_documents_to_their_downloads(client, workshop):
    document_file = OutcomeDocumentFileFactory(document__workshop=workshop, language="fr")
    OutcomeDocumentFileFactory(
        document__workshop=workshop, document__title="Hidden", document__is_published=False
    )

    response = client.get(workshop.get_absolute_url())

    assert f'href="/documents/{document_file.document_id}/fr/"' in response.text
    assert "Hidden" not in response.text
