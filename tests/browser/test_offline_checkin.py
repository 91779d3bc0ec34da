"""Check-in without a network, in a real Chromium: the page reloads offline from the service
worker, people are found in the roster kept in IndexedDB, actions are queued and shown at once,
and the queue drains by itself when the network returns. Two devices acting on one person
give one attendance. Signed QR codes are checked on the device."""

import base64
import re

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from attendance.models import Attendance, CheckinAction
from attendance.qr_signing import _public_keys, qr_keyring, registration_qr_payload, signing_key
from participants.models import Registration
from participants.qr import participant_qr_png
from tests.browser.test_staff_flow import SLUG, sign_in
from workshops.models import Session

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Long enough for a sync over a loaded machine; the assertions wait for what they check.
SYNC_TIMEOUT = 20_000


def first_session() -> Session:
    return (
        Session.objects.filter(workshop__slug=SLUG, is_cancelled=False)
        .order_by("starts_at")
        .first()
    )


def confirmed(count: int) -> list[Registration]:
    return list(
        Registration.objects.filter(workshop__slug=SLUG, status="confirmed")
        .select_related("participant")
        .order_by("pk")[:count]
    )


def open_ready_for_offline(page: Page, site: str, session: Session) -> None:
    """Open the session's check-in online and wait until the device holds what it needs:
    the roster, the service worker in control, the page itself stored."""
    page.goto(site + f"/staff/workshops/{SLUG}/checkin/{session.pk}/")
    expect(page.locator("#offline-status")).to_contain_text(
        "ready to work offline", timeout=SYNC_TIMEOUT
    )
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    assert page.evaluate(
        "caches.open('cop-checkin-pages').then(c => c.match(location.pathname)).then(Boolean)"
    )


def go_offline_and_reload(context: BrowserContext, page: Page) -> None:
    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check-in")
    expect(page.locator("#offline-status")).to_contain_text("Offline", timeout=SYNC_TIMEOUT)


def row_of(page: Page, registration: Registration):
    return page.get_by_role("listitem").filter(has_text=registration.participant.code)


def check_in(page: Page, registration: Registration) -> None:
    page.get_by_label("Name, e-mail or participant code").fill(registration.participant.full_name)
    row_of(page, registration).get_by_role("button", name="Check in").click()
    expect(
        row_of(page, registration).get_by_role("button", name=re.compile("^Undo"))
    ).to_be_visible()


def test_offline_check_in_undo_and_walk_in_sync_when_back_online(
    page: Page, context: BrowserContext, site, csp_violations
):
    session = first_session()
    first, second, third = confirmed(3)
    sign_in(page, site, "bangkok")
    open_ready_for_offline(page, site, session)

    go_offline_and_reload(context, page)
    for registration in (first, second, third):
        check_in(page, registration)
    expect(page.locator("#present-count")).to_have_text("3")
    row_of(page, third).get_by_role("button", name=re.compile("^Undo")).click()
    expect(row_of(page, third).get_by_role("button", name="Check in")).to_be_visible()
    page.get_by_text("Walk-in: register and check in").click()
    page.get_by_label("Full name", exact=True).fill("Nguyễn Thị Hoa")
    page.get_by_label("E-mail", exact=True).fill("hoa.walk-in@example.vn")
    page.get_by_label("Organisation", exact=True).fill("MIC Viet Nam")
    page.get_by_role("button", name="Register and check in").click()
    expect(page.locator("#checkin-status")).to_have_text(
        "Nguyễn Thị Hoa is registered and checked in (waiting to sync)."
    )
    expect(page.locator("#offline-status")).to_contain_text("waiting to sync: 5")
    assert Attendance.objects.filter(session=session).count() == 0  # nothing reached the server

    context.set_offline(False)
    expect(page.locator("#offline-status")).to_contain_text(
        "waiting to sync: 0", timeout=SYNC_TIMEOUT
    )
    expect(page.locator("#offline-status")).to_contain_text("Online")

    checked_in = Attendance.objects.filter(session=session, registration__in=[first, second, third])
    assert sorted(checked_in.values_list("registration_id", flat=True)) == [first.pk, second.pk]
    walk_in = Registration.objects.get(participant__email="hoa.walk-in@example.vn")
    assert (walk_in.status, walk_in.source) == ("confirmed", "walk_in")
    assert Attendance.objects.filter(session=session).count() == 3  # the two and the walk-in
    assert CheckinAction.objects.count() == 5
    assert csp_violations == []


