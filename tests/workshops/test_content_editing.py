"""Staff edit a text in every language: one input per language, the working languages first
and open, a count of what is missing; the dashboard names incomplete working languages."""

import re

import pytest
from django.urls import reverse

from tests.factories import SessionFactory, WorkshopFactory
from workshops.models import Session, Workshop

pytestmark = pytest.mark.django_db


def _summaries(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", s).strip() for s in re.findall(r"<summary>(.*?)</summary>", html)
    ]


def _workshop(office, **columns):
    workshop = WorkshopFactory(office=office, languages=columns.pop("languages", ["fr", "en"]))
    for name, value in columns.items():
        setattr(workshop, name, value)
    workshop.save()
    return workshop


def _unchanged_details(workshop) -> dict:
    return {
        "slug": workshop.slug,
        "format": "in_person",
        "country": "VU",
        "time_zone": workshop.time_zone,
        "start_date": workshop.start_date.isoformat(),
        "end_date": workshop.end_date.isoformat(),
    }


def test_workshop_form_lists_working_languages_first_with_missing_counts(staff_client, office):
    workshop = _workshop(
        office, title_en="Workshop", title_fr="", summary_en="One line", city_fr="Port-Vila"
    )

    response = staff_client.get(reverse("staff:workshop_edit", args=[workshop.slug]))

    summaries = _summaries(response.text)
    assert summaries[:2] == [
        "French · working language · 2 missing",
        "English · working language",
    ]
    assert summaries[2:] == [
        "Arabic · 3 missing",
        "Chinese · 3 missing",
        "Russian · 3 missing",
        "Spanish · 3 missing",
    ]
    assert response.text.count('<details class="language-texts" open>') == 2
    assert '<input type="text" name="title_ar" maxlength="200" lang="ar" dir="rtl"' in response.text
    assert "2 texts are missing in the working languages." in response.text
    assert "<script" not in response.text.split("<main")[1].split("</main>")[0]


def test_workshop_edit_saves_each_language_in_its_column(staff_client, office):
    workshop = _workshop(office, languages=["en"], title_en="Workshop", city_en="Port Vila")
    data = {
        "title_en": "Workshop",
        "title_fr": "Atelier",
        "title_ar": "ورشة",
        "city_en": "Port Vila",
        "city_fr": "Port-Vila",
        **_unchanged_details(workshop),
        "languages": ["en", "fr"],
        "min_attendance_percent": "80",
        "certificate_language": "en",
    }

    response = staff_client.post(
        reverse("staff:workshop_edit", args=[workshop.slug]), data, HTTP_ACCEPT_LANGUAGE="ru"
    )

    stored = Workshop.objects.get(pk=workshop.pk)
    assert response.status_code == 302
    assert (stored.title_en, stored.title_fr, stored.title_ar, stored.title_ru or "") == (
        "Workshop",
        "Atelier",
        "ورشة",
        "",
    )
    assert stored.sequence == 1  # a calendar may show the new French title


def test_workshop_form_needs_a_title_in_some_language(staff_client, office):
    workshop = _workshop(office, title_en="Workshop", city_en="Port Vila")
    data = {
        "city_en": "Port Vila",
        **_unchanged_details(workshop),
        "languages": ["fr"],
        "min_attendance_percent": "80",
        "certificate_language": "en",
    }

    response = staff_client.post(reverse("staff:workshop_edit", args=[workshop.slug]), data)

    assert response.status_code == 400
    assert "Give this text in at least one language." in response.text
    assert Workshop.objects.get(pk=workshop.pk).title_en == "Workshop"


def test_session_form_follows_the_workshops_working_languages(staff_client, office):
    workshop = _workshop(office, languages=["ru", "en"], title_ru="Одесса")
    session = SessionFactory(workshop=workshop, title="Opening")
    local = session.local_start()

    page = staff_client.get(reverse("staff:session_edit", args=[workshop.slug, session.pk]))
    response = staff_client.post(
        reverse("staff:session_edit", args=[workshop.slug, session.pk]),
        {
            "title_en": "Opening",
            "title_ru": "Открытие",
            "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": session.local_end().strftime("%Y-%m-%dT%H:%M"),
        },
    )

    assert _summaries(page.text)[0] == "Russian · working language · 1 missing"
    assert response.status_code == 302
    assert Session.objects.get(pk=session.pk).title_ru == "Открытие"


def test_dashboard_names_the_incomplete_working_languages(staff_client, office):
    _workshop(office, languages=["ar", "en"], title_en="Cairo", title_ar="القاهرة", summary_en="x")
    _workshop(office, languages=["en"], title_en="Complete", summary_en="y")

    response = staff_client.get(reverse("staff:dashboard"))

    cells = re.findall(r'<a href="/staff/workshops/[^/]+/edit/">([^<]+)</a>', response.text)
    assert cells == ["Arabic"]
