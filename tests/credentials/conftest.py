import json
from pathlib import Path

import jsonschema
import pytest
from django.core.cache import cache

from certificates.services import certificate_issue
from tests.certificates.conftest import attend_all, make_attendee, past_workshop  # noqa: F401

HERE = Path(__file__).resolve().parent
SCHEMA = json.loads((HERE / "schema" / "ob_v3p0_achievementcredential_schema.json").read_text())


def assert_valid_open_badge(credential: dict) -> None:
    """Against 1EdTech's AchievementCredential JSON Schema (schema/SOURCE.md)."""
    validator = jsonschema.Draft201909Validator(
        SCHEMA, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(credential), key=lambda error: list(error.path))
    assert [f"{list(error.path)}: {error.message}" for error in errors] == []


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def issue(make_attendee):  # noqa: F811
    """Issue a certificate to a new attendee; returns the certificate."""

    def make(**participant):
        registration = make_attendee(**participant)
        return certificate_issue(registration=registration, by=None).certificate

    return make
