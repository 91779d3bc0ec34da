import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import StaffMembershipFactory

pytestmark = pytest.mark.django_db

PASSWORD = "password"  # UserFactory's


@pytest.fixture
def staff_user(office):
    return StaffMembershipFactory(office=office, user__username="alice").user


def _sign_in(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("staff:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_sign_in_with_the_right_password_reaches_the_staff_area(client, staff_user):
    response = _sign_in(client, "alice", PASSWORD)

    assert (response.status_code, response.url) == (302, "/staff/")


def test_repeated_failed_sign_ins_lock_the_username_at_that_address(client, staff_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "alice", "wrong")

    locked = _sign_in(client, "alice", PASSWORD)
    elsewhere = _sign_in(client, "alice", PASSWORD, ip="10.0.0.2")

    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode()
    assert "60 minutes" in locked.content.decode()
    assert (elsewhere.status_code, elsewhere.url) == (302, "/staff/")


PROXY = "172.18.0.2"  # the reverse proxy in front of the app: every request arrives from it


def _sign_in_behind_proxy(client, username, password, *, forwarded_for):
    return client.post(
        reverse("staff:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_a_proxy_failures_lock_the_username_only_at_the_attackers_address(
    client, staff_user, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in_behind_proxy(client, "alice", "wrong", forwarded_for="203.0.113.66")

    attacker = _sign_in_behind_proxy(client, "alice", PASSWORD, forwarded_for="203.0.113.66")
    staff = Client()
    real_staff = _sign_in_behind_proxy(staff, "alice", PASSWORD, forwarded_for="198.51.100.7")

    assert attacker.status_code == 429
    assert "Sign-in locked" in attacker.content.decode()
    assert (real_staff.status_code, real_staff.url) == (302, "/staff/")
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [
        ("alice", "203.0.113.66")
    ]


def test_behind_a_proxy_a_typed_forwarded_address_neither_escapes_nor_frames_others(
    client, staff_user, settings
):
    # Entries left of the one the proxy appended are whatever the client typed: the attacker
    # cannot spread failures over invented addresses, nor file them under the staff's address.
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in_behind_proxy(
            client, "alice", "wrong", forwarded_for=f"198.51.100.{n}, 203.0.113.66"
        )

    attacker = _sign_in_behind_proxy(
        client, "alice", PASSWORD, forwarded_for="192.0.2.99, 203.0.113.66"
    )
    real_staff = _sign_in_behind_proxy(Client(), "alice", PASSWORD, forwarded_for="198.51.100.0")

    assert attacker.status_code == 429
    assert (real_staff.status_code, real_staff.url) == (302, "/staff/")


def test_failures_below_the_limit_do_not_lock(client, staff_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, "alice", "wrong")

    response = _sign_in(client, "alice", PASSWORD)

    assert response.status_code == 302


@pytest.fixture
def device(staff_user):
    return TOTPDevice.objects.create(user=staff_user, name="phone", confirmed=True)


@pytest.mark.parametrize("path", ["/staff/", "/admin/"])
def test_account_with_a_device_must_pass_the_second_step(client, device, path):
    _sign_in(client, "alice", PASSWORD)

    response = client.get(path)

    assert response.status_code == 302
    assert response.url.startswith(reverse("staff:verify"))


def test_second_step_with_the_current_code_opens_the_staff_area(client, device):
    _sign_in(client, "alice", PASSWORD)

    response = client.post(reverse("staff:verify"), {"otp_token": _code(device), "next": "/admin/"})

    assert (response.status_code, response.url) == (302, "/admin/")
    assert client.get("/staff/").status_code == 200


def test_second_step_with_a_wrong_code_is_refused(client, device):
    _sign_in(client, "alice", PASSWORD)

    response = client.post(reverse("staff:verify"), {"otp_token": "000000"})

    wrong = _code(device) != "000000"
    assert (wrong, response.status_code) == (True, 400)
    assert client.get("/staff/").status_code == 302


def test_second_step_ignores_a_next_on_another_site(client, device):
    _sign_in(client, "alice", PASSWORD)

    response = client.post(
        reverse("staff:verify"), {"otp_token": _code(device), "next": "https://evil.example/"}
    )

    assert response.url == reverse("staff:dashboard")


def test_enrolling_a_device_shows_a_qr_code_and_confirms_with_a_code(client, staff_user):
    client.force_login(staff_user)

    page = client.get(reverse("staff:two_factor"))
    device = TOTPDevice.objects.get(user=staff_user)
    response = client.post(
        reverse("staff:two_factor"), {"action": "enable", "otp_token": _code(device)}
    )

    device.refresh_from_db()
    assert 'src="data:image/svg+xml' in page.content.decode()
    assert response.status_code == 302
    assert device.confirmed is True


def test_enrolling_with_a_wrong_code_leaves_the_second_step_off(client, staff_user):
    client.force_login(staff_user)
    client.get(reverse("staff:two_factor"))

    response = client.post(reverse("staff:two_factor"), {"action": "enable", "otp_token": "12"})

    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=staff_user, confirmed=True).count() == 0


def _verified(client, device):
    _sign_in(client, "alice", PASSWORD)
    client.post(reverse("staff:verify"), {"otp_token": _code(device)})
    device.refresh_from_db()


def test_turning_the_second_step_off_with_a_fresh_code(client, device):
    _verified(client, device)
    # A code is accepted once; the next time step's (within the device's tolerance) is fresh.
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=1)

    response = client.post(
        reverse("staff:two_factor"), {"action": "disable", "otp_token": f"{code:06d}"}
    )

    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=device.user).count() == 0


def test_turning_the_second_step_off_with_a_wrong_code_is_refused(client, device):
    _verified(client, device)

    response = client.post(reverse("staff:two_factor"), {"action": "disable", "otp_token": "x"})

    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=device.user, confirmed=True).count() == 1
