"""axe-core on every public page and the main staff pages: no serious or critical violation.
And registering works with the keyboard alone."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from participants.models import Registration
from tests.browser.axe import axe_violations
from tests.browser.conftest import use_language
from tests.browser.test_staff_flow import SLUG, sign_in
from workshops.models import OutcomeDocument, Partner, Session

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def public_paths() -> list[str]:
    registration = Registration.objects.filter(workshop__slug=SLUG, status="confirmed").first()
    token = registration.token
    partner = Partner.objects.order_by("pk").first()
    assert OutcomeDocument.objects.exists()
    return [
        "/",
        "/workshops/",
        "/workshops/?country=VU",
        "/workshops/port-vila-2014/",
        f"/workshops/{SLUG}/",
        f"/workshops/{SLUG}/register/",
        f"/workshops/{SLUG}/register/sent/",
        f"/me/{token}/",
        f"/me/{token}/edit/",
        f"/me/{token}/cancel/",
        f"/me/{token}/erase/",
        "/documents/",
        "/partners/",
        f"/partners/{partner.slug}/",
        "/countries/",
        "/countries/VU/",
        "/privacy/",
        "/staff/login/",
        "/no-such-page/",
    ]


def staff_paths() -> list[str]:
    session = Session.objects.filter(workshop__slug=SLUG).order_by("starts_at").first()
    registration = Registration.objects.filter(workshop__slug=SLUG, status="confirmed").first()
    workshop = f"/staff/workshops/{SLUG}/"
    return [
        "/staff/",
        workshop,
        workshop + "checkin/",
        workshop + f"checkin/{session.pk}/?q=a",
        workshop + "attendance/",
        workshop + f"attendance/{registration.pk}/",
        workshop + "documents/",
        workshop + "import/participants/",
        workshop + "import/attendance/",
        "/staff/exports/registrations/",
        "/staff/erasure-requests/",
        "/staff/workshops/port-vila-2014/",
    ]


def violations_on(page: Page, site: str, paths: list[str]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        page.goto(site + path)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    return found


def test_public_pages_have_no_serious_accessibility_violation(page: Page, site):
    assert violations_on(page, site, public_paths()) == {}


def test_public_pages_in_arabic_have_no_serious_accessibility_violation(page: Page, site):
    use_language(page, site, "ar")
    paths = ["/", f"/workshops/{SLUG}/", f"/workshops/{SLUG}/register/", "/privacy/"]

    assert violations_on(page, site, paths) == {}
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


def test_staff_pages_have_no_serious_accessibility_violation(page: Page, site):
    sign_in(page, site, "bangkok")

    assert violations_on(page, site, staff_paths()) == {}


def test_registration_with_the_keyboard_alone(page: Page, site):
    page.goto(site + f"/workshops/{SLUG}/register/")
    typed = {
        "id_full_name": "Sione Fifita",
        "id_email": "sione@example.to",
        "id_organisation": "Tonga Communications Commission",
        "id_sector": "regulator",  # typed on a closed list: picks the option by its first letters
        "id_country": "Tonga",
    }
    page.locator("body").focus()
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id")
        seen.append(focused)
        if focused in typed:
            page.keyboard.type(typed.pop(focused))
        elif focused == "id_consent":
            page.keyboard.press("Space")
            break
    assert typed == {}, seen
    assert "id_website" not in seen  # the honeypot is out of the tab order
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Register"
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    assert [m.to for m in mail.outbox] == [["sione@example.to"]]
    registration = Registration.objects.get(participant__email="sione@example.to")
    assert (registration.participant.sector, registration.participant.country.code) == (
        "regulator",
        "TO",
    )
    assert re.search(r"/me/[A-Za-z0-9_-]{43}/", mail.outbox[0].body)


def test_axe_harness_reports_what_it_should(page: Page):
    """The check above would pass vacuously if axe did not run: it must catch these."""
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main>'
        '<input type="text"><img src="x.png"><a href="#"></a></main></body></html>'
    )

    rules = sorted(line.split(" ")[0] for line in axe_violations(page))

    assert rules == ["image-alt", "label", "link-name"]


CONTENT_LANGUAGE_PATHS = [
    "/",
    "/workshops/arab-region-cairo-2015/",
    "/workshops/port-vila-2014/",
    "/workshops/odessa-2016/",
    "/workshops/asia-pacific-safer-online-learning/",
    "/partners/",
    "/documents/",
]


@pytest.mark.parametrize("language", ["ar", "zh-hans", "en", "fr", "ru", "es"])
def test_prefixed_pages_with_content_in_several_languages_have_no_serious_violation(
    page: Page, site, artifacts, language
):
    """README "Content in six languages": texts in another language than the page's carry
    their own lang and dir; axe checks the pages as a screen reader would meet them."""
    paths = [f"/{language}{path}" for path in CONTENT_LANGUAGE_PATHS]

    found = violations_on(page, site, paths)

    page.goto(site + f"/{language}/workshops/arab-region-cairo-2015/")
    page.screenshot(path=artifacts / f"content-{language}-cairo.png", full_page=True)
    assert found == {}
    expect(page.locator("html")).to_have_attribute("lang", language)