def device(browser: Browser, site: str, session: Session) -> tuple[BrowserContext, Page]:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(5000)
    sign_in(page, site, "bangkok")
    open_ready_for_offline(page, site, session)
    go_offline_and_reload(context, page)
    return context, page


def test_two_devices_offline_on_one_person_give_one_attendance(browser: Browser, site):
    session = first_session()
    [person] = confirmed(1)
    context_a, page_a = device(browser, site, session)
    context_b, page_b = device(browser, site, session)

    check_in(page_a, person)  # the earlier of the two
    check_in(page_b, person)
    context_a.set_offline(False)
    expect(page_a.locator("#offline-status")).to_contain_text(
        "waiting to sync: 0", timeout=SYNC_TIMEOUT
    )
    context_b.set_offline(False)
    expect(page_b.locator("#offline-status")).to_contain_text(
        "waiting to sync: 0", timeout=SYNC_TIMEOUT
    )

    expect(page_b.locator("#sync-log")).to_contain_text(
        f"{person.participant.full_name} was already checked in at"
    )
    [attendance] = Attendance.objects.filter(registration=person, session=session)
    earliest = CheckinAction.objects.filter(registration=person).order_by("occurred_at").first()
    assert attendance.recorded_at == earliest.occurred_at
    assert CheckinAction.objects.filter(registration=person).count() == 2
    context_a.close()
    context_b.close()


def test_signed_codes_are_checked_on_the_device(page: Page, context: BrowserContext, site):
    session = first_session()
    genuine, revoked = confirmed(2)
    sign_in(page, site, "bangkok")
    Registration.objects.filter(pk=revoked.pk).update(status="cancelled")
    open_ready_for_offline(page, site, session)  # the roster holds the revocation
    go_offline_and_reload(context, page)
    search = page.get_by_label("Name, e-mail or participant code")
    payload = registration_qr_payload(genuine)
    status = page.locator("#checkin-status")

    parts = payload.split(".")
    parts[3] = str(revoked.pk)  # someone else's seat under the genuine signature
    search.fill(".".join(parts))
    search.press("Enter")
    expect(status).to_have_text("This QR code's signature is not valid: it was altered or forged.")
    search.fill(payload[:-4] + ("AAAA" if not payload.endswith("AAAA") else "BBBB"))
    search.press("Enter")
    expect(status).to_have_text("This QR code's signature is not valid: it was altered or forged.")
    search.fill(registration_qr_payload(revoked))
    search.press("Enter")
    expect(status).to_contain_text("This QR code is no longer valid")
    expect(page.locator("#offline-status")).to_contain_text("waiting to sync: 0")
    search.fill(payload)
    search.press("Enter")
    expect(status).to_have_text(f"{genuine.participant.full_name} is checked in (waiting to sync).")

    context.set_offline(False)
    expect(page.locator("#offline-status")).to_contain_text(
        "waiting to sync: 0", timeout=SYNC_TIMEOUT
    )
    [attendance] = Attendance.objects.filter(session=session)
    assert (attendance.registration_id, attendance.method) == (genuine.pk, "qr")


@pytest.fixture
def key_of_its_own(settings, tmp_path):
    """A QR key file for this test alone (it rotates the key)."""
    settings.CHECKIN_QR_SIGNING_KEY = ""
    settings.CHECKIN_QR_KEY_FILE = tmp_path / "checkin-qr.pem"
    signing_key.cache_clear()
    _public_keys.cache_clear()
    yield
    signing_key.cache_clear()
    _public_keys.cache_clear()


