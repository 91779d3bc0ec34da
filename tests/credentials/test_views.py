import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certificates.models import Certificate
from certificates.services import certificate_revoke
from credentials import documents, integrity
from credentials.models import CertificateCredential
from credentials.selectors import published_keys, verification_keys
from privacy.services import participant_anonymise
from tests.credentials.conftest import assert_valid_open_badge

pytestmark = pytest.mark.django_db

LD_JSON = "application/ld+json; charset=utf-8"


@pytest.fixture
def certificate(issue) -> Certificate:
    return issue(full_name="Ana Lima")


def _pdf(certificate: Certificate) -> bytes:
    with certificate.pdf.open("rb") as pdf:
        return pdf.read()


def _upload(client, name: str, data: bytes, **extra):
    return client.post(
        reverse("credentials:verify_file"), {"file": SimpleUploadedFile(name, data)}, **extra
    )


def test_issuer_profile_publishes_the_key_as_an_assertion_method(client, certificate, settings):
    response = client.get(reverse("credentials:issuer"))

    profile = json.loads(response.content)
    assert response["Content-Type"] == LD_JSON
    assert response["Cache-Control"] == "public, max-age=300"
    key = published_keys()[0]
    method_id = f"{settings.SITE_URL}/credentials/issuer.json#{key.key_id}"
    assert profile["verificationMethod"] == [
        {
            "id": method_id,
            "type": "Multikey",
            "controller": profile["id"],
            "publicKeyMultibase": key.multibase,
        }
    ]
    assert profile["assertionMethod"] == [method_id]
    assert profile["@context"][-1] == integrity.MULTIKEY_V1


def test_status_list_is_signed_cached_and_says_revoked(client, certificate):
    entry = CertificateCredential.objects.get(certificate=certificate)
    url = reverse("credentials:status_list", args=[entry.status_list.name])
    certificate_revoke(certificate=certificate, category="other", reason="x", by=None)

    response = client.get(url)

    document = json.loads(response.content)
    assert response["Content-Type"] == LD_JSON
    assert "max-age=300" in response["Cache-Control"]
    assert integrity.verify(document, keys=verification_keys(published_keys())) is True
    bits = documents.decode_bitstring(document["credentialSubject"]["encodedList"])
    assert documents.bit_is_set(bits, entry.status_index) is True
    assert sum(bin(byte).count("1") for byte in bits) == 1


def test_unknown_status_list_is_404(client):
    assert client.get(reverse("credentials:status_list", args=["99"])).status_code == 404


def test_verify_credential_json_is_the_signed_credential(client, certificate):
    response = client.get(reverse("credentials:verify_credential", args=[certificate.code]))

    assert response["Content-Type"] == LD_JSON
    credential = json.loads(response.content)
    assert_valid_open_badge(credential)
    assert response.content.decode() == certificate.credential.signed_json


def test_a_revoked_certificate_credential_is_still_served(client, certificate):
    certificate_revoke(certificate=certificate, category="other", reason="x", by=None)

    response = client.get(reverse("credentials:verify_credential", args=[certificate.code]))

    assert response.status_code == 200
    assert json.loads(response.content)["id"].endswith(
        f"/verify/{certificate.code}/credential.json"
    )


def test_unknown_code_credential_is_404(client):
    response = client.get(reverse("credentials:verify_credential", args=["ABCDEFGHJKMN"]))

    assert response.status_code == 404


def test_me_credential_is_the_current_certificate_credential(client, certificate):
    token = certificate.registration.token

    response = client.get(reverse("me:credential", args=[token]))

    assert response.status_code == 200
    assert response.content.decode() == certificate.credential.signed_json
    assert "no-store" in response["Cache-Control"]


def test_me_credential_without_a_current_certificate_is_404(client, certificate, make_attendee):
    other = make_attendee()  # attended, no certificate issued
    certificate_revoke(certificate=certificate, category="other", reason="x", by=None)

    assert client.get(reverse("me:credential", args=[other.token])).status_code == 404
    revoked = client.get(reverse("me:credential", args=[certificate.registration.token]))
    assert revoked.status_code == 404
    assert client.get(reverse("me:credential", args=["not-a-token"])).status_code == 404


