"""The credentials' key ring (core.keyring), read from this app's own settings."""

from pathlib import Path

from django.conf import settings

from core.keyring import KeyRing


def credential_keyring() -> KeyRing:
    key_file = settings.CREDENTIAL_SIGNING_KEY_FILE
    return KeyRing(
        name="CREDENTIAL_SIGNING_KEY",
        environ_value=settings.CREDENTIAL_SIGNING_KEY,
        key_file=Path(key_file) if key_file else None,
        dev_file=Path(settings.CREDENTIAL_DEV_KEY_FILE),
    )
