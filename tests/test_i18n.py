"""The interface in the six UN languages: complete catalogues, and no English left on a page."""

import datetime as dt
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from certificates.batches import batch_create
from certificates.services import batch_run, certificate_issue, certificate_revoke
from offices.models import StaffMembership
from participants.models import Registration
from participants.services import participant_refresh_search_text
from tests.factories import (
    AttendanceFactory,
    NationalActivityFactory,
    OutcomeDocumentFileFactory,
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
    StaffMembershipFactory,
    WorkshopFactory,
    WorkshopPartnerFactory,
)
from workshops.models import Audience, Pillar, Workshop

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUE_LANGUAGES = ["ar", "zh_Hans", "fr", "ru", "es"]
# What a browser sends for each interface language (zh-CN is what Chinese browsers say).
ACCEPT_LANGUAGE = {
    "ar": "ar",
    "zh_Hans": "zh-CN,zh;q=0.9",
    "en": "en-GB,en;q=0.9",
    "fr": "fr-FR,fr;q=0.9",
    "ru": "ru",
    "es": "es-419,es;q=0.9",
}
HTML_LANG = {"ar": "ar", "zh_Hans": "zh-hans", "en": "en", "fr": "fr", "ru": "ru", "es": "es"}


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


# Catalogues ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    catalogue = _catalogue(language)

    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []
    assert not catalogue.metadata_is_fuzzy
    assert len(catalogue.translated_entries()) > 300


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_catalogue_translates_every_plural_form(language):
    catalogue = _catalogue(language)
    forms = int(re.search(r"nplurals=(\d+)", catalogue.metadata["Plural-Forms"]).group(1))

    incomplete = [
        e.msgid
        for e in catalogue
        if e.msgid_plural
        and (sorted(e.msgstr_plural) != list(range(forms)) or not all(e.msgstr_plural.values()))
    ]

    assert incomplete == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext's xgettext")
def test_catalogues_hold_every_string_in_the_source(tmp_path, settings):
    """The gate after a merge: strings added in code but not yet in locale/ fail here."""
    source = tmp_path / "source"
    shutil.copytree(
        settings.BASE_DIR,
        source,
        ignore=shutil.ignore_patterns(
            ".*", "locale", "var", "media", "staticfiles", "tests", "demo_files", "__pycache__"
        ),
    )
    (source / "locale").mkdir()
    settings.LOCALE_PATHS = [source / "locale"]
    here = Path.cwd()
    os.chdir(source)
    try:
        call_command("makemessages", locale=["fr"], verbosity=0)
    finally:
        os.chdir(here)
    extracted = polib.pofile(str(source / "locale" / "fr" / "LC_MESSAGES" / "django.po"))

    in_catalogue = {(e.msgctxt, e.msgid) for e in _catalogue("fr") if not e.obsolete}
    missing = sorted(e.msgid for e in extracted if (e.msgctxt, e.msgid) not in in_catalogue)

    assert missing == [], "run the commands in README “Languages” to update the catalogues"


# Pages ---------------------------------------------------------------------------------------


class _TextCollector(HTMLParser):
    """Visible text and the attributes people read (labels, alternatives), except inside an
    element marked as another language (the switcher's language names, a document's title)."""

    READ_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self, page_language: str):
        super().__init__()
        self.page_language = page_language
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[str] = []

    def _foreign(self) -> bool:
        return any(foreign for _, foreign in self.stack)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        lang = values.get("lang")
        foreign = tag in ("script", "style") or (lang is not None and lang != self.page_language)
        if not (foreign or self._foreign()):
            self.texts += [values[a] for a in self.READ_ATTRIBUTES if values.get(a)]
        if tag not in self.VOID:
            self.stack.append((tag, foreign))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self._foreign():
            self.texts += [part.strip() for part in data.split("·") if part.strip()]


def _english_patterns(language: str) -> list[tuple[str, re.Pattern]]:
    """A pattern per English interface string whose translation differs from the English."""
    patterns = []
    for entry in _catalogue(language):
        if entry.obsolete:
            continue
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for english in filter(None, [entry.msgid, entry.msgid_plural]):
            if english in translations:
                continue
            words = re.sub(r"%\(\w+\)[sd]", "", english)
            if len(re.findall(r"[A-Za-z]", words)) < 3:
                continue
            body = re.escape(english)
            body = re.sub(r"%\\\((counter|number|total)\\\)[sd]", r"[\\d.,]+", body)
            body = re.sub(r"%\\\(\w+\\\)[sd]", ".+?", body)
            tail = r"(\s.*)?" if english.endswith(":") else ""
            patterns.append((english, re.compile(f"{body}{tail}", re.DOTALL)))
    return patterns