def test_after_erasure_the_credential_is_not_served_and_the_code_still_verifies(
    client, certificate
):
    participant_anonymise(participant=certificate.registration.participant)

    response = client.get(reverse("credentials:verify_credential", args=[certificate.code]))
    page = client.get(reverse("certificates:verify", args=[certificate.code]))

    assert response.status_code == 404
    assert page.status_code == 200
    assert "Ana Lima" not in page.content.decode()
    assert reverse("credentials:verify_credential", args=[certificate.code]) not in (
        page.content.decode()
    )


def test_verify_page_and_me_page_link_to_the_credential(client, certificate):
    page = client.get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    me = client.get(reverse("me:page", args=[certificate.registration.token])).content.decode()

    assert reverse("credentials:verify_credential", args=[certificate.code]) in page
    assert "wallet or learning record" in page
    assert reverse("me:credential", args=[certificate.registration.token]) in me
    assert "wallet or learning record" in me


def test_upload_of_the_issued_pdf_is_genuine_unchanged_not_revoked(client, certificate):
    response = _upload(client, "certificate.pdf", _pdf(certificate))

    result = response.context["result"]
    assert (result.kind, result.genuine, result.unchanged, result.revoked) == (
        "pdf",
        True,
        True,
        False,
    )
    assert result.certificate == certificate
    assert "Genuine, unchanged and not revoked" in response.content.decode()


def test_upload_of_a_changed_pdf_says_changed(client, certificate):
    changed = _pdf(certificate) + b"\n% an edit\n"

    result = _upload(client, "certificate.pdf", changed).context["result"]

    assert (result.genuine, result.unchanged) == (True, False)


def test_upload_of_the_credential_json_after_revocation_says_revoked(client, certificate):
    certificate_revoke(certificate=certificate, category="other", reason="x", by=None)

    response = _upload(client, "credential.json", certificate.credential.signed_json.encode())

    result = response.context["result"]
    assert (result.kind, result.genuine, result.unchanged, result.revoked) == (
        "json",
        True,
        True,
        True,
    )
    assert "Revoked." in response.content.decode()


def test_upload_of_a_credential_with_one_character_changed_is_not_genuine(client, certificate):
    tampered = certificate.credential.signed_json.replace("Ana Lima", "Ana Lime").encode()

    result = _upload(client, "credential.json", tampered).context["result"]

    assert (result.genuine, result.unchanged, result.revoked) == (False, False, None)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.txt", b"hello", "neither a certificate PDF nor a credential JSON"),
        ("empty.json", b"", "The submitted file is empty."),
        ("list.json", b"[1, 2]", "not a signed credential"),
        ("broken.pdf", b"%PDF-1.7 garbage", "This PDF cannot be read."),
        ("latin.json", '{"a": "é"}'.encode("latin-1"), "neither a certificate PDF"),
    ],
)
def test_bad_uploads_get_a_clear_message(client, name, data, message):
    response = _upload(client, name, data)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_pdf_without_a_credential_says_so(client, certificate):
    plain = _pdf(certificate).split(b"%%EOF")[0] + b"%%EOF\n"  # the PDF as rendered

    response = _upload(client, "certificate.pdf", plain)

    assert response.status_code == 400
    assert "carries no credential" in response.content.decode()


def test_an_oversized_upload_is_refused(client, settings):
    settings.CREDENTIAL_UPLOAD_MAX_BYTES = 100

    response = _upload(client, "big.json", b"{" + b" " * 200 + b"}")

    assert response.status_code == 400
    assert "larger than" in response.content.decode()


def test_upload_is_rate_limited(client, settings, certificate):
    settings.RATELIMIT_VERIFY = "2/m"
    data = certificate.credential.signed_json.encode()

    statuses = [_upload(client, "credential.json", data).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_the_upload_form_shows_on_get(client):
    response = client.get(reverse("credentials:verify_file"))

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_the_credential_pdf_checksum_is_the_stored_one(certificate):
    assert hashlib.sha256(_pdf(certificate)).hexdigest() == certificate.pdf_sha256


def test_an_upload_not_shaped_like_our_credentials_is_not_canonicalised(client, certificate):
    credential = json.loads(certificate.credential.signed_json)
    # A poison graph: many look-alike blank nodes, which canonicalisation would take ages over.
    credential["credentialSubject"]["evidence"] = [{"knows": [{"x": 1}] * 3}] * 40

    result = _upload(client, "credential.json", json.dumps(credential).encode()).context["result"]

    assert (result.genuine, result.unchanged) == (False, False)
