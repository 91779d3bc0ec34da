"""The daily clean-up command also deletes abandoned import previews."""

import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from core.importing import upload_stash

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """A private storage of this test's own, so files of other tests do not count."""
    settings.PRIVATE_ROOT = str(tmp_path / "private")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": settings.PRIVATE_ROOT},
        },
    }
    return settings.PRIVATE_ROOT


def _path(token: str) -> Path:
    return Path(settings.PRIVATE_ROOT) / "imports" / f"{token}.upload"


def _make_old(token: str) -> None:
    then = time.time() - settings.IMPORT_PENDING_MAX_AGE_SECONDS - 60
    os.utime(_path(token), (then, then))


def test_purge_personal_data_deletes_an_old_preview_and_keeps_a_fresh_one():
    old = upload_stash(b"name,email\nAmina,amina@example.org\n")
    fresh = upload_stash(b"name,email\nBo,bo@example.org\n")
    _make_old(old)

    call_command("purge_personal_data", stdout=StringIO())

    assert not _path(old).exists()
    assert _path(fresh).read_bytes() == b"name,email\nBo,bo@example.org\n"


def test_purge_personal_data_dry_run_keeps_an_old_preview():
    old = upload_stash(b"name,email\nAmina,amina@example.org\n")
    _make_old(old)
    out = StringIO()

    call_command("purge_personal_data", "--dry-run", stdout=out)

    assert _path(old).exists()
    assert "Would delete 1 abandoned import preview(s)." in out.getvalue()
