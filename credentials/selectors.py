"""Reads about credentials: which entries of a status list are revoked, and what an uploaded
certificate PDF or credential JSON proves."""

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from certificates.models import Certificate
from certificates.selectors import certificate_by_code
from core.keyring import PublicKey
from credentials import documents, integrity
from credentials.attachments import embedded_credential
from credentials.keys import credential_keyring
from credentials.models import CertificateCredential, PublishedKey, StatusList

# A certificate that is not current: revoked, or superseded by a correction. Its credential's
# bit is set in the revocation list.
NOT_CURRENT = Q(certificate__revoked_at__isnull=False) | Q(certificate__superseded_at__isnull=False)


def status_list_by_name(*, name: str) -> StatusList | None:
    return StatusList.objects.filter(name=name).first()


def revoked_indexes(*, status_list: StatusList) -> list[int]:
    return sorted(
        CertificateCredential.objects.filter(NOT_CURRENT, status_list=status_list).values_list(
            "status_index", flat=True
        )
    )


def verification_keys(keys: list[PublicKey]) -> dict[str, PublicKey]:
    """Verification method id -> key, for integrity.verify."""
    return {documents.verification_method_id(key.key_id): key for key in keys}


def published_keys() -> list[PublicKey]:
    """Every key to publish: the current one first, then those recorded as used, then any the
    key ring still lists as retired (the newest first, each once)."""
    ring = credential_keyring()
    keys = [ring.current().public]
    keys += [
        PublicKey(key_id=row.key_id, multibase=row.public_key_multibase)
        for row in PublishedKey.objects.all()
    ]
    keys += ring.retired()[::-1]
    return list(dict.fromkeys(keys))


class UploadRefused(Exception):
    """The uploaded file is not something we can check; the message says why."""


@dataclass(frozen=True)
class UploadCheck:
    """What an uploaded certificate PDF or credential JSON proves. `unchanged` is None when it
    cannot be said (a JSON upload has no PDF to compare; an erased certificate keeps no
    checksum); `revoked` is None when the credential points at no list of ours."""

    kind: str  # "pdf" or "json"
    genuine: bool
    unchanged: bool | None
    revoked: bool | None
    certificate: Certificate | None

    @property
    def all_good(self) -> bool:
        return self.genuine and self.unchanged is not False and self.revoked is False


CODE_IN_ID = re.compile(r"/verify/([A-Z0-9]+)/credential\.json$")
INDEX_IN_ID = re.compile(r"/credentials/status/([\w-]+)\.json$")


def _certificate_of(credential: dict[str, Any]) -> Certificate | None:
    match = CODE_IN_ID.search(str(credential.get("id", "")))
    return certificate_by_code(code=match.group(1)) if match else None


def _revoked(credential: dict[str, Any]) -> bool | None:
    """The credential's bit in our status list, or None when it names no list of ours."""
    status = credential.get("credentialStatus")
    if not isinstance(status, dict):
        return None
    match = INDEX_IN_ID.search(str(status.get("statusListCredential", "")))
    if not match or status.get("statusListCredential") != documents.status_list_url(match.group(1)):
        return None
    try:
        index = int(str(status.get("statusListIndex")))
    except ValueError:
        return None
    status_list = status_list_by_name(name=match.group(1))
    if status_list is None or not 0 <= index < status_list.size:
        return None
    return index in revoked_indexes(status_list=status_list)


# Canonicalising costs time exponential in the number of look-alike blank nodes (a "poison"
# graph), so a stranger's upload is canonicalised only when it is shaped like ours: a few KB,
# with a handful of objects without an id (ours has five).
UPLOAD_CREDENTIAL_MAX_BYTES = 64 * 1024
UPLOAD_MAX_ANONYMOUS_OBJECTS = 8


def _anonymous_objects(value: Any) -> int:
    if isinstance(value, dict):
        own = 0 if "id" in value or "@id" in value or "@value" in value else 1
        return own + sum(_anonymous_objects(v) for k, v in value.items() if k != "@context")
    if isinstance(value, list):
        return sum(_anonymous_objects(item) for item in value)
    return 0


def _plausible(raw: bytes, credential: dict[str, Any]) -> bool:
    return (
        len(raw) <= UPLOAD_CREDENTIAL_MAX_BYTES
        and _anonymous_objects(credential) <= UPLOAD_MAX_ANONYMOUS_OBJECTS
    )


def upload_check(*, data: bytes, keys: list[PublicKey]) -> UploadCheck:
    """Check an uploaded file against what we issued: the credential's signature (against
    every key we published), its entry in our revocation list, and for a PDF whether its
    SHA-256 is the one recorded when it was issued. Raises UploadRefused for a file that is
    neither a certificate PDF carrying a credential nor a credential JSON."""
    kind = "pdf" if data.lstrip()[:5] == b"%PDF-" else "json"
    if kind == "pdf":
        try:
            raw = embedded_credential(data)
        except ValueError:
            raise UploadRefused(_("This PDF cannot be read.")) from None
        if raw is None:
            raise UploadRefused(
                _(
                    "This PDF carries no credential. Certificates issued before credentials "
                    "existed can be checked by their verification code."
                )
            )
    else:
        raw = data
    try:
        credential = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise UploadRefused(
            _("This file is neither a certificate PDF nor a credential JSON.")
        ) from None
    if not isinstance(credential, dict) or "proof" not in credential:
        raise UploadRefused(_("This JSON file is not a signed credential."))
    genuine = _plausible(raw, credential) and integrity.verify(
        credential, keys=verification_keys(keys)
    )
    certificate = _certificate_of(credential) if genuine else None
    unchanged: bool | None = None
    if kind == "json":
        unchanged = genuine
    elif certificate is not None and certificate.pdf_sha256:
        unchanged = hashlib.sha256(data).hexdigest() == certificate.pdf_sha256
    elif not genuine:
        unchanged = False
    return UploadCheck(
        kind=kind,
        genuine=genuine,
        unchanged=unchanged,
        revoked=_revoked(credential) if genuine else None,
        certificate=certificate,
    )
