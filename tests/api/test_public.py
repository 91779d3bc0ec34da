import datetime as dt

import pytest
from django.test import Client

from certificates.services import certificate_issue, certificate_revoke
from offices.models import Region
from tests.factories import (
    OutcomeDocumentFactory,
    OutcomeDocumentFileFactory,
    RegionalOfficeFactory,
    SessionFactory,
    WorkshopFactory,
    WorkshopPartnerFactory,
)
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["items"]]


def test_workshops_lists_public_workshops_newest_first_never_drafts(client):
    older = WorkshopFactory(slug="older", start_date=dt.date(2024, 3, 1))
    newer = WorkshopFactory(slug="newer", start_date=dt.date(2025, 3, 1))
    WorkshopFactory(slug="draft", status=Workshop.Status.DRAFT)

    response = client.get("/api/v1/workshops")

    assert response.status_code == 200
    assert slugs(response) == [newer.slug, older.slug]
    assert response.json()["next_cursor"] is None


def test_workshops_filters_by_region_country_and_year_like_the_list_page(client):
    cairo = RegionalOfficeFactory(
        slug="cairo", region=Region.objects.get(slug="arab-states"), country="EG"
    )
    WorkshopFactory(slug="vanuatu-2024", start_date=dt.date(2024, 5, 1), country="VU")
    WorkshopFactory(slug="egypt-2025", office=cairo, start_date=dt.date(2025, 5, 1), country="EG")
    WorkshopFactory(slug="egypt-2024", office=cairo, start_date=dt.date(2024, 6, 1), country="EG")

    assert slugs(client.get("/api/v1/workshops", {"region": "arab-states"})) == [
        "egypt-2025",
        "egypt-2024",
    ]
    assert slugs(client.get("/api/v1/workshops", {"country": "vu"})) == ["vanuatu-2024"]
    assert slugs(client.get("/api/v1/workshops", {"year": 2024})) == ["egypt-2024", "vanuatu-2024"]


def test_workshops_cursor_walks_every_workshop_once(client):
    for day in range(1, 6):
        WorkshopFactory(slug=f"w{day}", title=f"w{day}", start_date=dt.date(2025, 1, day))
    WorkshopFactory(slug="w3-same-day", title="w3-same-day", start_date=dt.date(2025, 1, 3))

    seen, cursor = [], None
    for _page in range(10):
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/v1/workshops", params).json()
        seen += [item["slug"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break

    assert seen == ["w5", "w4", "w3", "w3-same-day", "w2", "w1"]


@pytest.mark.parametrize("cursor", ["not-base64!", "e30", "WyJ4IiwgInkiLCAieiJd", "W251bGxd"])
def test_workshops_with_a_cursor_it_never_gave_answers_400_problem(client, cursor):
    WorkshopFactory()

    response = client.get("/api/v1/workshops", {"cursor": cursor})

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response.json()["type"] == "/api/v1/problems/malformed-request"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"country": "Vanuatu"}, "country"),
        ({"year": "last"}, "year"),
        ({"region": "mars"}, "region"),
        ({"limit": 0}, "limit"),
        ({"lang": "de"}, "lang"),
    ],
)
def test_workshops_with_a_bad_filter_answers_422_naming_the_field(client, params, field):
    response = client.get("/api/v1/workshops", params)

    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["type"] == "/api/v1/problems/validation"
    assert [error["loc"] for error in body["errors"]] == [["query", field]]


def test_workshops_labels_follow_lang_and_say_so_in_content_language(client):
    WorkshopFactory(country="VU")

    french = client.get("/api/v1/workshops", {"lang": "fr"})
    english = client.get("/api/v1/workshops", {"lang": "en"})
    browser_arabic = client.get("/api/v1/workshops", HTTP_ACCEPT_LANGUAGE="ar")

    assert french["Content-Language"] == "fr"
    assert french.json()["items"][0]["status"] == {"code": "published", "name": "publié"}
    assert english.json()["items"][0]["status"]["name"] == "published"
    assert english.json()["items"][0]["country"] == {"code": "VU", "name": "Vanuatu"}
    assert browser_arabic["Content-Language"] == "ar"


