import datetime as dt
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from api.models import ApiToken, Scope
from api.services import api_token_create, api_token_revoke
from demo.offices_and_people import demo_api_token
from offices.models import StaffMembership
from tests.factories import RegionalOfficeFactory, StaffMembershipFactory

pytestmark = pytest.mark.django_db

URL = "/staff/api-tokens/"


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def office_user(office):
    return StaffMembershipFactory(office=office).user


# Services -------------------------------------------------------------------------------------


def test_token_create_keeps_only_the_hash_of_its_secret(office, office_user):
    token, secret = api_token_create(
        user=office_user, office=office, name="CRM", scopes=["read:registrations"]
    )

    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in repr(list(ApiToken.objects.values()))
    assert stored.prefix == secret[:12]


def test_headquarters_token_may_only_read():
    user = StaffMembershipFactory(role=StaffMembership.Role.HEADQUARTERS, office=None).user

    with pytest.raises(ValidationError) as error:
        api_token_create(user=user, office=None, name="HQ", scopes=["write:registrations"])
    token, _secret = api_token_create(
        user=user, office=None, name="HQ", scopes=["read:workshops", "read:attendance"]
    )

    assert error.value.message_dict == {"scopes": ["Headquarters tokens can only read."]}
    assert token.is_headquarters


@pytest.mark.parametrize("scopes", [[], ["admin"], ["read:workshops", "write:everything"]])
def test_token_create_refuses_unknown_or_no_scopes(office, office_user, scopes):
    with pytest.raises(ValidationError):
        api_token_create(user=office_user, office=office, name="x", scopes=scopes)

    assert ApiToken.objects.count() == 0


# Bearer authentication ------------------------------------------------------------------------


def test_valid_token_is_accepted_and_its_use_recorded(client, office, office_user):
    token, secret = api_token_create(
        user=office_user, office=office, name="CRM", scopes=["read:registrations"]
    )

    response = client.get("/api/v1/token", **bearer(secret))

    assert response.status_code == 200
    assert response.json() == {
        "name": "CRM",
        "office": "bangkok",
        "scopes": ["read:registrations"],
        "expires_at": None,
        "read_only": False,
    }
    token.refresh_from_db()
    assert token.last_used_at is not None


def _unauthorized(response) -> bool:
    return (
        response.status_code == 401
        and response["Content-Type"] == "application/problem+json"
        and response.json()["type"] == "/api/v1/problems/unauthorized"
    )


