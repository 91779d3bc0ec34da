"""The JSON-LD documents we publish, built from plain values (no database, no signing): a
certificate's OpenBadgeCredential, the issuer profile with its keys, and a revocation
BitstringStatusListCredential. credentials.services signs them."""

import base64
import datetime as dt
import gzip
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse

from core.keyring import PublicKey
from credentials.integrity import DID_V1, MULTIKEY_V1, OB_V3, VC_V2

ISSUER_NAME = "Child Online Protection Programme"
# The schema's type is VC 2.0's `JsonSchema`, which the VC 2.0 context defines. 1EdTech's examples
# write `1EdTechJsonSchemaValidator2019`, but no context we ship defines that term: verifiers that
# canonicalise in JSON-LD safe mode (Digital Bazaar's, for one) refuse the credential for it.
OB_SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
    "type": "JsonSchema",
}


def xsd_datetime(moment: dt.datetime) -> str:
    """UTC, to the second, with a Z: the form every verifier reads."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def issuer_id() -> str:
    return settings.SITE_URL + reverse("credentials:issuer")


def verification_method_id(key_id: str) -> str:
    return f"{issuer_id()}#{key_id}"


def status_list_url(name: str) -> str:
    return settings.SITE_URL + reverse("credentials:status_list", args=[name])


def credential_url(code: str) -> str:
    return settings.SITE_URL + reverse("credentials:verify_credential", args=[code])


def email_identity_hash(email: str, salt: str) -> str:
    """Open Badges' hashed identifier: `sha256$` and the hex digest of the address and salt."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


@dataclass(frozen=True)
class AchievementEdition:
    """The achievement in another language: the workshop page in that language, and the
    workshop's own title there (never a fallback) with the description written in it."""

    language: str  # UN code, as the certificate's (`fr`, `zh`)
    url: str
    name: str
    description: str


@dataclass(frozen=True)
class CredentialFacts:
    """What a certificate's credential states, in the certificate's language."""

    code: str
    holder_name: str
    email: str
    salt: str
    language: str
    title: str  # "Certificate of Attendance", in the certificate's language
    workshop_title: str
    workshop_url: str  # the workshop page in the certificate's language
    description: str
    criteria: str
    office_slug: str
    office_name: str  # "Regional office, Bangkok", in the certificate's language
    start_date: dt.date
    end_date: dt.date
    issued_at: dt.datetime
    status_list: str
    status_index: int
    other_editions: tuple[AchievementEdition, ...] = ()


def _related(edition: AchievementEdition) -> dict[str, Any]:
    """Open Badges 3.0 `Related`: "identifies another Achievement that should be considered the
    same for most purposes ... primarily intended to identify alternate language editions". Its
    class "can be extended with additional properties": the edition's name and description, as
    `name` and `description`, which the VC 2.0 context defines on every object (schema.org's),
    so they need no context of ours and survive canonicalisation."""
    return {
        "id": edition.url,
        "type": ["Related"],
        "inLanguage": edition.language,
        "name": edition.name,
        "description": edition.description,
    }


def _day_start(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def achievement_credential(facts: CredentialFacts) -> dict[str, Any]:
    """An unsigned OpenBadgeCredential (Open Badges 3.0 over VC 2.0). The person is named as
    printed and identified by a salted hash of their e-mail, never the address itself."""
    issuer = issuer_id()
    status_url = status_list_url(facts.status_list)
    achievement: dict[str, Any] = {
        "id": facts.workshop_url,
        "type": ["Achievement"],
        "achievementType": "CertificateOfCompletion",
        "name": facts.workshop_title,
        "description": facts.description,
        "criteria": {"narrative": facts.criteria},
        "inLanguage": facts.language,
        "creator": {
            "id": f"{issuer}#office-{facts.office_slug}",
            "type": ["Profile"],
            "name": facts.office_name,
        },
    }
    if facts.other_editions:
        # The schema types `name` as one string (no language map): the other languages are
        # the same achievement's other editions.
        achievement["related"] = [_related(edition) for edition in facts.other_editions]
    return {
        "@context": [VC_V2, OB_V3],
        "id": credential_url(facts.code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{facts.title}: {facts.workshop_title}",
        "issuer": {
            "id": issuer,
            "type": ["Profile"],
            "name": ISSUER_NAME,
            "url": settings.SITE_URL + "/",
        },
        "validFrom": xsd_datetime(facts.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "identityHash": email_identity_hash(facts.email, facts.salt),
                    "salt": facts.salt,
                },
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": facts.holder_name,
                },
            ],
            "activityStartDate": _day_start(facts.start_date),
            "activityEndDate": _day_start(facts.end_date),
            "achievement": achievement,
        },
        "credentialStatus": {
            "id": f"{status_url}#{facts.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(facts.status_index),
            "statusListCredential": status_url,
        },
        "credentialSchema": [OB_SCHEMA],
    }


def issuer_profile(keys: Iterable[PublicKey]) -> dict[str, Any]:
    """The issuer's Profile with every public key it has signed with, each a Multikey that the
    profile controls and lists under assertionMethod (what verifiers check)."""
    issuer = issuer_id()
    methods = [
        {
            "id": verification_method_id(key.key_id),
            "type": "Multikey",
            "controller": issuer,
            "publicKeyMultibase": key.multibase,
        }
        for key in keys
    ]
    return {
        "@context": [VC_V2, OB_V3, DID_V1, MULTIKEY_V1],
        "id": issuer,
        "type": ["Profile"],
        "name": ISSUER_NAME,
        "url": settings.SITE_URL + "/",
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def multikey_document(key: PublicKey) -> dict[str, Any]:
    """One key on its own, as a verifier dereferencing the verification method gets it."""
    return {
        "@context": MULTIKEY_V1,
        "id": verification_method_id(key.key_id),
        "type": "Multikey",
        "controller": issuer_id(),
        "publicKeyMultibase": key.multibase,
    }


def encode_bitstring(size: int, set_indexes: Iterable[int]) -> str:
    """The spec's encodedList: multibase base64url (no padding) of the GZIP of the bits, index
    0 being the first byte's most significant bit. GZIP without a timestamp, so the same bits
    always encode the same."""
    bits = bytearray(size // 8)
    for index in set_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def decode_bitstring(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("Not a base64url multibase list.")
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def bit_is_set(bits: bytes, index: int) -> bool:
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(
    *, name: str, size: int, revoked: Iterable[int], valid_from: dt.datetime
) -> dict[str, Any]:
    url = status_list_url(name)
    return {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": xsd_datetime(valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_bitstring(size, revoked),
        },
    }
