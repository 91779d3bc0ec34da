"""Whole anonymous pages from the cache (core/page_cache.py): kept and served again with an ETag
(304), never for a visitor with a session or for a page that holds a form's token, and never
stale: every kind of change a public page shows is seen on the very next request.

These tests commit for real (transaction=True): the revision moves after the commit."""

import datetime as dt
import gzip
import io
import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from certificates.models import Certificate, RevokedCategory
from certificates.services import certificate_revoke
from core import page_cache
from core.models import ContentRevision
from core.page_cache import content_changed, content_revision, public_page
from participants.models import Registration
from privacy.services import participant_anonymise
from tests.factories import (
    OutcomeDocumentFactory,
    OutcomeDocumentFileFactory,
    PartnerFactory,
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
    WorkshopPartnerFactory,
)
from workshops.services import (
    document_set_published,
    session_update,
    workshop_update,
)
from workshops.translation_workbook import translations_import, translations_workbook

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    page_cache.process_pages.clear()
    yield
    cache.clear()
    page_cache.process_pages.clear()


def _page(client, url: str, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_kept_page_costs_one_query_and_answers_304_to_its_etag(
    client, workshop, django_assert_num_queries
):
    url = reverse("workshops:detail", args=[workshop.slug])
    first = client.get(url)

    with django_assert_num_queries(1):  # the revision
        again = client.get(url)
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]
    assert not_modified.status_code == 304
    assert not again.cookies


def test_each_language_and_query_has_its_own_page(client, workshop):
    english = _page(client, reverse("workshops:list"))
    french = _page(client, "/fr/workshops/")
    by_header = _page(client, reverse("workshops:list"), HTTP_ACCEPT_LANGUAGE="es")

    assert 'lang="en"' in english
    assert 'lang="fr"' in french
    assert 'lang="es"' in by_header


def test_signed_in_staff_never_get_the_anonymous_page_nor_leave_theirs(
    client, staff_client_for, workshop, django_assert_max_num_queries
):
    url = reverse("workshops:detail", args=[workshop.slug])
    staff = staff_client_for()
    staff_page = _page(staff, url)
    staff.logout()

    anonymous = client.get(url)
    staff_client_for()
    with django_assert_max_num_queries(50) as context:
        staff.get(url)

    assert "/staff/" in staff_page
    assert "/staff/workshops/" not in anonymous.content.decode()
    assert len(context.captured_queries) > 1  # rendered for them, not taken from the cache


def test_a_page_that_holds_a_form_token_is_not_kept():
    calls = []

    @public_page
    def with_a_form(request):
        calls.append(1)
        return HttpResponse(get_token(request))

    factory = RequestFactory()
    first = with_a_form(factory.get("/form/"))
    with_a_form(factory.get("/form/"))

    assert len(calls) == 2  # built twice: never served from the cache
    assert "ETag" not in first


def test_a_page_answered_with_an_error_is_not_kept(client, workshop):
    missing = reverse("workshops:detail", args=["not-yet"])
    assert client.get(missing).status_code == 404

    WorkshopFactory(slug="not-yet", title="Now it exists")

    assert "Now it exists" in _page(client, missing)


def test_revision_moves_once_per_transaction_and_not_on_rollback(office):
    before = content_revision()
    with transaction.atomic():
        for _ in range(3):
            WorkshopFactory(office=office)
    after_commit = content_revision()

    with transaction.atomic():
        WorkshopFactory(office=office)
        transaction.set_rollback(True)

    assert after_commit == before + 1
    assert content_revision() == after_commit


def test_the_revision_row_is_made_again_if_it_is_gone():
    ContentRevision.objects.all().delete()

    content_changed()

    assert content_revision() == 1


# Every kind of change a public page shows, seen on the next request.


def test_a_workshop_edit_is_seen_on_its_page_the_list_and_the_home_page(client, workshop):
    pages = [
        reverse("workshops:detail", args=[workshop.slug]),
        reverse("workshops:list"),
        reverse("workshops:home"),
    ]
    for url in pages:
        assert workshop.title in _page(client, url)

    workshop_update(workshop=workshop, fields={"title": "Safer Internet Day, renamed"})

    for url in pages:
        assert "Safer Internet Day, renamed" in _page(client, url), url


def test_a_moved_session_is_seen_on_the_workshop_page_and_its_feed(client, workshop):
    session = SessionFactory(workshop=workshop, title="Opening")
    page = reverse("workshops:detail", args=[workshop.slug])
    feed = reverse("workshops:workshop_calendar", args=[workshop.slug])
    _page(client, page)
    old_feed = _page(client, feed)

    later = session.starts_at + dt.timedelta(hours=5)
    session_update(
        session=session, fields={"starts_at": later, "ends_at": later + dt.timedelta(hours=1)}
    )

    new_page = _page(client, page)
    assert timezone.localtime(later, workshop.zone).strftime("%H:%M") in new_page
    assert _page(client, feed) != old_feed