def test_a_badge_printed_before_the_key_was_rotated_checks_in_offline(
    page: Page, context: BrowserContext, site, key_of_its_own
):
    session = first_session()
    [person] = confirmed(1)
    printed = registration_qr_payload(person)
    qr_keyring().rotate()
    signing_key.cache_clear()
    _public_keys.cache_clear()
    assert registration_qr_payload(person).split(".")[1] != printed.split(".")[1]
    sign_in(page, site, "bangkok")
    open_ready_for_offline(page, site, session)
    go_offline_and_reload(context, page)

    search = page.get_by_label("Name, e-mail or participant code")
    search.fill(printed)
    search.press("Enter")

    expect(page.locator("#checkin-status")).to_have_text(
        f"{person.participant.full_name} is checked in (waiting to sync)."
    )


def test_the_vendored_decoder_reads_a_signed_code(page: Page, site):
    """Where the browser has no BarcodeDetector, checkin-scan.js reads camera frames with the
    vendored jsQR: here it reads the PNG of the confirmation e-mail, as a camera would see it."""
    [person] = confirmed(1)
    payload = registration_qr_payload(person)
    png = base64.b64encode(participant_qr_png(payload)).decode()
    sign_in(page, site, "bangkok")
    page.goto(site + f"/staff/workshops/{SLUG}/checkin/{first_session().pk}/")
    page.add_script_tag(url=page.locator("#checkin-app").get_attribute("data-jsqr-url"))

    read = page.evaluate(
        """png => new Promise(resolve => {
            const image = new Image();
            image.onload = () => {
                const canvas = document.createElement("canvas");
                canvas.width = image.width;
                canvas.height = image.height;
                const context = canvas.getContext("2d");
                context.drawImage(image, 0, 0);
                const data = context.getImageData(0, 0, image.width, image.height);
                resolve(window.jsQR(data.data, data.width, data.height).data);
            };
            image.src = "data:image/png;base64," + png;
        })""",
        png,
    )

    assert read == payload


def test_the_vendored_verifier_agrees_with_webcrypto(page: Page, site):
    """Browsers whose WebCrypto lacks Ed25519 verify with the vendored noble-ed25519: both say
    yes to a genuine code and no to an altered one."""
    [person] = confirmed(1)
    payload = registration_qr_payload(person)
    altered = payload.replace(f".{person.pk}.", f".{person.pk + 1}.", 1)
    sign_in(page, site, "bangkok")
    page.goto(site + f"/staff/workshops/{SLUG}/checkin/")
    key = page.evaluate(
        "fetch(document.getElementById('checkin-app').dataset.rosterUrl)"
        ".then(r => r.json()).then(d => d.key.public_key)"
    )

    verdicts = page.evaluate(
        """async ([payloads, key]) => {
            const bytes = t => Uint8Array.from(
                atob(t.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - t.length % 4) % 4)),
                c => c.charCodeAt(0));
            const noble = await import(document.getElementById("checkin-app").dataset.nobleUrl);
            const publicKey = bytes(key);
            const webKey = await crypto.subtle.importKey(
                "raw", publicKey, {name: "Ed25519"}, false, ["verify"]);
            const out = [];
            for (const text of payloads) {
                const body = new TextEncoder().encode(text.slice(0, text.lastIndexOf(".")));
                const signature = bytes(text.slice(text.lastIndexOf(".") + 1));
                out.push([
                    await noble.verifyAsync(signature, body, publicKey),
                    await crypto.subtle.verify({name: "Ed25519"}, webKey, signature, body),
                ]);
            }
            return out;
        }""",
        [[payload, altered], key],
    )

    assert verdicts == [[True, True], [False, False]]
