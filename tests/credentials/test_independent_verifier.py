"""Our credentials and status lists, checked by an implementation that is not ours: Digital
Bazaar's @digitalbazaar/vc with the eddsa-rdfc-2022 cryptosuite and the Bitstring Status List
checker, on Node (tests/credentials/node/: package.json and its lock; `npm ci` installs them
once per machine, again only when the lock changes). Its document loader is static: the
contexts we ship and the documents our views served in the test."""

import copy
import hashlib
import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from certificates.services import certificate_revoke
from credentials.integrity import CONTEXT_FILES, CONTEXTS_DIR
from tests.credentials.conftest import assert_valid_open_badge

pytestmark = pytest.mark.django_db

NODE_DIR = Path(__file__).resolve().parent / "node"


@pytest.fixture(scope="session")
def node_verifier() -> Path:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("Node.js (node and npm) is not installed: the independent verifier cannot run.")
    lock = hashlib.sha256((NODE_DIR / "package-lock.json").read_bytes()).hexdigest()[:16]
    stamp = NODE_DIR / "node_modules" / f".installed-{lock}"
    if not stamp.exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"],
            cwd=NODE_DIR,
            check=True,
            capture_output=True,
            timeout=600,
        )
        stamp.touch()
    return NODE_DIR / "verify.mjs"


def _verify(script: Path, credentials: list[dict], documents: dict[str, dict]) -> list[dict]:
    payload = {
        "contexts": {url: str(CONTEXTS_DIR / name) for url, name in CONTEXT_FILES.items()},
        "documents": documents,
        "credentials": credentials,
    }
    run = subprocess.run(
        ["node", str(script)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def _served(client, path: str) -> dict:
    response = client.get(path)
    assert response.status_code == 200
    return json.loads(response.content)


def _documents(client, credential: dict) -> dict[str, dict]:
    """What a verifier would fetch: the issuer profile and the status list credential."""
    issuer = _served(client, reverse("credentials:issuer"))
    status_url = credential["credentialStatus"]["statusListCredential"]
    status = _served(client, urlsplit(status_url).path)
    return {issuer["id"]: issuer, status_url: status}


def test_an_independent_verifier_accepts_our_credential_and_sees_revocation(
    client, issue, node_verifier
):
    certificate = issue(full_name="Jean-Baptiste Tévi")
    credential = _served(client, reverse("credentials:verify_credential", args=[certificate.code]))
    assert_valid_open_badge(credential)
    tampered = copy.deepcopy(credential)
    tampered["credentialSubject"]["identifier"][1]["identityHash"] = "Jean-Baptiste Tevi"

    before = _verify(node_verifier, [credential, tampered], _documents(client, credential))
    certificate_revoke(certificate=certificate, category="issued_in_error", reason="test", by=None)
    after = _verify(node_verifier, [credential], _documents(client, credential))

    assert before[0] == {"verified": True, "revoked": False, "errors": []}
    assert before[1]["verified"] is False
    assert after[0]["revoked"] is True


def test_an_independent_verifier_accepts_a_credential_with_other_language_editions(
    client, issue, past_workshop, node_verifier
):
    past_workshop.title_fr = "Atelier de Port-Vila"
    past_workshop.title_es = "Taller de Port Vila"
    past_workshop.save()
    certificate = issue()
    credential = _served(client, reverse("credentials:verify_credential", args=[certificate.code]))
    assert [r["inLanguage"] for r in credential["credentialSubject"]["achievement"]["related"]] == [
        "fr",
        "es",
    ]
    tampered = copy.deepcopy(credential)
    tampered["credentialSubject"]["achievement"]["related"][0]["name"] = "Atelier de Paris"

    results = _verify(node_verifier, [credential, tampered], _documents(client, credential))

    assert results[0] == {"verified": True, "revoked": False, "errors": []}
    assert results[1]["verified"] is False
