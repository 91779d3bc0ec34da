import hashlib
import os

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from core.keyring import (
    KeyRing,
    KeyRingError,
    PublicKey,
    base58btc_decode,
    base58btc_encode,
    private_key_pem,
)


def _ring(tmp_path, *, environ_value: str = "", key_file=None) -> KeyRing:
    return KeyRing(
        name="TEST_SIGNING_KEY",
        environ_value=environ_value,
        key_file=key_file,
        dev_file=tmp_path / "dev" / "key.pem",
    )


def test_without_env_or_file_a_development_key_is_generated_once_and_kept(tmp_path):
    ring = _ring(tmp_path)

    first = ring.current()
    second = ring.current()

    assert first.source == "generated"
    assert first.key_id == second.key_id
    assert oct((tmp_path / "dev" / "key.pem").stat().st_mode & 0o777) == "0o600"


def test_the_environment_wins_and_accepts_escaped_newlines(tmp_path):
    key = Ed25519PrivateKey.generate()
    one_line = private_key_pem(key).replace("\n", "\\n")

    current = _ring(tmp_path, environ_value=one_line).current()

    assert current.source == "environment"
    assert current.public.multibase == PublicKey.from_multibase(current.public.multibase).multibase
    assert not (tmp_path / "dev").exists()


def test_a_key_file_named_by_a_setting_is_read(tmp_path):
    path = tmp_path / "signing.pem"
    path.write_text(private_key_pem(Ed25519PrivateKey.generate()))

    assert _ring(tmp_path, key_file=path).current().source == "file"


def test_a_missing_or_wrong_key_says_where(tmp_path):
    with pytest.raises(KeyRingError, match="cannot be read"):
        _ring(tmp_path, key_file=tmp_path / "absent.pem").current()
    with pytest.raises(KeyRingError, match="TEST_SIGNING_KEY variable is not a PEM"):
        _ring(tmp_path, environ_value="not a key").current()


def test_rotating_keeps_the_old_public_key(tmp_path):
    path = tmp_path / "signing.pem"
    path.write_text(private_key_pem(Ed25519PrivateKey.generate()))
    ring = _ring(tmp_path, key_file=path)
    old = ring.current()

    new = ring.rotate()

    assert new.key_id != old.key_id
    assert ring.current().key_id == new.key_id
    assert ring.public_keys() == [new.public, old.public]
    signature = old.sign(b"signed before the rotation")
    assert ring.public_keys()[1].verify(signature, b"signed before the rotation") is True
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_a_key_from_the_environment_is_not_rotated_here(tmp_path):
    ring = _ring(tmp_path, environ_value=private_key_pem(Ed25519PrivateKey.generate()))

    with pytest.raises(KeyRingError, match="comes from the environment"):
        ring.rotate()


def test_key_ids_derive_from_the_public_key():
    # The W3C vector's public key (vc-di-eddsa TestVectors/keyPair.json).
    key = PublicKey.from_multibase("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")

    assert key.key_id == "key-" + hashlib.sha256(key.multibase.encode()).hexdigest()[:16]
    assert PublicKey.from_multibase(key.multibase).key_id == key.key_id


def test_base58btc_round_trips_with_leading_zeros():
    data = b"\0\0\x01\x02\xff"

    assert base58btc_decode(base58btc_encode(data)) == data
    assert base58btc_encode(b"hello world") == "StV1DL6CwTryKyV"


def test_anything_but_an_ed25519_multikey_is_refused():
    with pytest.raises(ValueError, match="Ed25519"):
        PublicKey.from_multibase("z" + base58btc_encode(b"\x12\x00" + b"\x01" * 32))
    with pytest.raises(ValueError, match="multibase"):
        PublicKey.from_multibase("u" + "A" * 40)
