"""Bad input to the office endpoints: each answer is a problem document that names the problem
(the field at fault, or why the token is refused), and nothing changes."""

import datetime as dt

import pytest
from django.utils import timezone

from api.models import ApiToken, Scope
from api.services import api_token_create, api_token_revoke
from certificates.models import CertificateBatch
from participants.models import Registration
from tests.factories import RegistrationFactory, StaffMembershipFactory

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture
def token(office):
    """(token, Bearer header) with every scope, of a staff member of `office`."""
    user = StaffMembershipFactory(office=office).user
    token, secret = api_token_create(user=user, office=office, name="CRM", scopes=Scope.values)
    return token, {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def registration(workshop):
    return RegistrationFactory(workshop=workshop)


def _status_url(registration) -> str:
    return (
        f"/api/v1/office/workshops/{registration.workshop.slug}"
        f"/registrations/{registration.pk}/status"
    )


def _unchanged(registration) -> bool:
    registration.refresh_from_db()
    return (registration.status, registration.sequence, registration.history.count()) == (
        Registration.Status.CONFIRMED,
        0,
        1,
    )


@pytest.mark.parametrize(
    "body",
    ['{"action": "cancel"', "action=cancel", "", "[", '{"action": "cancel"}}'],
)
def test_malformed_json_is_a_400_problem_and_changes_nothing(client, token, registration, body):
    response = client.post(
        _status_url(registration), body, content_type="application/json", **token[1]
    )

    assert response.status_code in (400, 422)
    assert response["Content-Type"] == PROBLEM
    assert response.json()["detail"]
    assert _unchanged(registration)


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"action": ["cancel"]}, "action"),
        ({"action": None}, "action"),
        ({"action": "cancel", "status": "confirmed"}, "status"),
        ({"action": "CANCEL"}, "action"),
        ({"action": "cancel" * 1000}, "action"),
    ],
)
def test_wrong_types_unknown_fields_and_oversized_values_name_the_field(
    client, token, registration, body, named
):
    response = client.post(
        _status_url(registration), body, content_type="application/json", **token[1]
    )

    assert response.status_code == 422
    assert response.json()["type"] == "/api/v1/problems/validation"
    assert response.json()["detail"] == f"Not valid: payload.{named}."
    assert _unchanged(registration)


def test_a_path_id_of_the_wrong_type_names_it(client, token, registration):
    url = f"/api/v1/office/workshops/{registration.workshop.slug}/registrations/abc/status"

    response = client.post(url, {"action": "cancel"}, content_type="application/json", **token[1])

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["path", "registration_id"]
    assert _unchanged(registration)


def test_an_oversized_verify_batch_names_the_limit(client):
    response = client.post(
        "/api/v1/verify", {"codes": ["ABCDEFGHJKMN"] * 101}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "payload", "codes"]
    assert "at most 100" in response.json()["errors"][0]["msg"]


def test_an_expired_token_is_refused_saying_so_and_changes_nothing(client, token, registration):
    api_token, headers = token
    ApiToken.objects.filter(pk=api_token.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )

    response = client.post(
        _status_url(registration), {"action": "cancel"}, content_type="application/json", **headers
    )
    batch = client.post(
        f"/api/v1/office/workshops/{registration.workshop.slug}/certificate-batches", **headers
    )

    assert (response.status_code, batch.status_code) == (401, 401)
    assert response["Content-Type"] == PROBLEM
    assert response.json()["type"] == "/api/v1/problems/unauthorized"
    assert response.json()["detail"] == "This token expired."
    assert _unchanged(registration)
    assert CertificateBatch.objects.count() == 0


def test_a_revoked_token_is_refused_saying_so_and_changes_nothing(client, token, registration):
    api_token, headers = token
    api_token_revoke(token=api_token)

    response = client.post(
        _status_url(registration), {"action": "cancel"}, content_type="application/json", **headers
    )

    assert response.status_code == 401
    assert response.json()["detail"] == "This token was revoked."
    assert _unchanged(registration)
    api_token.refresh_from_db()
    assert api_token.last_used_at is None


def test_an_unknown_token_is_refused_saying_so(client, registration):
    response = client.get(
        f"/api/v1/office/workshops/{registration.workshop.slug}/registrations",
        HTTP_AUTHORIZATION="Bearer cop_mistyped",
    )

    assert response.status_code == 401
    assert response.json()["detail"] == "No token has this value."
