"""Certificates in a real browser: staff issue them, a participant downloads theirs, a
stranger verifies its code, staff revoke it and the stranger sees it revoked."""

import re

import pytest
from playwright.sync_api import Page, expect

from certificates.models import Certificate
from participants.models import Registration
from tests.browser.test_staff_flow import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PORT_VILA = "port-vila-2014"


def test_issue_download_verify_and_revoke(page: Page, browser, site, csp_violations):
    sign_in(page, site, "bangkok")
    page.goto(site + f"/staff/workshops/{PORT_VILA}/")
    # One person's certificate ("Issue all" renders the whole workshop: slower than the
    # browser suite's budget; tests/certificates cover it).
    already = set(Certificate.objects.values_list("pk", flat=True))
    page.get_by_role("button", name=re.compile(r"^Issue (?!all)")).first.click()
    certificate = Certificate.objects.exclude(pk__in=already).get()
    token = Registration.objects.get(pk=certificate.registration_id).token

    # The participant downloads theirs from their page.
    participant = browser.new_page()
    participant.goto(site + f"/me/{token}/")
    with participant.expect_download() as info:
        participant.get_by_role("link", name="Download your certificate (PDF)").click()
    assert info.value.path().read_bytes().startswith(b"%PDF")

    # A stranger checks the code.
    stranger = browser.new_page()
    stranger.goto(site + "/verify/")
    stranger.get_by_label("Verification code").fill(certificate.code)
    stranger.get_by_role("button", name="Verify").click()
    expect(stranger.get_by_text("Valid.")).to_be_visible()
    expect(stranger.get_by_text(certificate.holder_name)).to_be_visible()

    # Staff revoke it; the stranger sees it revoked.
    page.reload()
    # The demo holds another certificate already: this one's form, by its id.
    page.locator(f"#revoke-category-{certificate.code}").select_option("issued_in_error")
    page.locator(f"#revoke-{certificate.code}").fill("Sent to the wrong colleague")
    page.locator(f"#revoke-{certificate.code}").locator("xpath=..").get_by_role(
        "button", name="Revoke"
    ).click()
    stranger.reload()
    expect(stranger.get_by_text("Revoked.")).to_be_visible()
    # The public page names the category; the staff's own words stay in the staff area.
    expect(stranger.get_by_text("issued in error")).to_be_visible()
    expect(stranger.get_by_text("Sent to the wrong colleague")).to_have_count(0)
    assert csp_violations == []
