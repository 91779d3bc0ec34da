"""A participant, in a real browser: finds the Port Vila workshop, registers for an open
workshop, opens their page from the e-mail, adds it to the calendar, cancels, registers
again, and takes their data away."""

import json
import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from participants.models import Registration

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OPEN_WORKSHOP = "Regional COP Workshop for Asia-Pacific: Safer Online Learning"


def personal_path(message) -> str:
    return re.search(r"/me/[A-Za-z0-9_-]{43}/", message.body).group(0)


def field(page: Page, label: str):
    """The field whose whole label is this (Django adds a colon): "E-mail", not the
    guardian's e-mail."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def fill_registration(page: Page, *, name: str, email: str) -> None:
    field(page, "Full name").fill(name)
    field(page, "E-mail").fill(email)
    field(page, "Organisation").fill("Office of the Government CIO")
    field(page, "Sector").select_option(label="government")
    field(page, "Country").select_option(label="Vanuatu")
    page.get_by_label("I agree that my personal data is processed").check()
    page.get_by_role("button", name="Register").click()


def test_participant_finds_registers_cancels_and_registers_again(
    page: Page, site, csp_violations, tmp_path
):
    # Finds Port Vila among the workshops held in Vanuatu.
    page.goto(site + "/workshops/")
    field(page, "Country").select_option(label="Vanuatu")
    page.get_by_role("button", name="Show workshops").click()
    page.get_by_role("link", name="Capacity Building Child Online Protection Workshop").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Capacity Building Child Online Protection Workshop"
    )
    expect(page.get_by_text("Port Vila").first).to_be_visible()

    # Registers for a workshop still open.
    page.goto(site + "/")
    page.get_by_role("link", name=OPEN_WORKSHOP).first.click()
    page.get_by_role("link", name="Register").click()
    fill_registration(page, name="Mele Tamata", email="mele.tamata@example.vu")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your e-mail")

    # Opens their page from the e-mail link.
    assert [m.to for m in mail.outbox] == [["mele.tamata@example.vu"]]
    page.goto(site + personal_path(mail.outbox[0]))
    expect(page.get_by_text("Your place is confirmed.")).to_be_visible()

    # Adds it to the calendar.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    ics = download_info.value.path().read_bytes().decode()  # CRLF kept: folds are "\r\n "
    assert ics.startswith("BEGIN:VCALENDAR")
    assert f"SUMMARY;LANGUAGE=en:{OPEN_WORKSHOP}" in ics.replace("\r\n ", "")

    # Downloads everything held about them.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download everything we hold about you (JSON)").click()
    data = json.loads(download_info.value.path().read_text())
    assert (data["full_name"], [r["status"] for r in data["registrations"]]) == (
        "Mele Tamata",
        ["confirmed"],
    )

    # Cancels, with a confirmation step.
    page.get_by_role("link", name="Cancel your registration").click()
    page.get_by_role("button", name="Yes, cancel my registration").click()
    expect(page.get_by_text("This registration is cancelled.")).to_be_visible()

    # Registers again: a new registration, confirmed, with a new personal page.
    page.goto(site + "/")
    page.get_by_role("link", name=OPEN_WORKSHOP).first.click()
    page.get_by_role("link", name="Register").click()
    fill_registration(page, name="Mele Tamata", email="mele.tamata@example.vu")
    page.goto(site + personal_path(mail.outbox[-1]))
    expect(page.get_by_text("Your place is confirmed.")).to_be_visible()

    statuses = Registration.objects.filter(participant__email="mele.tamata@example.vu").values_list(
        "status", flat=True
    )
    assert sorted(statuses) == ["cancelled", "confirmed"]
    assert csp_violations == []
