"""A participant answers the pre-test and an evaluation with the keyboard only, in English
and in Arabic, and axe finds nothing serious on either page."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from learning.models import EvaluationReceipt, LearningSettings, QuestionSet, TestResponse
from participants.models import Registration
from tests.browser.axe import axe_violations
from tests.browser.conftest import use_language
from tests.factories import RegistrationFactory, SessionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PERSONAL_PAGE = re.compile(r"/me/[A-Za-z0-9_-]+/$")


def answer_with_the_keyboard(page: Page) -> None:
    """Tab through the form: the first option of each radio group and of each set of boxes
    chosen with Space, a number or a comment typed; Enter on the send button."""
    page.locator("form.stacked-form").locator("input:not([type=hidden]), textarea").first.focus()
    answered_groups: set[str] = set()
    for _ in range(200):
        focused = page.evaluate(
            """() => { const e = document.activeElement;
                return {tag: e.tagName, type: e.type || "", name: e.name || "",
                        ours: !!(e.form && e.form.classList.contains("stacked-form"))}; }"""
        )
        assert focused["ours"], f"the focus left the form: {focused}"
        if focused["tag"] == "BUTTON" and focused["type"] == "submit":
            with page.expect_navigation(timeout=30_000):
                page.keyboard.press("Enter")
            return
        if focused["name"] not in answered_groups:
            if focused["type"] in ("radio", "checkbox"):
                page.keyboard.press("Space")
            elif focused["type"] == "number":
                page.keyboard.type("5")
            elif focused["tag"] == "TEXTAREA":
                page.keyboard.type("Clear and useful.")
            answered_groups.add(focused["name"])
        page.keyboard.press("Tab")
    raise AssertionError("never reached the send button")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_pre_test_answered_with_the_keyboard_only(page: Page, site, csp_violations, language):
    registration = Registration.objects.filter(
        workshop__slug="asia-pacific-safer-online-learning", status="confirmed"
    ).first()
    use_language(page, site, language)

    page.goto(f"{site}/me/{registration.token}/pre-test/")
    assert axe_violations(page) == []
    answer_with_the_keyboard(page)

    page.wait_for_url(PERSONAL_PAGE, timeout=30_000)  # back on the personal page
    expect(page.locator(".messages")).to_be_visible()  # the confirmation, on the personal page
    assert axe_violations(page) == []
    assert TestResponse.objects.filter(registration=registration, phase="pre").exists()
    if language == "en":
        expect(page.get_by_text("your answers to the pre-test are saved")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    assert csp_violations == []


@pytest.mark.parametrize("language", ["en", "ar"])
def test_evaluation_answered_with_the_keyboard_only(page: Page, site, csp_violations, language):
    now = timezone.now()
    workshop = WorkshopFactory(
        slug=f"just-ended-{language}",
        start_date=(now - dt.timedelta(hours=3)).date(),
        end_date=now.date(),
        time_zone="UTC",
        registration_opens_at=now - dt.timedelta(days=30),
        registration_closes_at=now - dt.timedelta(days=1),
    )
    SessionFactory(
        workshop=workshop,
        title="Legal measures",
        starts_at=now - dt.timedelta(hours=3),
        ends_at=now - dt.timedelta(hours=1),
    )
    survey = QuestionSet.objects.get(kind=QuestionSet.Kind.EVALUATION)
    LearningSettings.objects.create(workshop=workshop, evaluation=survey)
    registration = RegistrationFactory(workshop=workshop)
    use_language(page, site, language)

    page.goto(f"{site}/me/{registration.token}/evaluation/")
    assert axe_violations(page) == []
    answer_with_the_keyboard(page)

    page.wait_for_url(PERSONAL_PAGE, timeout=30_000)  # back on the personal page
    expect(page.locator(".messages")).to_be_visible()
    assert EvaluationReceipt.objects.filter(registration=registration).exists()
    assert axe_violations(page) == []
    assert csp_violations == []
