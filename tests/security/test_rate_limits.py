"""Rate limits on the public forms count each visitor's address, also behind a proxy."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from participants.models import Participant
from tests.factories import WorkshopFactory

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "Tevita Kalo",
    "organisation": "TCC",
    "sector": "regulator",
    "country": "TO",
    "consent": "on",
}


@pytest.fixture(autouse=True)
def _limits(settings):
    cache.clear()
    settings.RATELIMIT_REGISTRATION = "2/h"
    yield
    cache.clear()


def _register(client, workshop, n, **headers):
    return client.post(
        reverse("participants:register", args=[workshop.slug]),
        FORM | {"email": f"p{n}@example.org"},
        **headers,
    )


def test_limit_holds_across_workshops(client, workshop):
    other = WorkshopFactory(office=workshop.office)
    _register(client, workshop, 1)
    _register(client, other, 2)

    response = _register(client, other, 3)

    assert response.status_code == 429
    assert Participant.objects.count() == 2


def test_another_visitor_is_not_limited(workshop):
    first, second = Client(REMOTE_ADDR="203.0.113.1"), Client(REMOTE_ADDR="203.0.113.2")
    for n in range(3):
        _register(first, workshop, n)

    response = _register(second, workshop, 9)

    assert response.status_code == 302


def test_behind_a_proxy_each_client_address_has_its_own_limit(workshop, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(3):
        _register(Client(**proxy), workshop, n, HTTP_X_FORWARDED_FOR="198.51.100.7")

    limited = _register(Client(**proxy), workshop, 8, HTTP_X_FORWARDED_FOR="198.51.100.7")
    other = _register(Client(**proxy), workshop, 9, HTTP_X_FORWARDED_FOR="198.51.100.8")

    assert (limited.status_code, other.status_code) == (429, 302)


def test_a_forged_forwarded_address_does_not_escape_the_limit(workshop, settings):
    """The client may put anything left of what the proxy appends; only the proxy's entry
    counts."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(3):
        forged = f"192.0.2.{n}, 198.51.100.7"
        _register(Client(**proxy), workshop, n, HTTP_X_FORWARDED_FOR=forged)

    response = _register(
        Client(**proxy), workshop, 9, HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.7"
    )

    assert response.status_code == 429


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(workshop):
    for n in range(3):
        _register(Client(), workshop, n, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    assert _register(Client(), workshop, 9, HTTP_X_FORWARDED_FOR="192.0.2.50").status_code == 429
