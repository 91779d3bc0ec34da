import io

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError

from core.keyring import private_key_pem
from credentials.checks import check_signing_key
from credentials.models import PublishedKey
from credentials.selectors import published_keys

pytestmark = pytest.mark.django_db


def test_rotate_signing_key_publishes_the_new_key_and_keeps_the_old(issue, settings, tmp_path):
    key_file = tmp_path / "signing.pem"
    key_file.write_text(private_key_pem(Ed25519PrivateKey.generate()))
    settings.CREDENTIAL_SIGNING_KEY_FILE = str(key_file)
    certificate = issue()
    old_id = certificate.credential.key_id
    out = io.StringIO()

    call_command("rotate_signing_key", stdout=out)

    new_id = published_keys()[0].key_id
    assert out.getvalue().splitlines()[0] == f"Signing key rotated: {old_id} -> {new_id}."
    assert new_id != old_id
    assert set(PublishedKey.objects.values_list("key_id", flat=True)) == {old_id, new_id}
    assert issue().credential.key_id == new_id


def test_rotate_signing_key_refuses_a_key_from_the_environment(settings):
    settings.CREDENTIAL_SIGNING_KEY = private_key_pem(Ed25519PrivateKey.generate())

    with pytest.raises(CommandError, match="comes from the environment"):
        call_command("rotate_signing_key", stdout=io.StringIO())


def test_the_deployment_check_warns_about_a_generated_key_only_in_production(settings):
    settings.DEBUG = False
    assert [message.id for message in check_signing_key()] == ["credentials.W001"]

    settings.DEBUG = True
    assert check_signing_key() == []


def test_the_deployment_check_is_quiet_with_a_chosen_key(settings):
    settings.DEBUG = False
    settings.CREDENTIAL_SIGNING_KEY = private_key_pem(Ed25519PrivateKey.generate())

    assert check_signing_key() == []
