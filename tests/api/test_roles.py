"""Per role and per scope, every office endpoint refuses what it should: a token lacking the
endpoint's scope gets 403, another office's object 404, a read-only token (headquarters', or
one whose user is now a viewer) 403 on a write; and a refusal changes nothing."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from api.models import Scope
from api.services import api_token_create
from attendance.models import Attendance, CheckinAction
from certificates.models import CertificateBatch
from offices.models import Region, StaffMembership
from participants.models import Registration
from tests.factories import (
    RegionalOfficeFactory,
    RegistrationFactory,
    SessionFactory,
    StaffMembershipFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

STAFF = StaffMembership.Role.OFFICE_STAFF
VIEWER = StaffMembership.Role.OFFICE_VIEWER
HQ = StaffMembership.Role.HEADQUARTERS


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str  # formatted with slug, registration, participant, batch
    scope: str
    writes: bool
    body: dict | Callable[["Office"], dict] | None = None


ENDPOINTS = [
    Endpoint("registrations", "get", "workshops/{slug}/registrations", "read:registrations", False),
    Endpoint(
        "registration status",
        "post",
        "workshops/{slug}/registrations/{registration}/status",
        "write:registrations",
        True,
        {"action": "cancel"},
    ),
    Endpoint("attendance", "get", "workshops/{slug}/attendance", "read:attendance", False),
    Endpoint(
        "attendance record",
        "post",
        "workshops/{slug}/attendance",
        "write:attendance",
        True,
        lambda target: {
            "actions": [
                {
                    "id": str(uuid.uuid4()),
                    "kind": "check_in",
                    "session": target.session.pk,
                    "occurred_at": "2026-01-01T09:00:00+00:00",
                    "registration": target.registration.pk,
                }
            ]
        },
    ),
    Endpoint("participant", "get", "participants/{participant}", "read:registrations", False),
    Endpoint(
        "certificate batch start",
        "post",
        "workshops/{slug}/certificate-batches",
        "write:certificates",
        True,
        {},
    ),
    Endpoint(
        "certificate batch progress",
        "get",
        "workshops/{slug}/certificate-batches/{batch}",
        "write:certificates",
        False,
    ),
]


@dataclass
class Office:
    workshop: object
    registration: Registration
    batch: CertificateBatch
    session: object


def _office(slug: str, region: str) -> Office:
    office = RegionalOfficeFactory(
        slug=slug, name=slug.title(), region=Region.objects.get(slug=region)
    )
    workshop = WorkshopFactory(office=office, slug=f"{slug}-workshop")
    registration = RegistrationFactory(workshop=workshop)
    batch = CertificateBatch.objects.create(workshop=workshop, status=CertificateBatch.Status.DONE)
    return Office(workshop, registration, batch, SessionFactory(workshop=workshop))


@pytest.fixture
def offices():
    return {"own": _office("bangkok", "asia-pacific"), "other": _office("cairo", "arab-states")}


def _token(role, office, scopes):
    """A Bearer header for a token of a new login with `role`. A viewer's token: made by
    office staff who later became a viewer (viewers cannot make tokens)."""
    membership = StaffMembershipFactory(
        role=HQ if role == HQ else STAFF, office=None if role == HQ else office
    )
    _token, secret = api_token_create(
        user=membership.user, office=membership.office, name="matrix", scopes=scopes
    )
    if role == VIEWER:
        StaffMembership.objects.filter(pk=membership.pk).update(role=VIEWER)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _call(client, endpoint: Endpoint, target: Office, headers):
    url = "/api/v1/office/" + endpoint.path.format(
        slug=target.workshop.slug,
        registration=target.registration.pk,
        participant=target.registration.participant_id,
        batch=target.batch.pk,
    )
    if endpoint.method == "get":
        return client.get(url, **headers)
    body = endpoint.body(target) if callable(endpoint.body) else endpoint.body
    return client.post(url, body, content_type="application/json", **headers)


def _state():
    """What any of these endpoints could change."""
    return (
        sorted(Registration.objects.values_list("pk", "status")),
        CertificateBatch.objects.count(),
        Registration.history.count(),
        Attendance.objects.count(),
        CheckinAction.objects.count(),
    )


ALLOWED_SCOPES = {STAFF: Scope.values, VIEWER: Scope.values, HQ: ["read:registrations"]}


def _expected(role, endpoint: Endpoint, *, has_scope: bool, whose: str) -> int:
    if not has_scope:
        return 403
    if whose == "other" and role != HQ:
        return 404
    if endpoint.writes and role in (VIEWER, HQ):
        return 403
    return 202 if endpoint.name == "certificate batch start" else 200


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: endpoint.name)
@pytest.mark.parametrize("role", [STAFF, VIEWER, HQ])
@pytest.mark.parametrize("whose", ["own", "other"])
def test_every_endpoint_with_every_scope_but_its_own_is_refused(
    client, offices, endpoint, role, whose
):
    """Each of the six scopes alone (those the role may hold): only the endpoint's opens it."""
    target = offices[whose]
    scopes = [scope for scope in Scope.values if scope != endpoint.scope]
    if role == HQ:
        scopes = [scope for scope in scopes if scope.startswith("read:")]
    before = _state()

    answers = {
        scope: _call(
            client, endpoint, target, _token(role, offices["own"].workshop.office, [scope])
        )
        for scope in scopes
    }

    assert {scope: answer.status_code for scope, answer in answers.items()} == dict.fromkeys(
        scopes, 403
    )
    assert {answer.json()["type"] for answer in answers.values()} == {"/api/v1/problems/forbidden"}
    assert _state() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: endpoint.name)
@pytest.mark.parametrize("role", [STAFF, VIEWER, HQ])
@pytest.mark.parametrize("whose", ["own", "other"])
def test_every_endpoint_with_its_scope_per_role_and_office(
    client, offices, endpoint, role, whose, django_capture_on_commit_callbacks
):
    target = offices[whose]
    own_office = offices["own"].workshop.office
    if role == HQ and not endpoint.scope.startswith("read:"):
        pytest.skip("a headquarters token cannot hold a write scope (refused at creation)")
    headers = _token(role, own_office, [endpoint.scope])
    before = _state()

    with django_capture_on_commit_callbacks(execute=False):
        response = _call(client, endpoint, target, headers)

    expected = _expected(role, endpoint, has_scope=True, whose=whose)
    assert response.status_code == expected
    if expected >= 400:
        assert response["Content-Type"] == "application/problem+json"
        assert _state() == before
        assert target.registration.participant.full_name not in response.content.decode()
    elif endpoint.writes:
        assert _state() != before


def test_headquarters_token_with_a_write_scope_cannot_be_made():
    user = StaffMembershipFactory(role=HQ, office=None).user

    with pytest.raises(Exception, match="Headquarters tokens can only read"):
        api_token_create(user=user, office=None, name="x", scopes=["write:certificates"])


def test_token_of_a_user_moved_to_another_office_is_refused(client, offices):
    headers = _token(STAFF, offices["own"].workshop.office, Scope.values)
    StaffMembership.objects.filter(office=offices["own"].workshop.office).update(
        office=offices["other"].workshop.office
    )

    response = _call(client, ENDPOINTS[0], offices["other"], headers)

    assert response.status_code == 401
