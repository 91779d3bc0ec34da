"""The signed participant QR code: a compact payload signed with Ed25519, so that a check-in
device holding only the workshop's public key can tell a genuine code from a forged one, with
no server at hand.

Payload, as text (the QR code holds exactly this):

    CK1.<key id>.<workshop id>.<registration id>.<issued YYYYMMDD>.<signature>

The signature (base64url, no padding) covers every character before its dot. The key is this
module's own, separate from every other key of the project (the certificates' credential key,
SECRET_KEY): from the environment (CHECKIN_QR_SIGNING_KEY, a PEM or the base64 of the 32 raw
private bytes), else from the file CHECKIN_QR_KEY_FILE names, which is created on first use
(development keeps it in the git-ignored var/). Key loading is all in `signing_key()`, so a
shared key ring can take its place."""

import base64
import datetime
import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.emails import TICKET_QR
from participants.models import Registration

PREFIX = "CK1"
ALGORITHM = "Ed25519"
_PAYLOAD = re.compile(
    r"^CK1\.(?P<kid>[0-9a-f]{8})\.(?P<workshop>\d{1,12})\.(?P<registration>\d{1,12})"
    r"\.(?P<issued>\d{8})\.(?P<signature>[A-Za-z0-9_-]{86})$"
)


class QrCodeInvalid(ValueError):
    """Not a genuine check-in code of ours: forged, altered, or signed by an unknown key."""


@dataclass(frozen=True)
class QrClaims:
    key_id: str
    workshop_id: int
    registration_id: int
    issued: datetime.date


@dataclass(frozen=True)
class SigningKey:
    private: Ed25519PrivateKey
    key_id: str

    @property
    def public_raw(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    @property
    def public_b64(self) -> str:
        return _b64(self.public_raw)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _key_id(private: Ed25519PrivateKey) -> str:
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return hashlib.sha256(raw).hexdigest()[:8]


def _private_from_text(text: str) -> Ed25519PrivateKey:
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode("ascii"), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("The check-in QR key must be an Ed25519 key.")
        return key
    return Ed25519PrivateKey.from_private_bytes(_unb64(text))


def _private_from_file(path: Path) -> Ed25519PrivateKey:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        path.write_bytes(pem)
        path.chmod(0o600)
    return _private_from_text(path.read_text())


@functools.cache
def signing_key() -> SigningKey:
    configured = settings.CHECKIN_QR_SIGNING_KEY
    private = (
        _private_from_text(configured)
        if configured
        else _private_from_file(Path(settings.CHECKIN_QR_KEY_FILE))
    )
    return SigningKey(private=private, key_id=_key_id(private))


def qr_payload_sign(
    *, workshop_id: int, registration_id: int, issued: datetime.date | None = None
) -> str:
    key = signing_key()
    issued = issued or timezone.localdate()
    body = f"{PREFIX}.{key.key_id}.{workshop_id}.{registration_id}.{issued:%Y%m%d}"
    return f"{body}.{_b64(key.private.sign(body.encode('ascii')))}"


def registration_qr_payload(registration: Registration) -> str:
    """The text of this registration's QR code, dated the day it was confirmed (or made), so
    the same registration always shows the same code."""
    issued = timezone.localdate(registration.confirmed_at or registration.created_at)
    return qr_payload_sign(
        workshop_id=registration.workshop_id, registration_id=registration.pk, issued=issued
    )


def looks_signed(text: str) -> bool:
    return text.strip().startswith(PREFIX + ".")


def qr_payload_verify(text: str) -> QrClaims:
    """The claims of a genuine payload; QrCodeInvalid for anything else."""
    match = _PAYLOAD.match(text.strip())
    if match is None:
        raise QrCodeInvalid(_("This is not a check-in QR code."))
    key = signing_key()
    if match["kid"] != key.key_id:
        raise QrCodeInvalid(_("This QR code was signed with a key this site does not know."))
    body = text.strip().rsplit(".", 1)[0]
    try:
        Ed25519PublicKey.from_public_bytes(key.public_raw).verify(
            _unb64(match["signature"]), body.encode("ascii")
        )
        issued = datetime.datetime.strptime(match["issued"], "%Y%m%d").date()  # noqa: DTZ007
    except (InvalidSignature, ValueError):
        raise QrCodeInvalid(
            _("This QR code's signature is not valid: it was altered or forged.")
        ) from None
    return QrClaims(
        key_id=match["kid"],
        workshop_id=int(match["workshop"]),
        registration_id=int(match["registration"]),
        issued=issued,
    )


def public_key_json() -> dict:
    """What a check-in device needs to verify codes offline."""
    key = signing_key()
    return {"id": key.key_id, "algorithm": ALGORITHM, "public_key": key.public_b64}


# The confirmation e-mail's QR code is the signed one (participants cannot import this app).
TICKET_QR["payload"] = registration_qr_payload
