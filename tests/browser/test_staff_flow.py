"""A staff member, in a real browser: signs in, checks people in at two sessions (one found
by name and clicked, one by scanning their code), then exports the attendance and opens it."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, Route, expect

from attendance.models import Attendance
from demo.offices_and_people import demo_password
from participants.models import Registration

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SLUG = "asia-pacific-safer-online-learning"


def sign_in(page: Page, site: str, username: str) -> None:
    page.goto(site + "/staff/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(demo_password(username))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff area")


def download(page: Page, link_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name, exact=True).click()
    return info.value.path().read_bytes()


def test_staff_checks_in_at_two_sessions_and_exports(page: Page, site, csp_violations):
    first, second = (
        Registration.objects.filter(workshop__slug=SLUG, status="confirmed")
        .select_related("participant")
        .order_by("pk")[:2]
    )
    sign_in(page, site, "bangkok")
    page.get_by_role("link", name="Regional COP Workshop for Asia-Pacific").first.click()
    page.get_by_role("link", name="Check-in at the door").click()
    sessions = page.locator(".session-picker a.button")
    # all_inner_texts() does not wait: read the list once the page that has it is shown.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check-in: choose a session")
    session_names = sessions.all_inner_texts()
    assert len(session_names) >= 2

    for session_name in session_names[:2]:
        page.get_by_role("link", name=session_name).click()
        search = page.get_by_label("Name, e-mail or participant code")
        # Found by name, checked in with a click.
        search.fill(first.participant.full_name)
        row = page.get_by_role("listitem").filter(has_text=first.participant.email)
        row.get_by_role("button", name="Check in").click()
        expect(row.get_by_role("button", name=re.compile("^Undo"))).to_be_visible()
        expect(page.locator("#present-count")).to_have_text("1")
        # A scanner types the code and Enter: checked in at once.
        search.fill(second.participant.code)
        search.press("Enter")
        expect(page.locator("#present-count")).to_have_text("2")
        page.get_by_role("link", name="Other sessions").click()

    assert Attendance.objects.filter(registration__in=[first, second]).count() == 4

    page.goto(site + f"/staff/workshops/{SLUG}/")
    rows = list(csv.DictReader(io.StringIO(download(page, "CSV").decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(download(page, "XLSX"))).active
    _header, *xlsx_rows = [list(row) for row in sheet.iter_rows(values_only=True)]

    checked = next(row for row in rows if first.participant.email in row.values())
    assert [value for value in checked.values() if value == "present"] == ["present", "present"]
    assert len(xlsx_rows) == len(rows)
    assert any(first.participant.email in row for row in xlsx_rows)
    assert csp_violations == []


def test_staff_types_before_checkin_script_arrives_and_still_finds(page: Page, site):
    """A name typed (or a code scanned) while checkin.js is still on its way fires its input
    events before the script listens; the script searches for it once it runs."""
    registration = (
        Registration.objects.filter(workshop__slug=SLUG, status="confirmed")
        .select_related("participant")
        .order_by("pk")
        .first()
    )
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)  # answered below, once the name is typed

    sign_in(page, site, "bangkok")
    page.route("**/js/checkin.js", hold)
    page.goto(site + f"/staff/workshops/{SLUG}/checkin/")
    page.locator(".session-picker a.button").first.click()
    page.get_by_label("Name, e-mail or participant code").fill(registration.participant.full_name)
    page.wait_for_timeout(300)  # longer than the script's typing pause, had it listened
    assert len(held) == 1, "checkin.js was not held back: the test would prove nothing"
    expect(page.locator("#checkin-results li")).to_have_count(0)
    held[0].continue_()

    row = page.get_by_role("listitem").filter(has_text=registration.participant.email)
    expect(row.get_by_role("button", name="Check in")).to_be_visible()
