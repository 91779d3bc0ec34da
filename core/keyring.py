"""Ed25519 signing keys with ids, loaded the same way wherever the project signs something.

A key ring is named by its caller (each use has its own key and its own settings) and finds
its private key, in this order:

1. an environment variable holding the key as PEM (PKCS#8; `\\n` escapes are accepted, so
   the key fits on one line of an env file);
2. a key file, PEM, whose path a setting names;
3. otherwise a key generated once into a development folder (the git-ignored `var/`), kept
   across restarts. `source == "generated"` says so, so that a deployment check can warn that
   production signs with a key nobody chose.

A key's id is derived from its public key (`key-` and 16 hex digits of its SHA-256), so an id
never needs storing and always names the same key. Rotating writes a new private key to the
key file (or the development file) and appends the old public key to a `.retired` file beside
it: the ring's public keys are the current one and every retired one, so what was signed
before a rotation still verifies. A key read from the environment cannot be rotated from here
(the operator replaces the variable; the caller keeps its own record of the keys it used).

Public keys are written as Multikey multibase (`z` + base58btc of 0xed01 + the 32 key bytes),
the form the W3C Data Integrity suites and `did:key` use."""

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ED25519_MULTICODEC = b"\xed\x01"
BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

KeySource = Literal["environment", "file", "generated"]


class KeyRingError(Exception):
    """A key that cannot be read, or a rotation that cannot be done; the message says why."""


def base58btc_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    encoded = ""
    while number:
        number, remainder = divmod(number, 58)
        encoded = BASE58_ALPHABET[remainder] + encoded
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading_zeros + encoded


def base58btc_decode(text: str) -> bytes:
    number = 0
    for char in text:
        index = BASE58_ALPHABET.find(char)
        if index < 0:
            raise ValueError(f"Not a base58btc character: {char!r}")
        number = number * 58 + index
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    leading_zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * leading_zeros + body


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58btc_encode(ED25519_MULTICODEC + raw)


def public_key_from_multibase(multibase: str) -> Ed25519PublicKey:
    """The Ed25519 key of a `z6Mk…` multibase string; ValueError for anything else."""
    if not multibase.startswith("z"):
        raise ValueError("Not a base58btc multibase key.")
    data = base58btc_decode(multibase[1:])
    if len(data) != 34 or not data.startswith(ED25519_MULTICODEC):
        raise ValueError("Not an Ed25519 public key.")
    return Ed25519PublicKey.from_public_bytes(data[2:])


def key_id_for(multibase: str) -> str:
    return "key-" + hashlib.sha256(multibase.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class PublicKey:
    key_id: str
    multibase: str

    @classmethod
    def from_multibase(cls, multibase: str) -> "PublicKey":
        public_key_from_multibase(multibase)  # refuses what is not an Ed25519 key
        return cls(key_id=key_id_for(multibase), multibase=multibase)

    def verify(self, signature: bytes, data: bytes) -> bool:
        try:
            public_key_from_multibase(self.multibase).verify(signature, data)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class SigningKey:
    private_key: Ed25519PrivateKey
    source: KeySource

    @property
    def public(self) -> PublicKey:
        return PublicKey.from_multibase(public_key_multibase(self.private_key.public_key()))

    @property
    def key_id(self) -> str:
        return self.public.key_id

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)


def private_key_pem(private_key: Ed25519PrivateKey) -> str:
    return private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def load_private_key(pem: str, *, where: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem.replace("\\n", "\n").encode(), password=None)
    except (ValueError, TypeError) as error:
        raise KeyRingError(
            f"The signing key in {where} is not a PEM private key: {error}"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyRingError(f"The signing key in {where} is not an Ed25519 key.")
    return key


def _write_private(path: Path, key: Ed25519PrivateKey) -> None:
    """Write the key readable by its owner only, replacing the old file in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".new")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(private_key_pem(key))
    temporary.replace(path)


@dataclass(frozen=True)
class KeyRing:
    """One signing key and the public keys it replaced. `environ_value` is the content of the
    environment variable (empty when unset), `key_file` the path a setting names (or None),
    `dev_file` where a development key is generated when neither is given."""

    name: str
    environ_value: str
    key_file: Path | None
    dev_file: Path

    @property
    def _file(self) -> Path:
        return self.key_file or self.dev_file

    @property
    def _retired_file(self) -> Path:
        return self._file.with_name(self._file.name + ".retired")

    @property
    def source(self) -> KeySource:
        """Where the key comes from, without reading (or generating) it."""
        if self.environ_value.strip():
            return "environment"
        return "file" if self.key_file is not None else "generated"

    def current(self) -> SigningKey:
        if self.environ_value.strip():
            return SigningKey(
                load_private_key(self.environ_value, where=f"the {self.name} variable"),
                source="environment",
            )
        if self.key_file is not None:
            try:
                pem = self.key_file.read_text()
            except OSError as error:
                raise KeyRingError(
                    f"The {self.name} key file {self.key_file} cannot be read: {error}"
                ) from None
            return SigningKey(load_private_key(pem, where=str(self.key_file)), source="file")
        if not self.dev_file.exists():
            _write_private(self.dev_file, Ed25519PrivateKey.generate())
        pem = self.dev_file.read_text()
        return SigningKey(load_private_key(pem, where=str(self.dev_file)), source="generated")

    def retired(self) -> list[PublicKey]:
        if not self._retired_file.exists():
            return []
        lines = self._retired_file.read_text().split()
        return [PublicKey.from_multibase(line) for line in lines if line]

    def public_keys(self) -> list[PublicKey]:
        """The current public key first, then the retired ones, newest first."""
        current = self.current().public
        retired = [key for key in reversed(self.retired()) if key != current]
        return [current, *dict.fromkeys(retired)]

    def rotate(self) -> SigningKey:
        """A new private key in the key file (or the development file); the old public key is
        appended to the `.retired` file beside it. Refused for a key from the environment."""
        if self.environ_value.strip():
            raise KeyRingError(
                f"The {self.name} key comes from the environment: put a new key there "
                "(the keys already used stay published)."
            )
        old = self.current().public
        self._retired_file.parent.mkdir(parents=True, exist_ok=True)
        with self._retired_file.open("a") as handle:
            handle.write(old.multibase + "\n")
        _write_private(self._file, Ed25519PrivateKey.generate())
        return self.current()
