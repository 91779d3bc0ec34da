"""Content in six languages: the fallback rule, its markers on the pages, the per-language URLs
(README "Content in six languages")."""

import importlib
import re

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from core.content_languages import language_order, languages_present, localized, missing_texts
from tests.factories import (
    OutcomeDocumentFactory,
    PartnerFactory,
    SessionFactory,
    WorkshopFactory,
    WorkshopPartnerFactory,
)
from workshops.models import Session, Workshop

pytestmark = pytest.mark.django_db


def _workshop(office, **texts):
    """A workshop whose texts are given per column (title_fr=...), English left empty unless
    given."""
    workshop = WorkshopFactory(office=office, languages=texts.pop("languages", ["en"]))
    for field in ("title", "summary", "description", "city", "venue", "data_note"):
        for code in ("ar", "zh_hans", "en", "fr", "ru", "es"):
            setattr(workshop, f"{field}_{code}", texts.get(f"{field}_{code}", ""))
    workshop.save()
    return workshop


# The rule -------------------------------------------------------------------------------------


def test_language_order_is_requested_then_working_then_english_then_any():
    assert language_order("ar", ["fr", "en"]) == ["ar", "fr", "en", "zh-hans", "ru", "es"]
    assert language_order("zh-hans", ["zh"]) == ["zh-hans", "en", "ar", "fr", "ru", "es"]
    assert language_order("es", []) == ["es", "en", "ar", "zh-hans", "fr", "ru"]


def test_text_in_the_requested_language_is_shown_unmarked(office):
    workshop = _workshop(office, languages=["fr", "en"], title_fr="Atelier", title_es="Taller")

    text = localized(workshop, "title", "es")

    assert (text.text, text.language, text.differs) == ("Taller", "es", False)


def test_missing_text_falls_back_to_the_workshops_first_working_language(office):
    workshop = _workshop(
        office, languages=["fr", "en"], title_fr="Atelier de Port-Vila", title_en="Port Vila"
    )

    text = localized(workshop, "title", "ar")

    assert (text.text, text.language, text.dir, text.differs) == (
        "Atelier de Port-Vila",
        "fr",
        "ltr",
        True,
    )


def test_missing_text_falls_back_to_english_then_to_any_language(office):
    english = _workshop(office, languages=["ru"], title_en="Odessa", title_ar="")
    arabic_only = _workshop(office, languages=[], title_ar="ورشة القاهرة")

    assert localized(english, "title", "fr").language == "en"
    assert (
        localized(arabic_only, "title", "fr").language,
        localized(arabic_only, "title", "fr").dir,
    ) == (
        "ar",
        "rtl",
    )


def test_sessions_fall_back_to_their_workshops_languages(office):
    workshop = _workshop(office, languages=["ru", "en"], title_ru="Одесса")
    session = SessionFactory(workshop=workshop)
    session.title_en, session.title_ru = "Opening", "Открытие"
    session.save()
    session = Session.objects.get(pk=session.pk)  # its workshop not loaded: no query for it
    loaded = Workshop.objects.prefetch_related("sessions").get(pk=workshop.pk).sessions.all()[0]

    assert localized(loaded, "title", "ar").text == "Открытие"
    assert localized(session, "title", "ar").text == "Opening"


def test_model_attributes_follow_the_same_rule(office):
    workshop = _workshop(office, languages=["fr", "en"], title_fr="Atelier", title_en="Workshop")

    with translation.override("ar"):
        assert workshop.title == "Atelier"
    with translation.override("en"):
        assert workshop.title == "Workshop"


def test_languages_present_and_missing_counts(office):
    workshop = _workshop(
        office,
        languages=["ar", "en"],
        title_ar="القاهرة",
        title_en="Cairo",
        summary_en="Summary",
        description_en="About",
    )

    assert languages_present(workshop, ["title", "summary"]) == ["ar", "en"]
    assert missing_texts(workshop, ["title", "summary", "description", "venue"], ["ar", "en"]) == {
        "ar": 2,
        "en": 0,
    }


def test_data_migration_moves_existing_text_to_the_first_working_language(office):
    executor = MigrationExecutor(connection)
    old_apps = executor.loader.project_state(("workshops", "0006_content_languages")).apps
    old_workshop = old_apps.get_model("workshops", "Workshop")
    old_session = old_apps.get_model("workshops", "Session")
    old_partner = old_apps.get_model("workshops", "Partner")
    workshop = WorkshopFactory(office=office, languages=["zh", "en"])
    old_workshop.objects.filter(pk=workshop.pk).update(
        title="曼谷讲习班", title_zh_hans=None, title_en=None, city="曼谷", city_en=None
    )
    session = SessionFactory(workshop=workshop)
    old_session.objects.filter(pk=session.pk).update(title="开幕", title_en=None)
    unknown = WorkshopFactory(office=office, languages=[])
    old_workshop.objects.filter(pk=unknown.pk).update(title="Untold", title_en=None)
    partner = PartnerFactory()
    old_partner.objects.filter(pk=partner.pk).update(name="Regulator", name_en=None)
    migration = importlib.import_module("workshops.migrations.0007_content_moved_to_languages")

    migration.copy_to_language(old_apps, None)

    workshop.refresh_from_db()
    session.refresh_from_db()
    unknown.refresh_from_db()
    partner.refresh_from_db()
    assert (workshop.title_zh_hans, workshop.city_zh_hans, workshop.title_en) == (
        "曼谷讲习班",
        "曼谷",
        None,
    )
    assert (session.title_zh_hans, session.title_en) == ("开幕", None)
    assert unknown.title_en == "Untold"
    assert partner.name_en == "Regulator"