@pytest.fixture
def walk_data(db):
    """One of everything the main pages show."""
    workshop = WorkshopFactory(
        title="Capacity building workshop",
        summary="",
        description="",
        expected_participants=100,
        data_note="Assumed dates.",
        languages=["en", "fr"],
    )
    workshop.pillars.add(Pillar.objects.get(code="legal"))
    workshop.audiences.add(Audience.objects.get(code="children"))
    opening = SessionFactory(workshop=workshop, title="Opening", room="Hall A")
    SessionFactory(
        workshop=workshop,
        title="Closing",
        starts_at=workshop.registration_closes_at + dt.timedelta(days=1, hours=14),
        ends_at=workshop.registration_closes_at + dt.timedelta(days=1, hours=16),
        is_cancelled=True,
    )
    role = WorkshopPartnerFactory(workshop=workshop)
    document = OutcomeDocumentFileFactory(document__workshop=workshop, language="fr").document
    OutcomeDocumentFileFactory(document=document, language="en")
    NationalActivityFactory(country="VU").documents.add(document)
    registration = RegistrationFactory(
        workshop=workshop, participant=ParticipantFactory(country="VU", full_name="Amina Haddad")
    )
    AttendanceFactory(registration=registration, session=opening)
    waiting = RegistrationFactory(
        workshop=workshop,
        participant=ParticipantFactory(full_name="Amina Waiting"),
        status=Registration.Status.WAITLISTED,
    )
    for participant in (registration.participant, waiting.participant):  # found by check-in
        participant_refresh_search_text(participant)
        participant.save(update_fields=["search_text"])
    WorkshopFactory(
        office=workshop.office, status=Workshop.Status.CANCELLED, title="Called-off workshop"
    )
    staff = StaffMembershipFactory(role=StaffMembership.Role.OFFICE_STAFF, office=workshop.office)
    return {
        "workshop": workshop,
        "session": opening,
        "registration": registration,
        "partner": role.partner,
        "staff": staff.user,
        **_certificates(office=workshop.office, staff=staff.user),
    }


def _certificates(*, office, staff) -> dict:
    """A completed workshop with a valid certificate, a revoked one and a finished batch."""
    workshop = WorkshopFactory(
        office=office,
        title="Completed workshop",
        start_date=timezone.now().date() - dt.timedelta(days=20),
        status=Workshop.Status.COMPLETED,
    )
    plenary = SessionFactory(workshop=workshop, title="Plenary")
    holders = [
        RegistrationFactory(workshop=workshop, participant=ParticipantFactory(full_name=name))
        for name in ("Ana Lima", "Sione Taufa")
    ]
    for holder in holders:
        AttendanceFactory(registration=holder, session=plenary)
    valid, revoked = (
        certificate_issue(registration=holder, by=staff).certificate for holder in holders
    )
    certificate_revoke(
        certificate=revoked, category="issued_in_error", reason="Issued in error.", by=staff
    )
    batch = batch_run(batch_id=batch_create(workshop=workshop, by=staff).pk)
    return {
        "completed_workshop": workshop,
        "certificate": valid,
        "revoked_certificate": revoked,
        "batch": batch,
    }


def _public_pages(data) -> list[str]:
    workshop = data["workshop"]
    return [
        "/",
        "/workshops/",
        "/workshops/?region=nowhere&year=1",
        workshop.get_absolute_url(),
        "/documents/",
        "/documents/?language=de&kind=poem&q=nothing-matches",
        "/partners/",
        f"/partners/{data['partner'].slug}/",
        "/countries/",
        "/countries/VU/",
        "/countries/IS/",
        "/countries/XX/",
        reverse("staff:login"),
        reverse("certificates:verify_form"),
        f"{reverse('certificates:verify_form')}?code=abc",
        reverse("certificates:verify", args=["ABCDEFGHJKMN"]),
        reverse("certificates:verify", args=[data["certificate"].code]),
        reverse("certificates:verify", args=[data["revoked_certificate"].code]),
        reverse("me:page", args=[data["registration"].token]),
        reverse("me:page", args=[data["certificate"].registration.token]),
    ]