def test_workshops_answers_304_for_a_matching_etag_and_200_after_a_change(client):
    workshop = WorkshopFactory(title="Before")
    first = client.get("/api/v1/workshops")

    again = client.get("/api/v1/workshops", HTTP_IF_NONE_MATCH=first["ETag"])
    other_language = client.get(
        "/api/v1/workshops", {"lang": "fr"}, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    workshop.title_en = "After"  # the English text (the last request left French active)
    workshop.save()
    changed = client.get("/api/v1/workshops", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert (again.status_code, again.content) == (304, b"")
    assert again["ETag"] == first["ETag"]
    assert other_language.status_code == 200
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_workshops_list_queries_do_not_grow_with_rows(client, assert_queries_do_not_grow):
    def add_row():
        WorkshopPartnerFactory(workshop=WorkshopFactory())

    assert_queries_do_not_grow(lambda: client.get("/api/v1/workshops"), add_row=add_row)


def test_workshop_detail_has_sessions_partners_and_documents_with_download_urls(client):
    workshop = WorkshopFactory(slug="port-vila")
    SessionFactory(workshop=workshop, title="Opening")
    WorkshopPartnerFactory(workshop=workshop, partner__name="Telecom Vanuatu")
    document = OutcomeDocumentFactory(workshop=workshop, title="Guidelines")
    OutcomeDocumentFileFactory(document=document, language="en")
    OutcomeDocumentFileFactory(document=document, language="fr")
    OutcomeDocumentFactory(workshop=workshop, title="Not yet", is_published=False)

    body = client.get("/api/v1/workshops/port-vila").json()

    assert [session["title"] for session in body["sessions"]] == ["Opening"]
    assert [partner["name"] for partner in body["partners"]] == ["Telecom Vanuatu"]
    assert [item["title"] for item in body["documents"]] == ["Guidelines"]
    files = body["documents"][0]["files"]
    assert [item["language"]["code"] for item in files] == ["en", "fr"]
    download = client.get(files[1]["download_url"].removeprefix("http://testserver"))
    download.close()
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"


def test_workshop_detail_of_a_draft_or_unknown_slug_is_a_not_found_problem(client):
    WorkshopFactory(slug="draft", status=Workshop.Status.DRAFT)

    for slug in ["draft", "nothing-here"]:
        response = client.get(f"/api/v1/workshops/{slug}")
        assert response.status_code == 404
        assert response["Content-Type"] == PROBLEM
        assert response.json()["type"] == "/api/v1/problems/not-found"


def test_documents_lists_published_documents_with_their_language_versions(client):
    with_french = OutcomeDocumentFactory(title="Both", year=2020)
    OutcomeDocumentFileFactory(document=with_french, language="en")
    OutcomeDocumentFileFactory(document=with_french, language="fr")
    english_only = OutcomeDocumentFactory(title="English", year=2019)
    OutcomeDocumentFileFactory(document=english_only, language="en")
    OutcomeDocumentFactory(title="No file")

    everything = client.get("/api/v1/documents").json()["items"]
    french = client.get("/api/v1/documents", {"language": "fr"}).json()["items"]

    assert [
        (item["title"], [f["language"]["code"] for f in item["files"]]) for item in everything
    ] == [
        ("Both", ["en", "fr"]),
        ("English", ["en"]),
    ]
    assert [item["title"] for item in french] == ["Both"]


def test_partners_and_countries_list_what_the_public_pages_list(client):
    WorkshopPartnerFactory(
        workshop=WorkshopFactory(slug="vanuatu", country="VU"), partner__name="Alpha"
    )
    WorkshopPartnerFactory(
        workshop=WorkshopFactory(slug="hidden", status=Workshop.Status.DRAFT, country="FJ"),
        partner__name="Beta",
    )

    partners = client.get("/api/v1/partners").json()["items"]
    countries = client.get("/api/v1/countries", {"lang": "fr"}).json()["items"]

    assert [(p["name"], [w["workshop"] for w in p["workshops"]]) for p in partners] == [
        ("Alpha", ["vanuatu"]),
        ("Beta", []),
    ]
    assert countries == [{"code": "VU", "name": "Vanuatu"}]
    slug = partners[0]["slug"]
    assert client.get(f"/api/v1/partners/{slug}").json()["name"] == "Alpha"
    assert client.get("/api/v1/partners/nobody").status_code == 404


# Verification ---------------------------------------------------------------------------------


@pytest.fixture
def certificate(make_attendee, staff_user):
    registration = make_attendee(full_name="Ana Lima")
    return certificate_issue(registration=registration, by=staff_user).certificate


def test_verify_one_code_typed_loosely_answers_the_certificate(client, certificate):
    loose = f"{certificate.code[:4].lower()}-{certificate.code[4:]}"

    body = client.get(f"/api/v1/verify/{loose}").json()

    assert (body["code"], body["status"], body["holder_name"]) == (
        certificate.code,
        "valid",
        "Ana Lima",
    )


def test_verify_revoked_shows_the_category_never_the_staff_note(client, certificate, staff_user):
    certificate_revoke(
        certificate=certificate,
        category="attendance_corrected",
        reason="His manager phoned",
        by=staff_user,
    )

    response = client.get(f"/api/v1/verify/{certificate.code}")

    assert (response.json()["status"], response.json()["revoked_category"]) == (
        "revoked",
        "attendance_corrected",
    )
    assert "phoned" not in response.content.decode()


def test_verify_unknown_code_is_a_not_found_problem(client):
    response = client.get("/api/v1/verify/ABCDEFGHJKMN")

    assert response.status_code == 404
    assert response.json()["type"] == "/api/v1/problems/not-found"


def test_verify_many_answers_each_code_in_order_without_a_csrf_token(certificate):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/api/v1/verify",
        {"codes": ["ABCDEFGHJKMN", certificate.code.lower()]},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert [(item["code"], item["status"]) for item in response.json()["items"]] == [
        ("ABCDEFGHJKMN", "unknown"),
        (certificate.code, "valid"),
    ]


@pytest.mark.parametrize(
    ("payload", "loc"),
    [
        ({"codes": ["A"] * 101}, ["body", "payload", "codes"]),
        ({"codes": []}, ["body", "payload", "codes"]),
        ({"codes": "ABCDEFGHJKMN"}, ["body", "payload", "codes"]),
        ({"codes": [1]}, ["body", "payload", "codes", "0"]),
        ({"codes": ["A"], "extra": 1}, ["body", "payload", "extra"]),
    ],
)
def test_verify_many_with_a_bad_body_answers_422_naming_the_field(client, payload, loc):
    response = client.post("/api/v1/verify", payload, content_type="application/json")

    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    assert [error["loc"] for error in response.json()["errors"]] == [loc]


def test_verify_many_with_malformed_json_answers_400_problem(client):
    response = client.post("/api/v1/verify", "{codes: [", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["type"] == "/api/v1/problems/malformed-request"


def test_verify_shares_the_public_pages_rate_limit_and_answers_429_with_retry_after(
    client, settings
):
    settings.RATELIMIT_VERIFY = "2/m"
    client.get("/verify/ABCDEFGHJKMN/")
    client.get("/api/v1/verify/ABCDEFGHJKMN")

    response = client.get("/api/v1/verify/ABCDEFGHJKMN")

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response.json()["type"] == "/api/v1/problems/rate-limited"


def test_unknown_api_address_and_wrong_method_answer_problems(client):
    unknown = client.get("/api/v2/workshops")
    wrong_method = client.delete("/api/v1/workshops")

    assert (unknown.status_code, unknown["Content-Type"]) == (404, PROBLEM)
    assert wrong_method.status_code == 405


@pytest.mark.parametrize(
    "cursor",
    [
        "WyIyMDI1LTAxLTAxIiwgIngiLCAxMDAwMDAwMDAwMDAwMDAwMDAwMDAwXQ",  # a 70-bit pk
        "WyIyMDI1LTAxLTAxIiwgIlx1MDAwMCIsIDFd",  # a NUL in the title
    ],
)
def test_workshops_cursor_a_database_would_refuse_is_a_400_problem(client, cursor):
    WorkshopFactory()

    response = client.get("/api/v1/workshops", {"cursor": cursor})

    assert response.status_code == 400


def test_a_nul_in_a_slug_or_code_is_not_found_not_a_database_error(client):
    answers = [
        client.get("/api/v1/workshops/a%00b"),
        client.get("/api/v1/partners/a%00b"),
        client.get("/api/v1/verify/ABCD%00EFGH"),
    ]
    many = client.post("/api/v1/verify", {"codes": ["AB\u0000CD"]}, content_type="application/json")

    assert [response.status_code for response in answers] == [404, 404, 404]
    assert [item["status"] for item in many.json()["items"]] == ["unknown"]
