"""Test settings: fast hashing, mail kept in memory, media and private files in temporary
folders, tasks run at once.

On SQLite the test database is in memory (Django's default for a test database without a
NAME); the tests marked `concurrency` copy it to a file of their own, and a session running the
browser tests uses a file throughout (both in tests/conftest.py)."""

import os
import tempfile

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-not-secret")

from config.settings import *  # noqa: F403
from config.settings import TASKS_BACKEND  # noqa: F401

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="cop-test-media-")
SERVE_MEDIA = True  # the media route is mounted, so its rules are tested
PRIVATE_ROOT = tempfile.mkdtemp(prefix="cop-test-private-")
CHECKIN_QR_KEY_FILE = os.path.join(tempfile.mkdtemp(prefix="cop-test-keys-"), "checkin-qr.pem")
# A development key of the test run's own, never the one in var/ (nor the environment's).
CREDENTIAL_SIGNING_KEY = ""
CREDENTIAL_SIGNING_KEY_FILE = ""
CREDENTIAL_DEV_KEY_FILE = f"{tempfile.mkdtemp(prefix='cop-test-keys-')}/credential-signing-key.pem"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off: a test's transaction never commits, so the revision would never move; the tests of the
# page cache (tests/core/test_page_cache.py) turn it on and commit for real.
PAGE_CACHE_SECONDS = 0
RECORDS_CACHE_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
WEBHOOK_ALLOW_LOOPBACK = True  # the webhook tests receive on a local server
WEBHOOK_TIMEOUT_SECONDS = 5
WHITENOISE_AUTOREFRESH = True  # serve from the finders; tests never run collectstatic
