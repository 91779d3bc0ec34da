"""Issuing a certificate's signed credential, publishing the keys, erasing a person's
credentials.

A certificate gets its credential as it is stored (certificates.finishing calls
`credential_attach` inside the issuing transaction): a random free entry of a status list, the
OpenBadgeCredential signed with the current key, kept exactly as signed, and embedded in the PDF
that is then stored. A certificate issued before credentials existed gets one the first time
someone asks for it (`credential_for_certificate`), without a PDF to carry it."""

import hashlib
import json
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone, translation

from certificates.models import Certificate
from certificates.pdf import CertificatePrint
from certificates.texts import certificate_texts, django_language
from core.content_languages import languages_present, localized, un_language
from core.keyring import SigningKey
from core.language_urls import url_in_language
from credentials import documents, integrity
from credentials.attachments import attach_credential
from credentials.keys import credential_keyring
from credentials.models import CertificateCredential, PublishedKey, StatusList
from credentials.selectors import revoked_indexes
from credentials.texts import criteria_text, description_text
from workshops.models import Workshop

INDEX_ATTEMPTS = 20
STATUS_LIST_CACHE_SECONDS = 24 * 60 * 60


def signing_key_publish(key: SigningKey | None = None) -> SigningKey:
    """The current signing key, recorded among the published keys before it signs anything:
    once used, a key stays in the issuer profile."""
    key = key or credential_keyring().current()
    public = key.public
    PublishedKey.objects.get_or_create(
        key_id=public.key_id, defaults={"public_key_multibase": public.multibase}
    )
    return key


def _open_status_list() -> StatusList:
    """The newest list with room (under half full, so a random free index is found at once);
    a new one when none has."""
    latest = (
        StatusList.objects.annotate(used=Count("entries")).order_by("-created_at", "-id").first()
    )
    if latest is not None and latest.used * 2 < latest.size:
        return latest
    # Two issues starting the next list at once both get the same one.
    status_list, _created = StatusList.objects.get_or_create(
        name=str(StatusList.objects.count() + 1)
    )
    return status_list


def _status_entry(certificate: Certificate, key_id: str) -> CertificateCredential:
    """A new credential row at a random free index; retried on the rare collision."""
    status_list = _open_status_list()
    for _attempt in range(INDEX_ATTEMPTS):
        index = secrets.randbelow(status_list.size)
        if CertificateCredential.objects.filter(
            status_list=status_list, status_index=index
        ).exists():
            continue
        try:
            with transaction.atomic():
                return CertificateCredential.objects.create(
                    certificate=certificate,
                    status_list=status_list,
                    status_index=index,
                    key_id=key_id,
                )
        except IntegrityError:
            # Taken meanwhile by a concurrent issue, or this certificate got its credential
            # from a concurrent request: the latter wins outright.
            existing = CertificateCredential.objects.filter(certificate=certificate).first()
            if existing is not None:
                return existing
    raise RuntimeError("No free status list index found.")


def _workshop_page(workshop: Workshop, language: str) -> str:
    """The workshop page in `language` (a UN code): the id of the achievement's edition in it."""
    path = url_in_language(
        "workshops:detail", kwargs={"slug": workshop.slug}, language=django_language(language)
    )
    return settings.SITE_URL + path


def _workshop_description(workshop: Workshop, language: str) -> str:
    with translation.override(django_language(language)):
        return description_text(
            workshop, certificate_title=certificate_texts(language)["title"], language=language
        )


def _other_editions(workshop: Workshop, language: str) -> tuple[documents.AchievementEdition, ...]:
    """The achievement in each other language in which the workshop has its own title (a
    fallback title would only repeat another language's)."""
    return tuple(
        documents.AchievementEdition(
            language=un_language(code),
            url=_workshop_page(workshop, un_language(code)),
            name=localized(workshop, "title", code).text,
            description=_workshop_description(workshop, un_language(code)),
        )
        for code in languages_present(workshop, ["title"])
        if code != django_language(language)
    )


