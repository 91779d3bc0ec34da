"""Screenshots of the main pages, kept under test-artifacts/screenshots/ (git-ignored; CI keeps
them): home and registration in each of the six languages, and the other main pages."""

import pytest
from playwright.sync_api import Page, expect

from participants.models import Registration
from tests.browser.conftest import use_language
from tests.browser.test_staff_flow import SLUG, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LANGUAGES = ["ar", "zh-hans", "en", "fr", "ru", "es"]


def test_home_and_registration_in_the_six_languages(page: Page, site, artifacts):
    folder = artifacts / "screenshots"
    folder.mkdir(exist_ok=True)
    for declared in LANGUAGES:
        use_language(page, site, declared)
        for name, path in (("home", "/"), ("register", f"/workshops/{SLUG}/register/")):
            page.goto(site + path)
            expect(page.locator("html")).to_have_attribute("lang", declared)
            if declared == "ar":
                expect(page.locator("html")).to_have_attribute("dir", "rtl")
            page.screenshot(path=folder / f"{name}-{declared}.png", full_page=True)

    assert len(list(folder.glob("home-*.png"))) == 6
    assert len(list(folder.glob("register-*.png"))) == 6


def test_main_pages(page: Page, site, artifacts):
    folder = artifacts / "screenshots"
    folder.mkdir(exist_ok=True)
    token = Registration.objects.filter(workshop__slug=SLUG, status="confirmed").first().token
    pages = {
        "workshops": "/workshops/",
        "port-vila": "/workshops/port-vila-2014/",
        "me": f"/me/{token}/",
        "documents": "/documents/",
        "privacy": "/privacy/",
    }
    for name, path in pages.items():
        page.goto(site + path)
        page.screenshot(path=folder / f"{name}.png", full_page=True)
    sign_in(page, site, "bangkok")
    page.goto(site + f"/staff/workshops/{SLUG}/")
    page.screenshot(path=folder / "staff-workshop.png", full_page=True)

    assert (folder / "staff-workshop.png").stat().st_size > 10_000
