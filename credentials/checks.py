"""`check --deploy`: production must not sign credentials with a generated development key."""

from django.conf import settings
from django.core import checks

from core.keyring import KeyRingError
from credentials.keys import credential_keyring


def check_signing_key(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if settings.DEBUG:
        return []
    ring = credential_keyring()
    if ring.source != "generated":
        try:
            ring.current()
        except KeyRingError as error:
            return [checks.Error(str(error), id="credentials.E001")]
        return []
    return [
        checks.Warning(
            "Credentials are signed with a development key generated into var/.",
            hint=(
                "Set CREDENTIAL_SIGNING_KEY (PEM) or CREDENTIAL_SIGNING_KEY_FILE so that the "
                "key is one you chose, back up and keep across deployments."
            ),
            id="credentials.W001",
        )
    ]