def credential_facts(
    *, certificate: Certificate, entry: CertificateCredential, salt: str
) -> documents.CredentialFacts:
    registration = certificate.registration
    workshop = registration.workshop
    language = certificate.language
    texts = certificate_texts(language)
    with translation.override(django_language(language)):
        criteria = criteria_text(workshop)
    return documents.CredentialFacts(
        code=certificate.code,
        holder_name=certificate.holder_name,
        email=registration.participant.email,
        salt=salt,
        language=language,
        title=texts["title"],
        workshop_title=localized(workshop, "title", django_language(language)).text,
        workshop_url=_workshop_page(workshop, language),
        description=_workshop_description(workshop, language),
        criteria=criteria,
        office_slug=workshop.office.slug,
        office_name=texts["office"]
        % {"office": localized(workshop.office, "name", django_language(language)).text},
        start_date=workshop.start_date,
        end_date=workshop.end_date,
        issued_at=certificate.issued_at,
        status_list=entry.status_list.name,
        status_index=entry.status_index,
        other_editions=_other_editions(workshop, language),
    )


def credential_sign(document: dict, *, key: SigningKey) -> dict:
    return integrity.sign(
        document,
        key=key,
        verification_method=documents.verification_method_id(key.key_id),
        created=documents.xsd_datetime(timezone.now()),
    )


def serialise(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


def _credential_create(certificate: Certificate) -> CertificateCredential:
    key = signing_key_publish()
    entry = _status_entry(certificate, key.key_id)
    if entry.signed_json:
        return entry  # made by a concurrent request
    facts = credential_facts(certificate=certificate, entry=entry, salt=secrets.token_hex(16))
    signed = credential_sign(documents.achievement_credential(facts), key=key)
    entry.signed_json = serialise(signed)
    entry.save(update_fields=["signed_json"])
    return entry


def credential_attach(*, certificate: Certificate, item: CertificatePrint, pdf: bytes) -> bytes:
    """The certificates' finishing step: sign the new certificate's credential and return its
    PDF with the credential embedded (in the issuing transaction: no certificate is stored
    without its credential)."""
    entry = _credential_create(certificate)
    return attach_credential(pdf, entry.signed_json.encode())


def credential_for_certificate(*, certificate: Certificate) -> CertificateCredential | None:
    """The certificate's credential; made now for a current certificate issued before
    credentials existed. None when it was erased with the person, or for an older certificate
    that never had one (a superseded or revoked one is not signed anew)."""
    entry = (
        CertificateCredential.objects.select_related("status_list")
        .filter(certificate=certificate)
        .first()
    )
    if entry is None:
        if not certificate.is_valid or not certificate.holder_name:
            return None
        with transaction.atomic():
            entry = _credential_create(certificate)
    if entry.erased_at is not None or not entry.signed_json:
        return None
    return entry


def status_list_document(*, status_list: StatusList) -> str:
    """The list's BitstringStatusListCredential, signed, as served. Signed again only when its
    revoked entries (or the key) changed: the cache key holds both, so a revocation shows at
    once and unchanged lists cost a query."""
    revoked = revoked_indexes(status_list=status_list)
    key = credential_keyring().current()
    digest = hashlib.sha256(",".join(map(str, revoked)).encode()).hexdigest()[:32]
    cache_key = f"credentials:status:{status_list.pk}:{key.key_id}:{digest}"
    document = cache.get(cache_key)
    if document is None:
        signing_key_publish(key)
        unsigned = documents.status_list_credential(
            name=status_list.name, size=status_list.size, revoked=revoked, valid_from=timezone.now()
        )
        document = serialise(credential_sign(unsigned, key=key))
        cache.set(cache_key, document, timeout=STATUS_LIST_CACHE_SECONDS)
    return document


def credentials_erase(*, certificates) -> int:
    """Blank the credentials of these certificates (they name the person and hash their
    e-mail); their status entries stay. Returns how many were erased."""
    return CertificateCredential.objects.filter(
        certificate__in=certificates, erased_at__isnull=True
    ).update(signed_json="", erased_at=timezone.now())