def test_a_published_document_is_seen_on_the_documents_page(client, workshop):
    document = OutcomeDocumentFactory(
        workshop=workshop, title="Port Vila Declaration", is_published=False
    )
    OutcomeDocumentFileFactory(document=document)
    assert "Port Vila Declaration" not in _page(client, reverse("workshops:documents"))

    document_set_published(document=document, is_published=True)

    assert "Port Vila Declaration" in _page(client, reverse("workshops:documents"))


def test_a_partner_added_to_a_workshop_is_seen_on_the_partners_page(client, workshop):
    partner = PartnerFactory(name="Pacific Telecom Trust")
    partners = reverse("workshops:partners")
    before = _page(client, partners)

    WorkshopPartnerFactory(workshop=workshop, partner=partner)

    assert before != _page(client, partners)


def test_a_registration_is_seen_on_the_page_of_the_participants_country(client, office):
    begun = WorkshopFactory(
        office=office,
        title="Suva workshop",
        start_date=timezone.now().date() - dt.timedelta(days=3),
    )
    page = reverse("overview:country", args=["FJ"])
    assert "Suva workshop" not in _page(client, page)

    RegistrationFactory(
        workshop=begun, status=Registration.Status.CONFIRMED, participant__country="FJ"
    )

    assert "Suva workshop" in _page(client, page)


def test_an_imported_translation_is_seen_on_the_page_in_that_language(client, workshop):
    page = f"/fr/workshops/{workshop.slug}/"
    assert "Atelier de Port-Vila" not in _page(client, page)
    book = load_workbook(io.BytesIO(translations_workbook(workshop)))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[1].value == "workshop" and row[2].value == "title":
            row[header.index("fr")].value = "Atelier de Port-Vila"
    content = io.BytesIO()
    book.save(content)

    translations_import(workshop=workshop, content=content.getvalue())

    assert "Atelier de Port-Vila" in _page(client, page)


def _certificate(workshop, name: str = "Ana Lima") -> Certificate:
    registration = RegistrationFactory(
        workshop=workshop, status=Registration.Status.CONFIRMED, participant__full_name=name
    )
    return Certificate.objects.create(registration=registration, holder_name=name)


def test_a_revoked_certificate_is_seen_revoked_on_its_verification_page(client, workshop):
    certificate = _certificate(workshop)
    page = reverse("certificates:verify", args=[certificate.code])
    assert "certificate-status-revoked" not in _page(client, page)

    certificate_revoke(
        certificate=certificate, category=RevokedCategory.values[0], reason="Issued twice", by=None
    )

    revoked = client.get(page)
    assert revoked.status_code == 410
    assert "certificate-status-revoked" in revoked.content.decode()


def test_an_erased_person_leaves_the_verification_page_at_once(client, workshop):
    certificate = _certificate(workshop, name="Ana Lima")
    page = reverse("certificates:verify", args=[certificate.code])
    assert "Ana Lima" in _page(client, page)

    participant_anonymise(participant=certificate.registration.participant)

    assert "Ana Lima" not in _page(client, page)


def test_the_json_answer_of_a_verification_is_kept_apart_from_its_page(client, workshop):
    certificate = _certificate(workshop)
    page = reverse("certificates:verify", args=[certificate.code])

    html = client.get(page)
    as_json = client.get(page, HTTP_ACCEPT="application/json")

    assert html["Content-Type"].startswith("text/html")
    assert as_json["Content-Type"] == "application/json"
    assert as_json.json()["code"] == certificate.code


