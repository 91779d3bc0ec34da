"""The signed check-in QR code: compact, verifiable with the public key alone, refused when
altered, forged or signed by another key; the key is the check-in's own."""

import base64
import datetime as dt

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.urls import reverse

from attendance.qr_signing import (
    QrClaims,
    QrCodeInvalid,
    _public_keys,
    _short_id,
    public_key_json,
    public_keys_json,
    qr_keyring,
    qr_payload_sign,
    qr_payload_verify,
    signing_key,
)


def _forget_keys():
    signing_key.cache_clear()
    _public_keys.cache_clear()


def _pem(private):
    return private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_key():
    _forget_keys()
    yield
    _forget_keys()


def test_a_payload_is_compact_and_verifies():
    payload = qr_payload_sign(workshop_id=12, registration_id=3456, issued=dt.date(2026, 11, 30))

    claims = qr_payload_verify(payload)

    assert len(payload) < 130
    assert payload.startswith(f"CK1.{_short_id(signing_key().public)}.12.3456.20261130.")
    assert claims == QrClaims(
        key_id=_short_id(signing_key().public),
        workshop_id=12,
        registration_id=3456,
        issued=dt.date(2026, 11, 30),
    )


@pytest.mark.parametrize("part", [2, 3, 4])
def test_changing_any_signed_part_is_refused(part):
    parts = qr_payload_sign(workshop_id=12, registration_id=3456).split(".")
    parts[part] = "20990101" if part == 4 else "99"

    with pytest.raises(QrCodeInvalid, match="altered or forged"):
        qr_payload_verify(".".join(parts))


def test_a_code_signed_by_another_key_is_refused(settings):
    other = Ed25519PrivateKey.generate()
    settings.CHECKIN_QR_SIGNING_KEY = _pem(other)
    forged = qr_payload_sign(workshop_id=1, registration_id=2)
    _forget_keys()
    settings.CHECKIN_QR_SIGNING_KEY = ""

    with pytest.raises(QrCodeInvalid, match="key this site does not know"):
        qr_payload_verify(forged)


def test_text_that_is_not_a_check_in_code_is_refused():
    with pytest.raises(QrCodeInvalid, match="not a check-in QR code"):
        qr_payload_verify("H7K2M9QP")


def test_the_key_comes_from_the_environment_as_pem(settings):
    private = Ed25519PrivateKey.generate()
    settings.CHECKIN_QR_SIGNING_KEY = _pem(private)

    assert signing_key().private_key.private_bytes_raw() == private.private_bytes_raw()


def test_a_code_printed_before_the_key_was_rotated_still_verifies(settings, tmp_path):
    settings.CHECKIN_QR_SIGNING_KEY = ""
    settings.CHECKIN_QR_KEY_FILE = tmp_path / "checkin.pem"
    printed = qr_payload_sign(workshop_id=4, registration_id=5)

    qr_keyring().rotate()
    _forget_keys()

    assert qr_payload_verify(printed).registration_id == 5
    assert not qr_payload_sign(workshop_id=4, registration_id=5).startswith(printed[:13])


def test_without_a_configured_key_one_is_made_in_the_key_file_and_kept(settings, tmp_path):
    settings.CHECKIN_QR_SIGNING_KEY = ""
    settings.CHECKIN_QR_KEY_FILE = tmp_path / "keys" / "checkin.pem"
    first = signing_key().public
    _forget_keys()

    assert signing_key().public == first
    assert settings.CHECKIN_QR_KEY_FILE.stat().st_mode & 0o777 == 0o600


def test_a_device_gets_every_key_codes_were_signed_with_the_current_first(settings, tmp_path):
    settings.CHECKIN_QR_SIGNING_KEY = ""
    settings.CHECKIN_QR_KEY_FILE = tmp_path / "checkin.pem"
    before = public_key_json()

    qr_keyring().rotate()
    _forget_keys()

    keys = public_keys_json()
    assert [key["id"] for key in keys] == [public_key_json()["id"], before["id"]]
    assert keys[1] == before


def test_the_public_key_is_all_a_device_gets():
    data = public_key_json()

    assert set(data) == {"id", "algorithm", "public_key"}
    assert base64.urlsafe_b64decode(data["public_key"] + "=") == (
        signing_key().private_key.public_key().public_bytes_raw()
    )


def test_signing_out_asks_the_browser_to_forget_offline_check_in(staff_client):
    response = staff_client.post(reverse("staff:logout"))

    assert response["Clear-Site-Data"] == '"cache", "storage"'
