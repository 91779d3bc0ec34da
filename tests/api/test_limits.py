import pytest

from api.limits import period_seconds
from api.services import api_token_create
from tests.factories import StaffMembershipFactory

pytestmark = pytest.mark.django_db


def test_period_seconds_reads_django_ratelimit_rates():
    assert [period_seconds(rate) for rate in ["5/s", "600/m", "20/h", "100/5m", "1/d"]] == [
        1,
        60,
        3600,
        300,
        86400,
    ]


def test_public_endpoint_over_the_address_limit_answers_429_with_retry_after(client, settings):
    settings.RATELIMIT_API_ADDRESS = "2/m"

    answers = [client.get("/api/v1/countries") for _ in range(3)]

    assert [response.status_code for response in answers] == [200, 200, 429]
    assert answers[2]["Retry-After"] == "60"
    assert answers[2]["Content-Type"] == "application/problem+json"
    assert answers[2].json()["type"] == "/api/v1/problems/rate-limited"


def test_token_limit_counts_each_token_on_its_own(client, settings, office):
    settings.RATELIMIT_API_TOKEN = "2/h"
    user = StaffMembershipFactory(office=office).user
    secrets = [
        api_token_create(user=user, office=office, name=name, scopes=["read:workshops"])[1]
        for name in ("first", "second")
    ]
    first = {"HTTP_AUTHORIZATION": f"Bearer {secrets[0]}"}
    second = {"HTTP_AUTHORIZATION": f"Bearer {secrets[1]}"}

    used_up = [client.get("/api/v1/token", **first).status_code for _ in range(3)]
    other = client.get("/api/v1/token", **second)

    assert used_up == [200, 200, 429]
    assert client.get("/api/v1/token", **first)["Retry-After"] == "3600"
    assert other.status_code == 200


def test_request_without_a_client_address_is_counted_not_a_server_error(client):
    response = client.get("/api/v1/verify/ABCDEFGHJKMN", REMOTE_ADDR="")
    countries = client.get("/api/v1/countries", REMOTE_ADDR="")

    assert (response.status_code, countries.status_code) == (404, 200)