def test_no_public_page_gives_an_anonymous_visitor_a_cookie(client, workshop):
    certificate = _certificate(workshop)
    pages = [
        reverse("workshops:home"),
        reverse("workshops:list") + "?country=VU",
        reverse("workshops:detail", args=[workshop.slug]),
        reverse("workshops:documents") + "?q=safety",
        reverse("workshops:partners"),
        reverse("workshops:countries"),
        reverse("overview:country", args=["VU"]),
        reverse("certificates:verify_form"),
        reverse("certificates:verify", args=[certificate.code]),
        reverse("privacy:notice"),
        reverse("workshops:calendar"),
        "/fr/workshops/",
        "/ar/",
    ]
    for url in pages:
        for attempt in ("built", "kept"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert not response.cookies, (url, attempt, list(response.cookies))
            assert response.has_header("ETag"), url


def test_a_page_being_built_by_another_request_is_waited_for_not_built_again(client):
    """The first request for a cold page takes a lock and builds; one arriving meanwhile waits
    for its result (here the 'first request' is the test, which finishes after 0.2 s)."""
    calls = []

    @public_page
    def slow_page(request):
        calls.append(1)
        return HttpResponse(b"built by the waiter")

    request = RequestFactory().get("/slow/")
    key = page_cache._key(request, content_revision(), "")
    cache.add(f"{key}:building", "1", timeout=60)
    answers = []

    def second_request():
        try:
            answers.append(slow_page(request))
        finally:
            connection.close()  # this thread's own (it read the revision)

    waiter = threading.Thread(target=second_request)
    waiter.start()
    time.sleep(0.2)
    cache.set(key, {"content": b"built by the first", "etag": '"first"', "headers": []})
    cache.delete(f"{key}:building")
    waiter.join(timeout=5)

    assert [answer.content for answer in answers] == [b"built by the first"]
    assert calls == []


def test_a_page_asked_for_again_is_served_from_the_process_without_the_shared_cache(
    client, workshop, monkeypatch
):
    url = reverse("workshops:detail", args=[workshop.slug])
    first = _page(client, url)
    shared_reads = []
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: shared_reads.append(args))

    again = _page(client, url)

    assert again == first
    assert shared_reads == []


def test_a_change_is_seen_although_the_process_keeps_the_old_page(client, workshop):
    url = reverse("workshops:detail", args=[workshop.slug])
    _page(client, url)
    _page(client, url)  # now in the process's own memory too

    workshop_update(workshop=workshop, fields={"title": "Renamed after it was kept"})

    assert "Renamed after it was kept" in _page(client, url)


def test_the_process_keeps_pages_within_its_size_and_no_longer_than_the_shared_cache(
    monkeypatch,
):
    pages = page_cache.ProcessPages(max_bytes=8_000)

    def kept(size: int, expires_in: float = 60) -> dict:
        return {"content": b"x" * size, "gzip": None, "expires": time.time() + expires_in}

    pages.put("a", kept(900))
    pages.put("b", kept(900))
    pages.get("a")  # used lately: b is now the oldest
    for name in "cdefghi":
        pages.put(name, kept(900))
    pages.put("huge", kept(2_001))  # over a quarter of the room: never kept
    pages.put("old", kept(10, expires_in=-1))

    assert pages.get("a") is not None
    assert pages.get("b") is None
    assert pages.get("huge") is None
    assert pages.get("old") is None
    assert pages._bytes <= 8_000


def test_a_client_that_accepts_gzip_gets_the_kept_page_compressed(client, workshop):
    url = reverse("workshops:list")
    plain = client.get(url)
    compressed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    not_modified = client.get(
        url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=compressed["ETag"]
    )
    plain_again = client.get(url)

    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert compressed["ETag"] == f"W/{plain['ETag']}"
    assert "Accept-Encoding" in compressed["Vary"]
    assert "Accept-Encoding" in plain_again["Vary"]
    assert not plain_again.has_header("Content-Encoding")
    assert plain_again.content == plain.content
    assert not_modified.status_code == 304


def test_a_small_page_is_not_compressed():
    @public_page
    def small(request):
        return HttpResponse(b"tiny", content_type="text/plain")

    factory = RequestFactory()
    small(factory.get("/small/"))
    again = small(factory.get("/small/", HTTP_ACCEPT_ENCODING="gzip"))

    assert again.content == b"tiny"
    assert not again.has_header("Content-Encoding")


def test_the_revision_read_is_the_connections_health_check(client, workshop, monkeypatch):
    """With CONN_HEALTH_CHECKS, Django checks a kept connection with a query of its own before
    the request's first one; a kept page's first query is the revision, which checks it."""
    url = reverse("workshops:detail", args=[workshop.slug])
    _page(client, url)
    checks = []
    database = connections["default"]
    monkeypatch.setattr(type(database), "is_usable", lambda self: checks.append(1) or True)
    database.ensure_connection()
    database.health_check_enabled, database.health_check_done = True, False
    try:
        _page(client, url)
    finally:
        database.health_check_enabled = database.settings_dict["CONN_HEALTH_CHECKS"]

    assert checks == []
    assert database.health_check_done


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ends the connection from the server's side"
)
def test_a_kept_page_is_served_after_the_database_ended_the_connection(client, workshop):
    url = reverse("workshops:detail", args=[workshop.slug])
    first = _page(client, url)
    connection.ensure_connection()
    backend = connection.connection.info.backend_pid
    other = connection.copy()  # a second connection
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [backend])
    other.close()
    connection.health_check_enabled, connection.health_check_done = True, False
    try:
        again = _page(client, url)
    finally:
        connection.health_check_enabled = connection.settings_dict["CONN_HEALTH_CHECKS"]

    assert again == first
    assert connection.connection.info.backend_pid != backend
