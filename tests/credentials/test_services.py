import json

import pytest
from django.utils import timezone

from certificates.models import Certificate
from certificates.services import certificate_revoke
from credentials import documents, integrity
from credentials.attachments import embedded_credential
from credentials.models import STATUS_LIST_MIN_SIZE, CertificateCredential, PublishedKey
from credentials.selectors import published_keys, revoked_indexes, verification_keys
from credentials.services import (
    credential_for_certificate,
    credentials_erase,
    signing_key_publish,
    status_list_document,
)
from tests.credentials.conftest import assert_valid_open_badge

pytestmark = pytest.mark.django_db


def _credential(certificate: Certificate) -> dict:
    return json.loads(CertificateCredential.objects.get(certificate=certificate).signed_json)


def _status_bit(entry: CertificateCredential) -> bool:
    document = json.loads(status_list_document(status_list=entry.status_list))
    bits = documents.decode_bitstring(document["credentialSubject"]["encodedList"])
    return documents.bit_is_set(bits, entry.status_index)


def test_issuing_a_certificate_signs_an_open_badge_credential(issue, settings):
    certificate = issue(full_name="Leïla Haddad", email="Leila.Haddad@example.org")

    credential = _credential(certificate)

    assert_valid_open_badge(credential)
    assert credential["@context"] == [integrity.VC_V2, integrity.OB_V3]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == f"{settings.SITE_URL}/verify/{certificate.code}/credential.json"
    assert credential["issuer"]["id"] == f"{settings.SITE_URL}/credentials/issuer.json"
    subject = credential["credentialSubject"]
    email, name = subject["identifier"]
    assert name == {
        "type": "IdentityObject",
        "identityType": "name",
        "hashed": False,
        "identityHash": "Leïla Haddad",
    }
    assert email["identityHash"] == documents.email_identity_hash(
        "leila.haddad@example.org", email["salt"]
    )
    assert "example.org" not in json.dumps(credential)
    achievement = subject["achievement"]
    workshop = certificate.registration.workshop
    assert achievement["achievementType"] == "CertificateOfCompletion"
    assert achievement["name"] == workshop.title
    assert achievement["criteria"]["narrative"] == "Attend at least 50% of the workshop's sessions."
    assert achievement["creator"]["name"] == f"Regional office, {workshop.office.name}"
    assert subject["activityStartDate"] == f"{workshop.start_date.isoformat()}T00:00:00Z"
    assert credential["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert integrity.verify(credential, keys=verification_keys(published_keys())) is True


def test_the_certificate_pdf_carries_the_credential_as_served(issue):
    certificate = issue()

    with certificate.pdf.open("rb") as pdf:
        embedded = embedded_credential(pdf.read())

    entry = CertificateCredential.objects.get(certificate=certificate)
    assert embedded == entry.signed_json.encode()


def test_credential_in_the_certificate_language_with_mandatory_sessions(issue, past_workshop):
    past_workshop.certificate_language = "fr"
    past_workshop.save()
    past_workshop.sessions.filter(title="Closing").update(is_mandatory=True)

    achievement = _credential(issue())["credentialSubject"]["achievement"]

    assert achievement["inLanguage"] == "fr"
    assert achievement["creator"]["name"] == f"Bureau régional, {past_workshop.office.name}"
    assert achievement["description"].startswith("Certificat de participation")
    assert "Closing" in achievement["criteria"]["narrative"]
    assert_valid_open_badge(_credential(Certificate.objects.get()))


def test_credential_names_the_workshop_in_the_certificate_language(issue, past_workshop):
    past_workshop.certificate_language = "fr"
    past_workshop.title_fr = "Atelier de Port-Vila"
    past_workshop.save()

    credential = _credential(issue())

    assert credential["name"].endswith(": Atelier de Port-Vila")
    assert "Atelier de Port-Vila" in json.dumps(credential["credentialSubject"], ensure_ascii=False)


def test_credential_lists_the_other_language_editions_of_the_achievement(
    issue, past_workshop, settings, client
):
    past_workshop.title_en = "Port Vila workshop"
    past_workshop.title_fr = "Atelier de Port-Vila"
    past_workshop.save()

    credential = _credential(issue())

    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["id"] == f"{settings.SITE_URL}/en/workshops/port-vila-test/"
    assert achievement["inLanguage"] == "en"
    assert achievement["name"] == "Port Vila workshop"
    (french,) = achievement["related"]
    assert french["id"] == f"{settings.SITE_URL}/fr/workshops/port-vila-test/"
    assert french["type"] == ["Related"]
    assert french["inLanguage"] == "fr"
    assert french["name"] == "Atelier de Port-Vila"
    assert french["description"].startswith(
        "Certificat de participation : l’atelier « Atelier de Port-Vila »"
    )
    assert client.get("/fr/workshops/port-vila-test/").status_code == 200
    assert_valid_open_badge(credential)
    assert integrity.verify(credential, keys=verification_keys(published_keys())) is True


def test_credential_lists_no_edition_for_a_language_without_its_own_title(issue, past_workshop):
    past_workshop.title_en = "Port Vila workshop"
    for code in ("fr", "ar", "ru", "es", "zh_hans"):
        setattr(past_workshop, f"title_{code}", "")
    past_workshop.save()

    achievement = _credential(issue())["credentialSubject"]["achievement"]

    assert "related" not in achievement


def test_a_chinese_certificate_lists_the_english_edition(issue, past_workshop, settings):
    past_workshop.certificate_language = "zh"
    past_workshop.title_en = "Port Vila workshop"
    past_workshop.title_zh_hans = "维拉港讲习班"
    past_workshop.save()

    achievement = _credential(issue())["credentialSubject"]["achievement"]

    assert achievement["id"] == f"{settings.SITE_URL}/zh-hans/workshops/port-vila-test/"
    assert (achievement["inLanguage"], achievement["name"]) == ("zh", "维拉港讲习班")
    assert [(r["inLanguage"], r["id"], r["name"]) for r in achievement["related"]] == [
        ("en", f"{settings.SITE_URL}/en/workshops/port-vila-test/", "Port Vila workshop")
    ]


def test_status_entries_are_random_in_a_list_of_the_minimum_size(issue):
    first, second = issue(), issue()

    entries = CertificateCredential.objects.filter(certificate__in=[first, second])

    assert {entry.status_list.size for entry in entries} == {STATUS_LIST_MIN_SIZE}
    assert len({entry.status_index for entry in entries}) == 2
    assert sorted(e.status_index for e in entries) != [0, 1]  # not handed out in order


def test_revoking_flips_the_bit_at_once(issue):
    certificate = issue()
    entry = CertificateCredential.objects.get(certificate=certificate)
    assert _status_bit(entry) is False

    certificate_revoke(certificate=certificate, category="issued_in_error", reason="typo", by=None)

    assert _status_bit(entry) is True
    assert revoked_indexes(status_list=entry.status_list) == [entry.status_index]


def test_superseding_flips_the_old_bit_and_not_the_new(issue):
    certificate = issue()
    Certificate.objects.filter(pk=certificate.pk).update(superseded_at=timezone.now())
    entry = CertificateCredential.objects.get(certificate=certificate)

    assert _status_bit(entry) is True


def test_status_list_credential_is_signed_and_verifies(issue):
    entry = CertificateCredential.objects.get(certificate=issue())

    document = json.loads(status_list_document(status_list=entry.status_list))

    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["credentialSubject"]["statusPurpose"] == "revocation"
    bits = documents.decode_bitstring(document["credentialSubject"]["encodedList"])
    assert len(bits) * 8 == STATUS_LIST_MIN_SIZE
    assert integrity.verify(document, keys=verification_keys(published_keys())) is True


def test_a_certificate_issued_before_credentials_gets_one_when_asked(issue):
    certificate = issue()
    CertificateCredential.objects.all().delete()

    entry = credential_for_certificate(certificate=certificate)

    assert entry is not None
    assert_valid_open_badge(json.loads(entry.signed_json))
    assert credential_for_certificate(certificate=certificate) == entry


def test_no_new_credential_for_a_revoked_certificate_that_never_had_one(issue):
    certificate = issue()
    CertificateCredential.objects.all().delete()
    certificate_revoke(certificate=certificate, category="other", reason="x", by=None)

    assert credential_for_certificate(certificate=certificate) is None
    assert CertificateCredential.objects.count() == 0


def test_erasing_blanks_the_credential_but_keeps_its_status_entry(issue):
    certificate = issue(full_name="Yolanda Vexbridge")

    erased = credentials_erase(certificates=Certificate.objects.filter(pk=certificate.pk))

    entry = CertificateCredential.objects.get(certificate=certificate)
    assert (erased, entry.signed_json, entry.erased_at is not None) == (1, "", True)
    assert credential_for_certificate(certificate=certificate) is None


def test_every_key_once_used_stays_published(issue, settings, tmp_path):
    issue()
    old = PublishedKey.objects.get()
    settings.CREDENTIAL_DEV_KEY_FILE = str(tmp_path / "other.pem")

    new = signing_key_publish()

    assert [key.key_id for key in published_keys()] == [new.key_id, old.key_id]
