"""W3C Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite: pure functions over JSON.

Signing, as the suite specifies: canonicalise the document without its proof (RDFC-1.0, which
pyld implements as URDNA2015) and the proof's options with the document's `@context`; the
signed bytes are SHA-256(options) followed by SHA-256(document); the signature is Ed25519,
written as multibase base58btc in `proofValue`.

Contexts come from the files in credentials/contexts/ (SOURCE.md says where each came from),
through a document loader that knows nothing else: a document naming any other context fails
to canonicalise instead of fetching it. `proof` is written as a list (the Open Badges schema
wants one), which every Data Integrity verifier reads as a proof set of one."""

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pyld import jsonld

from core.keyring import PublicKey, SigningKey, base58btc_decode, base58btc_encode

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DID_V1 = "https://www.w3.org/ns/did/v1"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"

CONTEXT_FILES = {
    VC_V2: "credentials-v2.jsonld",
    OB_V3: "ob-v3p0-context-3.0.3.json",
    DID_V1: "did-v1.jsonld",
    MULTIKEY_V1: "multikey-v1.jsonld",
    DATA_INTEGRITY_V2: "data-integrity-v2.jsonld",
}

CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_TYPE = "DataIntegrityProof"


class IntegrityError(Exception):
    """A document that cannot be canonicalised (a context we do not ship, bad JSON-LD)."""


def _load_contexts(extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    documents = {
        url: json.loads((CONTEXTS_DIR / name).read_text()) for url, name in CONTEXT_FILES.items()
    }
    documents.update(extra or {})
    return documents


SHIPPED_CONTEXTS = _load_contexts()


def static_document_loader(contexts: Mapping[str, Any]):
    """A pyld document loader serving `contexts` (URL -> parsed JSON) and refusing the rest."""

    def load(url: str, options: dict | None = None) -> dict:
        if url not in contexts:
            raise IntegrityError(f"Context not shipped with the project: {url}")
        return {"contextUrl": None, "documentUrl": url, "document": contexts[url]}

    return load


def canonical_nquads(
    document: Mapping[str, Any], *, contexts: Mapping[str, Any] | None = None
) -> str:
    """The RDFC-1.0 canonical N-Quads of a JSON-LD document."""
    loader = static_document_loader(contexts or SHIPPED_CONTEXTS)
    try:
        return jsonld.normalize(
            dict(document),
            {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader},
        )
    except jsonld.JsonLdError as error:
        raise IntegrityError(f"The document cannot be canonicalised: {error}") from None


def hash_data(
    document: Mapping[str, Any],
    proof_options: Mapping[str, Any],
    *,
    contexts: Mapping[str, Any] | None = None,
) -> bytes:
    """What the signature covers: SHA-256 of the canonical proof options (with the document's
    context), then SHA-256 of the canonical document without its proof."""
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    options = {key: value for key, value in proof_options.items() if key != "proofValue"}
    options["@context"] = document["@context"]
    return (
        hashlib.sha256(canonical_nquads(options, contexts=contexts).encode()).digest()
        + hashlib.sha256(canonical_nquads(unsigned, contexts=contexts).encode()).digest()
    )


def sign(
    document: Mapping[str, Any],
    *,
    key: SigningKey,
    verification_method: str,
    created: str,
) -> dict[str, Any]:
    """The document with a `proof` list holding one eddsa-rdfc-2022 proof (`created` is an
    XML Schema dateTime, UTC, to the second)."""
    proof = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = key.sign(hash_data(document, proof))
    proof["proofValue"] = "z" + base58btc_encode(signature)
    return {**{k: v for k, v in document.items() if k != "proof"}, "proof": [proof]}


def _proofs(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    proof = document.get("proof")
    if isinstance(proof, Mapping):
        return [proof]
    if isinstance(proof, list):
        return [item for item in proof if isinstance(item, Mapping)]
    return []


def verify(document: Mapping[str, Any], *, keys: Mapping[str, PublicKey]) -> bool:
    """True when the document carries an eddsa-rdfc-2022 proof for assertions made with one of
    `keys` (verification method id -> public key) whose signature holds over it as it is now."""
    for proof in _proofs(document):
        if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
            continue
        if proof.get("proofPurpose") != "assertionMethod":
            continue
        key = keys.get(str(proof.get("verificationMethod")))
        value = proof.get("proofValue")
        if key is None or not isinstance(value, str) or not value.startswith("z"):
            continue
        try:
            signature = base58btc_decode(value[1:])
            data = hash_data(document, proof)
        except (IntegrityError, ValueError, KeyError, TypeError):
            return False
        if len(signature) == 64 and key.verify(signature, data):
            return True
    return False
