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
    public_key_json,
    qr_payload_sign,
    qr_payload_verify,
    signing_key,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_key():
    signing_key.cache_clear()
    yield
    signing_key.cache_clear()


def test_a_payload_is_compact_and_verifies():
    payload = qr_payload_sign(workshop_id=12, registration_id=3456, issued=dt.date(2026, 11, 30))

    claims = qr_payload_verify(payload)

    assert len(payload) < 130
    assert payload.startswith(f"CK1.{signing_key().key_id}.12.3456.20261130.")
    assert claims == QrClaims(
        key_id=signing_key().key_id,
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
    settings.CHECKIN_QR_SIGNING_KEY = base64.b64encode(other.private_bytes_raw()).decode()
    forged = qr_payload_sign(workshop_id=1, registration_id=2)
    signing_key.cache_clear()
    settings.CHECKIN_QR_SIGNING_KEY = ""

    with pytest.raises(QrCodeInvalid, match="key this site does not know"):
        qr_payload_verify(forged)


def test_text_that_is_not_a_check_in_code_is_refused():
    with pytest.raises(QrCodeInvalid, match="not a check-in QR code"):
        qr_payload_verify("H7K2M9QP")


def test_the_key_comes_from_the_environment_as_pem_or_raw(settings):
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    settings.CHECKIN_QR_SIGNING_KEY = pem
    from_pem = signing_key().public_b64
    signing_key.cache_clear()
    settings.CHECKIN_QR_SIGNING_KEY = base64.urlsafe_b64encode(private.private_bytes_raw()).decode()

    assert signing_key().public_b64 == from_pem


def test_without_a_configured_key_one_is_made_in_the_key_file_and_kept(settings, tmp_path):
    settings.CHECKIN_QR_SIGNING_KEY = ""
    settings.CHECKIN_QR_KEY_FILE = tmp_path / "keys" / "checkin.pem"
    first = signing_key().public_b64
    signing_key.cache_clear()

    assert signing_key().public_b64 == first
    assert settings.CHECKIN_QR_KEY_FILE.stat().st_mode & 0o777 == 0o600


def test_the_public_key_is_all_a_device_gets():
    data = public_key_json()

    assert set(data) == {"id", "algorithm", "public_key"}
    assert base64.urlsafe_b64decode(data["public_key"] + "=") == signing_key().public_raw


def test_signing_out_asks_the_browser_to_forget_offline_check_in(staff_client):
    response = staff_client.post(reverse("staff:logout"))

    assert response["Clear-Site-Data"] == '"cache", "storage"'
