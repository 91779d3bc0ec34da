"""schemathesis reads the committed OpenAPI description and sends generated requests, valid
and invalid, to every operation, with no token and with Bangkok's demo token (every scope):
no server error, no answer outside what the description promises (status, content type, body
schema), and never a 2xx for Cairo's objects. Bounded: a fixed number of examples per
operation, derandomized (the same requests on every run), and fixed requests for Cairo's."""

import json
import re

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation

from api.models import Scope
from api.schema_file import SCHEMA_PATH
from api.services import api_token_create
from attendance.models import Attendance
from certificates.models import CertificateBatch
from demo.offices_and_people import demo_api_token
from offices.models import Region
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
def cairo():
    """Another office's objects, each of a kind an office endpoint takes in its path."""
    office = RegionalOfficeFactory(
        slug="cairo", name="Cairo", region=Region.objects.get(slug="arab-states")
    )
    workshop = WorkshopFactory(office=office, slug="cairo-workshop")
    registration = RegistrationFactory(workshop=workshop)
    batch = CertificateBatch.objects.create(workshop=workshop)
    session = SessionFactory(workshop=workshop)
    return {
        "slug": workshop.slug,
        "session_id": session.pk,
        "registration_id": registration.pk,
        "participant_id": registration.participant_id,
        "batch_id": batch.pk,
    }


@pytest.fixture
def office_token(settings):
    """A little of everything, and Bangkok's demo token (made as seed_demo makes it: every
    scope); limits high enough for the run."""
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
        name="Demo token (Bangkok)",
        scopes=list(Scope.values),
        secret=demo_api_token("bangkok"),
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
    # A case that breaks the headers on purpose (a missing Authorization among them) is sent
    # as generated: adding the token back would turn it into a valid request.
    broken_headers = case._meta is not None and case._meta.is_negative_at(ParameterLocation.HEADER)
    case.call_and_validate(
        headers={} if broken_headers else {"Authorization": f"Bearer {office_token}"},
        # A schema-valid request may still be refused: a cursor is opaque (any string fits the
        # schema; only those we gave out are accepted, others are a documented 400).
        excluded_checks=[schemathesis.checks.positive_data_acceptance],
    )


OFFICE_OPERATIONS = [
    (path, method.upper())
    for path, operations in schema.raw_schema["paths"].items()
    if path.startswith("/api/v1/office/") and "{" in path
    for method in operations
]
BODIES = {
    "/status": lambda cairo: {"action": "cancel"},
    "/attendance": lambda cairo: {
        "actions": [
            {
                "id": "0b6c1b8e-3f4e-4c1a-9d7e-2a4f5b6c7d8e",
                "kind": "check_in",
                "session": cairo["session_id"],
                "occurred_at": "2026-01-01T09:00:00+00:00",
                "registration": cairo["registration_id"],
            }
        ]
    },
}


@pytest.mark.parametrize(("path", "method"), OFFICE_OPERATIONS)
def test_another_office_object_is_never_a_success(path, method, office_token, cairo):
    """Every office operation, pointed at Cairo's objects with Bangkok's token: 404, within
    the description, and nothing of Cairo's changes."""
    operation = schema[path][method]
    body = next((body(cairo) for end, body in BODIES.items() if path.endswith(end)), None)
    if method == "GET":
        body = None
    case = operation.Case(
        path_parameters={name: cairo[name] for name in re.findall(r"{(\w+)}", path)},
        **({"body": body, "media_type": "application/json"} if body is not None else {}),
    )

    response = case.call_and_validate(headers={"Authorization": f"Bearer {office_token}"})

    assert response.status_code == 404
    assert CertificateBatch.objects.filter(workshop__slug="cairo-workshop").count() == 1
    assert not Attendance.objects.filter(registration_id=cairo["registration_id"]).exists()