# Pages ----------------------------------------------------------------------------------------


def test_prefixed_page_shows_its_language_and_marks_fallbacks(client, office):
    workshop = _workshop(
        office,
        languages=["ar", "en"],
        title_ar="ورشة القاهرة",
        title_en="Cairo workshop",
        description_en="Only in English.",
        city_ar="القاهرة",
        city_en="Cairo",
    )

    arabic = client.get(f"/ar/workshops/{workshop.slug}/").text
    french = client.get(f"/fr/workshops/{workshop.slug}/").text

    assert '<html lang="ar" dir="rtl">' in arabic
    assert '<h1 id="workshop-title" dir="auto">ورشة القاهرة</h1>' in arabic
    assert '<div lang="en" dir="ltr"><p>Only in English.</p></div>' in arabic
    assert '<html lang="fr" dir="ltr">' in french
    # French falls back to the first working language, Arabic, marked as such.
    assert '<span lang="ar" dir="rtl">ورشة القاهرة</span>' in french


def test_workshop_page_lists_the_languages_its_texts_exist_in(client, office):
    workshop = _workshop(office, languages=["fr"], title_fr="Atelier", title_en="Workshop")

    response = client.get(f"/en/workshops/{workshop.slug}/")

    assert re.search(r"<dd>[^<]*English, French[^<]*</dd>", response.text)


def test_unprefixed_pages_still_serve_the_browsers_language(client, office):
    workshop = _workshop(office, languages=["ar", "en"], title_ar="ورشة", title_en="Workshop")

    home = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    detail = client.get(f"/workshops/{workshop.slug}/", HTTP_ACCEPT_LANGUAGE="ar")

    assert home.status_code == detail.status_code == 200
    assert '<html lang="ar" dir="rtl">' in home.text
    assert "ورشة" in detail.text
    assert "Location" not in detail.headers


def test_every_language_has_its_url_with_hreflang_alternates_and_x_default(client, office):
    workshop = _workshop(office, title_en="Workshop")

    response = client.get(f"/es/workshops/{workshop.slug}/")

    alternates = re.findall(
        r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', response.text
    )
    assert alternates == [
        *[
            (code, f"http://testserver/{code}/workshops/{workshop.slug}/")
            for code in ("ar", "zh-hans", "en", "fr", "ru", "es")
        ],
        ("x-default", f"http://testserver/workshops/{workshop.slug}/"),
    ]
    for code in ("ar", "zh-hans", "en", "fr", "ru", "es"):
        page = client.get(f"/{code}/workshops/{workshop.slug}/")
        assert page.status_code == 200
        assert f'<html lang="{code}"' in page.text


def test_links_on_a_prefixed_page_keep_the_language(client, office):
    workshop = _workshop(office, title_en="Workshop")

    response = client.get("/ru/workshops/")

    assert f'href="/ru/workshops/{workshop.slug}/"' in response.text
    assert 'href="/ru/documents/"' in response.text


def test_language_switcher_is_plain_links_without_a_form_or_cookie(client, office):
    workshop = _workshop(office, title_en="Workshop")

    response = client.get(f"/fr/workshops/{workshop.slug}/?utm=x")

    switcher = response.text.split('class="language-switcher"')[1].split("</nav>")[0]
    assert "<form" not in switcher
    assert f'<a href="/zh-hans/workshops/{workshop.slug}/?utm=x" lang="zh-hans"' in switcher
    assert "csrfmiddlewaretoken" not in response.text
    assert "django_language" not in response.cookies


def test_unprefixed_pages_take_lang_and_keep_it_in_the_cookie(client):
    response = client.get("/staff/login/?lang=ru")

    assert '<html lang="ru"' in response.text
    assert response.cookies["django_language"].value == "ru"
    assert 'href="/staff/login/?lang=fr"' in response.text


def test_unknown_lang_is_ignored(client):
    response = client.get("/staff/login/?lang=xx", HTTP_ACCEPT_LANGUAGE="fr")

    assert '<html lang="fr"' in response.text