def test_missing_unknown_revoked_or_expired_token_is_refused(client, office, office_user):
    revoked, revoked_secret = api_token_create(
        user=office_user, office=office, name="old", scopes=["read:workshops"]
    )
    api_token_revoke(token=revoked)
    expiring, expired_secret = api_token_create(
        user=office_user,
        office=office,
        name="short",
        scopes=["read:workshops"],
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    ApiToken.objects.filter(pk=expiring.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )

    assert _unauthorized(client.get("/api/v1/token"))
    assert _unauthorized(client.get("/api/v1/token", **bearer("cop_not-a-token")))
    assert _unauthorized(client.get("/api/v1/token", **bearer(revoked_secret)))
    assert _unauthorized(client.get("/api/v1/token", **bearer(expired_secret)))
    assert _unauthorized(client.get("/api/v1/token", HTTP_AUTHORIZATION=f"Basic {revoked_secret}"))
    assert ApiToken.objects.filter(last_used_at__isnull=False).count() == 0


# The staff page -------------------------------------------------------------------------------


def test_office_staff_create_a_token_shown_once(staff_client, office):
    response = staff_client.post(
        URL, {"name": "CRM sync", "scopes": ["read:registrations", "write:registrations"]}
    )
    token = ApiToken.objects.get()
    secret = response.context["secret"]
    again = staff_client.get(URL)

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert (token.office, token.name, token.scopes) == (
        office,
        "CRM sync",
        ["read:registrations", "write:registrations"],
    )
    assert secret in response.content.decode()
    assert secret not in again.content.decode()
    assert token.prefix in again.content.decode()


def test_token_expiry_date_ends_the_token_at_the_end_of_that_day(staff_client):
    staff_client.post(
        URL, {"name": "Trial", "scopes": ["read:workshops"], "expires_on": "2099-03-04"}
    )

    assert ApiToken.objects.get().expires_at == dt.datetime(2099, 3, 5, tzinfo=dt.UTC)


def test_token_form_errors_create_nothing(staff_client):
    past = staff_client.post(
        URL, {"name": "Old", "scopes": ["read:workshops"], "expires_on": "2001-01-01"}
    )
    unknown = staff_client.post(URL, {"name": "X", "scopes": ["admin"]})

    assert past.context["form"].errors == {"expires_on": ["The expiry must be in the future."]}
    assert "scopes" in unknown.context["form"].errors
    assert ApiToken.objects.count() == 0


def test_viewer_sees_the_office_tokens_and_may_not_create_or_revoke(viewer_client, office):
    token, _secret = api_token_create(
        user=StaffMembershipFactory(office=office).user,
        office=office,
        name="Office CRM",
        scopes=["read:workshops"],
    )

    page = viewer_client.get(URL)
    created = viewer_client.post(URL, {"name": "Mine", "scopes": ["read:workshops"]})
    revoked = viewer_client.post(f"{URL}{token.pk}/revoke/")

    assert "Office CRM" in page.content.decode()
    assert "New token" not in page.content.decode()
    assert (created.status_code, revoked.status_code) == (403, 403)
    assert ApiToken.objects.get().revoked_at is None
    assert ApiToken.objects.count() == 1


def test_staff_revoke_their_office_token_but_not_another_office_one(staff_client, office):
    own, own_secret = api_token_create(
        user=StaffMembershipFactory(office=office).user,
        office=office,
        name="Own",
        scopes=["read:workshops"],
    )
    cairo = RegionalOfficeFactory(slug="cairo", name="Cairo")
    other, _secret = api_token_create(
        user=StaffMembershipFactory(office=cairo).user,
        office=cairo,
        name="Cairo CRM",
        scopes=["read:workshops"],
    )

    page = staff_client.get(URL)
    refused = staff_client.post(f"{URL}{other.pk}/revoke/")
    done = staff_client.post(f"{URL}{own.pk}/revoke/")

    assert "Cairo CRM" not in page.content.decode()
    assert refused.status_code == 404
    assert done.status_code == 302
    other.refresh_from_db()
    own.refresh_from_db()
    assert other.revoked_at is None
    assert own.revoked_at is not None
    assert staff_client.get("/api/v1/token", **bearer(own_secret)).status_code == 401


def test_headquarters_create_read_only_tokens_only(hq_client):
    page = hq_client.get(URL)
    refused = hq_client.post(URL, {"name": "HQ", "scopes": ["write:attendance"]})
    created = hq_client.post(URL, {"name": "HQ", "scopes": ["read:attendance"]})

    assert [value for value, _label in page.context["form"].fields["scopes"].choices] == [
        "read:workshops",
        "read:registrations",
        "read:attendance",
    ]
    assert "scopes" in refused.context["form"].errors
    assert created.status_code == 200
    token = ApiToken.objects.get()
    assert (token.office, token.scopes) == (None, ["read:attendance"])


# The demo -------------------------------------------------------------------------------------


def test_seed_demo_prints_a_stable_token_per_demo_office_that_works(client):
    first, second = io.StringIO(), io.StringIO()
    call_command("seed_demo", stdout=first)
    ApiToken.objects.update(revoked_at=timezone.now())
    call_command("seed_demo", stdout=second)

    lines = [line for line in first.getvalue().splitlines() if line.startswith("api-token: ")]
    every_scope = " ".join(Scope.values)
    assert lines == [
        f"api-token: {demo_api_token('bangkok')} ({every_scope}, Bangkok)",
        f"api-token: {demo_api_token('cairo')} ({every_scope}, Cairo)",
    ]
    assert [line for line in second.getvalue().splitlines() if line.startswith("api-token: ")] == (
        lines
    )
    assert ApiToken.objects.count() == 2
    answer = client.get("/api/v1/token", **bearer(demo_api_token("bangkok")))
    assert answer.json()["office"] == "bangkok"