def _staff_pages(data) -> list[str]:
    slug = data["workshop"].slug
    completed = data["completed_workshop"].slug
    checkin = reverse("staff:checkin", kwargs={"slug": slug, "session_id": data["session"].id})
    return [
        reverse("staff:dashboard"),
        reverse("staff:workshop", kwargs={"slug": slug}),
        reverse("staff:workshop_documents", kwargs={"slug": slug}),
        reverse("staff:checkin_sessions", kwargs={"slug": slug}),
        checkin,
        f"{checkin}?q=Amina",
        f"{checkin}?q=nobody-matches",
        reverse("staff:attendance", kwargs={"slug": slug}),
        reverse(
            "staff:registration_attendance",
            kwargs={"slug": slug, "registration_id": data["registration"].id},
        ),
        reverse("staff:registration", kwargs={"slug": slug, "pk": data["registration"].id}),
        reverse("staff:import_participants", kwargs={"slug": slug}),
        reverse("staff:import_attendance", kwargs={"slug": slug}),
        reverse("staff:registrations_export"),
        reverse("staff:workshop", kwargs={"slug": completed}),
        reverse("staff:certificate_batch", args=[completed, data["batch"].pk]),
    ]


def _untranslated_on(client, url: str, language: str, patterns) -> list[str]:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=ACCEPT_LANGUAGE[language])
    assert response.status_code in (200, 404, 410), url  # 410: a revoked certificate
    html = response.content.decode()
    assert f'<html lang="{HTML_LANG[language]}"' in html, url
    collector = _TextCollector(HTML_LANG[language])
    collector.feed(html)
    return [
        f"{url}: {text!r} ({english!r})"
        for text in collector.texts
        for english, pattern in patterns
        if pattern.fullmatch(text)
    ]


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_main_pages_show_no_untranslated_interface_string(client, walk_data, language):
    patterns = _english_patterns(language)

    found = [
        hit
        for url in _public_pages(walk_data)
        for hit in _untranslated_on(client, url, language, patterns)
    ]
    client.force_login(walk_data["staff"])
    found += [
        hit
        for url in _staff_pages(walk_data)
        for hit in _untranslated_on(client, url, language, patterns)
    ]

    assert found == []


def test_import_preview_gives_each_row_result_in_the_page_language(client, walk_data):
    client.force_login(walk_data["staff"])
    upload = SimpleUploadedFile("list.csv", b"Name,Email\nSione Taufa,sione@example.org\n")

    response = client.post(
        reverse("staff:import_participants", kwargs={"slug": walk_data["workshop"].slug}),
        {"file": upload},
        HTTP_ACCEPT_LANGUAGE=ACCEPT_LANGUAGE["fr"],
    )

    assert "<td>nouvelle inscription</td>" in response.text


def test_main_pages_render_in_english_by_default(client, walk_data):
    for url in _public_pages(walk_data):
        response = client.get(url)
        assert response.status_code in (200, 404, 410)
        assert response.content.decode().count('<html lang="en" dir="ltr">') == 1


def test_arabic_pages_lay_out_right_to_left(client, walk_data):
    response = client.get("/documents/", HTTP_ACCEPT_LANGUAGE="ar")

    assert '<html lang="ar" dir="rtl">' in response.text
    assert "الوثائق الختامية" in response.text


def test_chosen_language_wins_over_the_browser(client, walk_data):
    client.post(reverse("set_language"), {"language": "ru", "next": "/partners/"})

    response = client.get("/partners/", HTTP_ACCEPT_LANGUAGE="fr")

    assert '<html lang="ru"' in response.text
    assert "<h1>Партнеры</h1>" in response.text


# Dates -------------------------------------------------------------------------------------


def _date_range(language: str, start: dt.date, end: dt.date) -> str:
    with translation.override(language):
        template = Template("{% load workshop_tags %}{% date_range start end %}")
        return template.render(Context({"start": start, "end": end}))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "22–24 September 2014"),
        ("fr", "22–24 septembre 2014"),
        ("es", "22–24 de septiembre de 2014"),
        ("ru", "22–24 сентября 2014 г."),
        ("ar", "22–24 سبتمبر، 2014"),
        ("zh-hans", "2014年9月22日至24日"),
    ],
)
def test_date_range_within_a_month_reads_naturally_in_each_language(language, expected):
    assert _date_range(language, dt.date(2014, 9, 22), dt.date(2014, 9, 24)) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "30 September 2014 – 2 October 2014"),
        ("fr", "du 30 septembre 2014 au 2 octobre 2014"),
        ("ru", "30 сентября 2014 г. – 2 октября 2014 г."),
        ("zh-hans", "2014年9月30日至2014年10月2日"),
    ],
)
def test_date_range_across_months_gives_both_dates_in_full(language, expected):
    assert _date_range(language, dt.date(2014, 9, 30), dt.date(2014, 10, 2)) == expected


def test_date_range_of_one_day_is_that_date(db):
    assert _date_range("es", dt.date(2016, 10, 11), dt.date(2016, 10, 11)) == (
        "11 de octubre de 2016"
    )


def test_registration_status_is_translated(db):
    with translation.override("fr"):
        assert str(Registration.Status.WAITLISTED.label) == "sur liste d’attente"
