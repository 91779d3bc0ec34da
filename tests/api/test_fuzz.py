"""schemathesis reads the committed OpenAPI description and sends generated requests, valid
and invalid, to every operation, with no token and with an office token: no server error, no
answer outside what the description promises (status, content type, body schema). Bounded:
a fixed number of examples per operation, derandomized (the same requests on every run)."""

import json

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from api.schema_file import SCHEMA_PATH
from api.services import api_token_create
from tests.factories import (
    OutcomeDocumentFileFactory,
    RegionalOfficeFactory,
    RegistrationFactory,
    SessionFactory,
    StaffMembershipFactory,
    WorkshopFactory,
    WorkshopPartnerFactory,
)

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_dict(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
schema.app = get_wsgi_application()

EXAMPLES_PER_OPERATION = 25


@pytest.fixture(autouse=True)
def _connections_kept_across_requests():
    """The WSGI app here is called directly, not through the test client, so Django's request
    signals would close the database connection after each request (and with it the test's
    transaction, on a file database). Keep it open, as the test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def office_token(settings):
    """A little of everything, and an office token; limits high enough for the run."""
    settings.RATELIMIT_API_ADDRESS = "100000/m"
    settings.RATELIMIT_API_TOKEN = "100000/m"
    settings.RATELIMIT_VERIFY = "100000/m"
    cache.clear()
    office = RegionalOfficeFactory(slug="bangkok", name="Bangkok")
    workshop = WorkshopFactory(office=office, slug="port-vila")
    SessionFactory(workshop=workshop)
    WorkshopPartnerFactory(workshop=workshop)
    RegistrationFactory(workshop=workshop)
    OutcomeDocumentFileFactory(document__workshop=workshop)
    _token, secret = api_token_create(
        user=StaffMembershipFactory(office=office).user,
        office=office,
        name="fuzz",
        scopes=["read:workshops", "read:registrations", "read:attendance"],
    )
    return secret


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_within_its_description(case, office_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {office_token}"},
        # A schema-valid request may still be refused: a cursor is opaque (any string fits the
        # schema; only those we gave out are accepted, others are a documented 400).
        excluded_checks=[schemathesis.checks.positive_data_acceptance],
    )