def test_feeds_me_and_api_stay_unprefixed(client, office):
    workshop = _workshop(office, title_en="Workshop")

    assert client.get("/fr/verify/").status_code == 404
    assert client.get("/fr/healthz").status_code == 404
    assert client.get(f"/workshops/{workshop.slug}/calendar.ics").status_code == 200


@pytest.mark.parametrize("url", ["/fr/", "/ar/workshops/", "/es/partners/", "/ru/documents/"])
def test_prefixed_list_pages_query_count_does_not_grow_with_translations(
    client, office, url, assert_queries_do_not_grow
):
    def add_row():
        workshop = _workshop(
            office, languages=["fr", "en"], title_fr="Atelier", title_en="Workshop", city_en="X"
        )
        SessionFactory(workshop=workshop)
        role = WorkshopPartnerFactory(workshop=workshop)
        role.partner.description_fr = "Partenaire"
        role.partner.save()
        OutcomeDocumentFactory(workshop=workshop, is_published=True)

    response = assert_queries_do_not_grow(lambda: client.get(url), add_row=add_row)

    assert response.status_code == 200


def test_prefixed_detail_query_count_does_not_grow_with_translations(
    client, office, assert_queries_do_not_grow
):
    workshop = _workshop(office, languages=["ar"], title_ar="ورشة")

    def add_row():
        session = SessionFactory(workshop=workshop)
        session.title_ar = "جلسة"
        session.save()
        WorkshopPartnerFactory(workshop=workshop)

    response = assert_queries_do_not_grow(
        lambda: client.get(f"/fr/workshops/{workshop.slug}/"), add_row=add_row
    )

    assert response.status_code == 200


# Downstream: feeds, search, the participant's page ---------------------------------------------


def _unfolded(response) -> str:
    return response.content.decode().replace("\r\n ", "")


def test_workshop_feed_speaks_lang_else_the_prefix_else_the_first_working_language(client, office):
    workshop = _workshop(
        office, languages=["fr", "en"], title_fr="Atelier", title_en="Workshop", city_fr="Suva"
    )
    url = f"/workshops/{workshop.slug}/calendar.ics"

    default = _unfolded(client.get(url, HTTP_ACCEPT_LANGUAGE="ru"))
    english = _unfolded(client.get(url, {"lang": "en"}))
    prefixed = _unfolded(client.get(f"/es{url}"))

    assert "SUMMARY;LANGUAGE=fr:Atelier" in default
    assert "SUMMARY;LANGUAGE=en:Workshop" in english
    # Spanish has no title: the first working language's, marked as French.
    assert "SUMMARY;LANGUAGE=fr:Atelier" in prefixed
    assert "LOCATION;LANGUAGE=fr:Suva" in english


def test_all_workshops_feed_writes_each_workshop_in_its_own_language_by_default(client, office):
    _workshop(office, languages=["ar"], title_ar="ورشة القاهرة", title_en="Cairo")
    _workshop(office, languages=["ru", "en"], title_ru="Одесса", title_en="Odessa")

    default = _unfolded(client.get("/calendar.ics"))
    english = _unfolded(client.get("/calendar.ics", {"lang": "en"}))

    assert "SUMMARY;LANGUAGE=ar:ورشة القاهرة" in default
    assert "SUMMARY;LANGUAGE=ru:Одесса" in default
    assert "SUMMARY;LANGUAGE=en:Cairo" in english
    assert "SUMMARY;LANGUAGE=en:Odessa" in english
    assert "django_language" not in client.cookies


def test_document_search_finds_every_language(client, office):
    workshop = _workshop(office, languages=["fr"], title_fr="Atelier", title_en="Workshop")
    document = OutcomeDocumentFactory(workshop=workshop, is_published=True)
    document.title_fr, document.description_ru = "Lignes directrices", "Руководство по защите"
    document.save()
    from tests.factories import OutcomeDocumentFileFactory

    OutcomeDocumentFileFactory(document=document)

    for query in ("directrices", "Руководство", "Atelier"):
        response = client.get("/en/documents/", {"q": query})
        assert response.context["page"].paginator.count == 1, query
    assert client.get("/en/documents/", {"q": "absent"}).context["page"].paginator.count == 0


def test_the_emails_personal_link_opens_me_in_the_participants_language(client, office):
    from participants.emails import personal_url
    from tests.factories import RegistrationFactory

    workshop = _workshop(office, languages=["en", "fr"], title_en="Workshop", title_fr="Atelier")
    registration = RegistrationFactory(workshop=workshop, language="fr")
    link = personal_url(registration)

    french = client.get(link.removeprefix(settings.SITE_URL), HTTP_ACCEPT_LANGUAGE="en")
    bare = client.get(f"/me/{registration.token}/", HTTP_ACCEPT_LANGUAGE="es")

    assert link.endswith(f"/me/{registration.token}/?lang=fr")
    assert '<html lang="fr"' in french.text
    assert "Atelier" in french.text
    assert '<html lang="es"' not in french.text
    assert '<html lang="fr"' in bare.text  # the choice is kept in the language cookie
