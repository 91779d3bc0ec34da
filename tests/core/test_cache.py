"""Redis away (the cache pointed at a local port nobody listens on): the site still serves,
rate limits count in process memory, and /readyz says degraded, not 503."""

import logging
import socket
import time

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from certificates.models import Certificate
from core import cache as fallback_cache
from participants.models import OutgoingEmail, Registration
from tests.factories import RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "Tevita Kalo",
    "email": "tevita@example.to",
    "organisation": "Tonga Communications Commission",
    "sector": "regulator",
    "country": "TO",
    "consent": "on",
}


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_away():
    location = f"redis://127.0.0.1:{_closed_port()}/0"
    caches = {
        "default": {
            "BACKEND": "core.cache.FallbackRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=caches):
        yield location


def test_registration_succeeds_and_the_rate_limit_counts_in_memory(
    client, workshop, redis_away, caplog
):
    url = reverse("participants:register", args=[workshop.slug])

    with (
        override_settings(RATELIMIT_REGISTRATION="2/h"),
        caplog.at_level(logging.WARNING, logger="core.cache"),
    ):
        answers = [
            client.post(url, FORM | {"email": f"p{n}@example.org"}).status_code for n in range(3)
        ]

    assert answers == [302, 302, 429]
    assert Registration.objects.count() == 2
    # Each POST's add, and the incr of the second and third, went to memory.
    assert fallback_cache.FAILURES[redis_away] >= 5
    warnings = [r.getMessage() for r in caplog.records if r.name == "core.cache"]
    assert len(warnings) == 1  # one line per outage, not one per operation
    assert warnings[0].startswith("Cache unreachable (ConnectionError")


def test_calendar_feed_and_verify_answer_without_redis(client, workshop, redis_away):
    SessionFactory(workshop=workshop)
    certificate = Certificate.objects.create(
        registration=RegistrationFactory(workshop=workshop), holder_name="Tevita Kalo"
    )

    feed = client.get(reverse("workshops:workshop_calendar", args=[workshop.slug]))
    verify = client.get(reverse("certificates:verify", args=[certificate.code]))

    assert (feed.status_code, verify.status_code) == (200, 200)
    assert b"BEGIN:VCALENDAR" in feed.content
    assert "Tevita Kalo" in verify.text


def test_readyz_without_redis_answers_200_degraded(client, redis_away):
    response = client.get("/readyz")

    assert (response.status_code, response.json()) == (
        200,
        {"status": "degraded", "database": "ok", "cache": "unavailable", "queue": "ok"},
    )


def test_redis_is_not_tried_again_at_once_after_a_failure(redis_away):
    cache.set("key", "value")  # refused: kept in memory, and Redis is left alone a while
    port = int(redis_away.rsplit(":", 1)[1].split("/")[0])
    with socket.socket() as silent:  # now a server that would hang each request for 1 s
        silent.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        silent.bind(("127.0.0.1", port))
        silent.listen(8)
        started = time.monotonic()
        value = cache.get("key")
        waited = time.monotonic() - started

    assert value == "value"
    assert waited < 0.5


def test_registration_with_the_rq_queue_away_keeps_the_email_in_the_outbox(
    client, workshop, django_capture_on_commit_callbacks
):
    rq_away = {
        "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
        "RQ_QUEUES": {"default": {"URL": f"redis://127.0.0.1:{_closed_port()}/0"}},
    }
    url = reverse("participants:register", args=[workshop.slug])

    with override_settings(**rq_away), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, FORM)

    assert response.status_code == 302
    email = OutgoingEmail.objects.get()
    assert (email.registration, email.status, email.attempts) == (
        Registration.objects.get(),
        OutgoingEmail.Status.PENDING,
        0,  # never tried: send_due_mail sends it
    )
