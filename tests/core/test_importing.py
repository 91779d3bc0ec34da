"""Uploaded files kept between an import's preview and its confirmation."""

import os
import time
from pathlib import Path

import pytest
from django.conf import settings

from core.importing import upload_purge_stale, upload_stash, upload_unstash


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


def _stashed_files(root) -> list[Path]:
    return [path for path in Path(root).rglob("*.upload") if path.is_file()]


def test_upload_stash_keeps_the_file_outside_the_served_media():
    token = upload_stash(b"name,email\nAmina,amina@example.org\n")

    assert upload_unstash(token) == b"name,email\nAmina,amina@example.org\n"
    assert [p.name for p in _stashed_files(settings.PRIVATE_ROOT) if token in p.name] == [
        f"{token}.upload"
    ]
    assert [p for p in _stashed_files(settings.MEDIA_ROOT) if token in p.name] == []


def _age(token: str, seconds: int) -> None:
    path = Path(settings.PRIVATE_ROOT) / "imports" / f"{token}.upload"
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_upload_purge_stale_removes_only_old_previews():
    old = upload_stash(b"old")
    fresh = upload_stash(b"fresh")
    _age(old, settings.IMPORT_PENDING_MAX_AGE_SECONDS + 60)

    removed = upload_purge_stale(max_age_seconds=settings.IMPORT_PENDING_MAX_AGE_SECONDS)

    assert removed == [f"imports/{old}.upload"]
    assert upload_unstash(fresh) == b"fresh"
    assert not (Path(settings.PRIVATE_ROOT) / "imports" / f"{old}.upload").exists()
