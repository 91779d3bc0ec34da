"""python manage.py rotate_signing_key"""

from django.core.management.base import BaseCommand, CommandError

from core.keyring import KeyRingError
from credentials.keys import credential_keyring
from credentials.services import signing_key_publish


class Command(BaseCommand):
    help = (
        "Replace the key that signs credentials with a new one (in CREDENTIAL_SIGNING_KEY_FILE, "
        "or the development key in var/keys/). The old public key stays published in "
        "/credentials/issuer.json, so credentials signed with it still verify. A key given in "
        "the CREDENTIAL_SIGNING_KEY variable is rotated by replacing the variable."
    )

    def handle(self, *args, **options) -> None:
        ring = credential_keyring()
        try:
            old = signing_key_publish(ring.current())
            new = signing_key_publish(ring.rotate())
        except KeyRingError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Signing key rotated: {old.key_id} -> {new.key_id}.")
        self.stdout.write(
            "New credentials are signed with the new key; the old one stays published."
        )
