"""The eddsa-rdfc-2022 implementation against the specification's test vectors (vectors/,
SOURCE.md there), and its refusals."""

import copy
import hashlib
import json
import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from core.keyring import PublicKey, SigningKey, base58btc_decode, base58btc_encode
from credentials import integrity

VECTORS = Path(__file__).resolve().parent / "vectors"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
CONTEXTS = {
    **integrity.SHIPPED_CONTEXTS,
    EXAMPLES_V2: {"@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}},
}


def _vector(name: str) -> str:
    return (VECTORS / name).read_text()


def _vector_key() -> SigningKey:
    private = json.loads(_vector("keyPair.json"))["privateKeyMultibase"]
    raw = base58btc_decode(private[1:])
    assert raw[:2] == b"\x80\x26"  # the multicodec of an Ed25519 private key
    return SigningKey(Ed25519PrivateKey.from_private_bytes(raw[2:]), source="environment")


def test_the_vector_key_pair_gives_the_vector_public_key():
    public = json.loads(_vector("keyPair.json"))["publicKeyMultibase"]

    assert _vector_key().public.multibase == public


def test_canonical_document_matches_the_vector():
    signed = json.loads(_vector("signedDataInt.json"))
    del signed["proof"]

    assert integrity.canonical_nquads(signed, contexts=CONTEXTS) == _vector("canonDocDataInt.txt")


def test_canonical_proof_options_match_the_vector():
    options = json.loads(_vector("proofConfigDataInt.json"))

    assert integrity.canonical_nquads(options, contexts=CONTEXTS) == _vector(
        "proofCanonDataInt.txt"
    )


def test_hash_data_and_signature_match_the_vector():
    signed = json.loads(_vector("signedDataInt.json"))
    proof = signed["proof"]

    data = integrity.hash_data(signed, proof, contexts=CONTEXTS)

    assert data.hex() == _vector("combinedHashDataInt.txt").strip()
    assert (
        hashlib.sha256(
            integrity.canonical_nquads(
                {k: v for k, v in signed.items() if k != "proof"}, contexts=CONTEXTS
            ).encode()
        ).hexdigest()
        == _vector("docHashDataInt.txt").strip()
    )
    signature = _vector_key().sign(data)
    assert "z" + base58btc_encode(signature) == _vector("sigBTC58DataInt.txt").strip()
    assert proof["proofValue"] == _vector("sigBTC58DataInt.txt").strip()


def _signed_example() -> tuple[dict, dict[str, PublicKey]]:
    key = SigningKey(Ed25519PrivateKey.generate(), source="generated")
    document = {
        "@context": [integrity.VC_V2],
        "id": "urn:uuid:1d8b2b1e-0b0a-4d9a-9a3c-3f2f6a1f0001",
        "type": ["VerifiableCredential"],
        "issuer": "https://example.org/issuer",
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "https://example.org/subject", "name": "Ana Pérez"},
    }
    signed = integrity.sign(
        document,
        key=key,
        verification_method="https://example.org/issuer#k",
        created="2024-01-02T00:00:00Z",
    )
    return signed, {"https://example.org/issuer#k": key.public}


def test_a_signed_document_verifies_with_its_key_only():
    signed, keys = _signed_example()
    other = SigningKey(Ed25519PrivateKey.generate(), source="generated").public

    assert integrity.verify(signed, keys=keys) is True
    assert integrity.verify(signed, keys={"https://example.org/issuer#k": other}) is False
    assert integrity.verify(signed, keys={}) is False


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["credentialSubject"].update(name="Ana Perez"),  # one character
        lambda d: d.update(validFrom="2024-01-01T00:00:01Z"),
        lambda d: d["proof"][0].update(created="2024-01-03T00:00:00Z"),
        lambda d: d["proof"][0].update(proofValue=d["proof"][0]["proofValue"][:-1] + "1"),
        lambda d: d["proof"][0].update(proofPurpose="authentication"),
    ],
)
def test_any_change_breaks_the_signature(change):
    signed, keys = _signed_example()
    tampered = copy.deepcopy(signed)

    change(tampered)

    assert integrity.verify(tampered, keys=keys) is False


def test_a_context_we_do_not_ship_is_refused_not_fetched():
    document = {"@context": ["https://example.org/ctx"], "name": "x"}

    with pytest.raises(integrity.IntegrityError, match="cannot be canonicalised"):
        integrity.canonical_nquads(document)
    with pytest.raises(integrity.IntegrityError, match="not shipped"):
        integrity.static_document_loader(integrity.SHIPPED_CONTEXTS)("https://example.org/ctx")


def test_shipped_contexts_are_the_files_the_source_note_lists():
    note = (integrity.CONTEXTS_DIR / "SOURCE.md").read_text()
    listed = dict(
        (name, digest) for digest, name in re.findall(r"^([0-9a-f]{64})  (\S+)$", note, re.M)
    )

    actual = {
        name: hashlib.sha256((integrity.CONTEXTS_DIR / name).read_bytes()).hexdigest()
        for name in integrity.CONTEXT_FILES.values()
    }

    assert actual == listed
