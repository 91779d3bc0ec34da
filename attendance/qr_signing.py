"""The signed participant QR code: a compact payload signed with Ed25519, so that a check-in
device holding only the workshop's public key can tell a genuine code from a forged one, with
no server at hand.

Payload, as text (the QR code holds exactly this):

    CK1.<key id>.<workshop id>.<registration id>.<issued YYYYMMDD>.<signature>

The signature (base64url, no padding) covers every character before its dot. The key is this
module's own, separate from every other key of the project (the certificates' credential key,
SECRET_KEY), held in a key ring of its own (core.keyring): from the environment
(CHECKIN_QR_SIGNING_KEY, a PEM), else from the file CHECKIN_QR_KEY_FILE names, which is created
on first use (development keeps it in the git-ignored var/)."""

import base64
import datetime
import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.keyring import KeyRing, PublicKey, SigningKey, public_key_from_multibase
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


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _raw(public: PublicKey) -> bytes:
    return public_key_from_multibase(public.multibase).public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def _short_id(public: PublicKey) -> str:
    """The 8 hex digits a printed code names its key by (the key ring's ids are longer)."""
    return hashlib.sha256(_raw(public)).hexdigest()[:8]


def qr_keyring() -> KeyRing:
    """The check-in codes' own key (never the credentials'): CHECKIN_QR_SIGNING_KEY (PEM), else
    the file CHECKIN_QR_KEY_FILE, generated there on first use. Rotating keeps the old public
    key, so codes already printed still verify on the server."""
    return KeyRing(
        name="CHECKIN_QR_SIGNING_KEY",
        environ_value=settings.CHECKIN_QR_SIGNING_KEY,
        key_file=None,
        dev_file=Path(settings.CHECKIN_QR_KEY_FILE),
    )


@functools.cache
def signing_key() -> SigningKey:
    return qr_keyring().current()


def qr_payload_sign(
    *, workshop_id: int, registration_id: int, issued: datetime.date | None = None
) -> str:
    key = signing_key()
    issued = issued or timezone.localdate()
    body = f"{PREFIX}.{_short_id(key.public)}.{workshop_id}.{registration_id}.{issued:%Y%m%d}"
    return f"{body}.{_b64(key.sign(body.encode('ascii')))}"


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
    known = {_short_id(public): public for public in _public_keys()}
    key = known.get(match["kid"])
    if key is None:
        raise QrCodeInvalid(_("This QR code was signed with a key this site does not know."))
    body = text.strip().rsplit(".", 1)[0]
    try:
        if not key.verify(_unb64(match["signature"]), body.encode("ascii")):
            raise ValueError("bad signature")
        issued = datetime.datetime.strptime(match["issued"], "%Y%m%d").date()  # noqa: DTZ007
    except ValueError:
        raise QrCodeInvalid(
            _("This QR code's signature is not valid: it was altered or forged.")
        ) from None
    return QrClaims(
        key_id=match["kid"],
        workshop_id=int(match["workshop"]),
        registration_id=int(match["registration"]),
        issued=issued,
    )


def _public_key_json(public: PublicKey) -> dict:
    return {"id": _short_id(public), "algorithm": ALGORITHM, "public_key": _b64(_raw(public))}


def public_key_json() -> dict:
    """The key codes are signed with now."""
    return _public_key_json(signing_key().public)


def public_keys_json() -> list[dict]:
    """What a check-in device needs to verify codes offline: every key codes were ever signed
    with here, the current one first (a badge printed before a rotation still checks in)."""
    return [_public_key_json(public) for public in _public_keys()]


@functools.cache
def _public_keys() -> tuple[PublicKey, ...]:
    return tuple(qr_keyring().public_keys())


# The confirmation e-mail's QR code is the signed one (participants cannot import this app).
TICKET_QR["payload"] = registration_qr_payload
