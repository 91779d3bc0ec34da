"""/healthz answers while the process lives; /readyz says which dependency is down, and no more."""

import pytest
from django.db import connections
from django.test import override_settings
from django.utils import timezone

from core.workers import heartbeat_beat
from tests.deployment.conftest import TEST_REDIS_URL, closed_port

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def stopped_database():
    """The default connection swapped for one to a database server that is not there."""
    live = connections["default"]
    settings_dict = {**live.settings_dict}
    if live.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-directory/cop.sqlite3"
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    stopped = type(live)(settings_dict, alias="default")
    # The handler keeps connections in an asgiref Local, which monkeypatch cannot restore.
    connections._connections.default = stopped
    try:
        yield
    finally:
        connections._connections.default = live
        stopped.close()


def test_healthz_answers_without_the_database(client):
    # No django_db mark: touching the database here would fail the test.
    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


@pytest.mark.django_db
def test_readyz_reports_every_dependency_ok(client):
    response = client.get("/readyz")

    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "database": "ok", "cache": "ok", "queue": "ok"},
    )
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS)
def test_readyz_queue_with_the_database_backend_reads_the_worker_heartbeats(
    client, django_assert_num_queries
):
    heartbeat_beat(worker_id="w1", started_at=timezone.now())

    with django_assert_num_queries(2):  # SELECT 1, then one count of recent heartbeats
        response = client.get("/readyz")

    assert response.json()["queue"] == "ok"


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS)
def test_readyz_with_a_stopped_database_answers_503_without_details(client, stopped_database):
    response = client.get("/readyz")

    assert response.status_code == 503
    # The queue lives in the same database, so it is down too; no exception text leaks.
    assert response.content == (
        b'{"status": "unavailable", "database": "unavailable", "cache": "ok", "queue": "unavailable"}'
    )


@pytest.mark.django_db
def test_readyz_with_an_unreachable_cache_answers_200_degraded(client):
    unreachable_redis = {
        "default": {
            "BACKEND": "core.cache.FallbackRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=unreachable_redis):
        response = client.get("/readyz")

    assert (response.status_code, response.json()) == (
        200,
        {"status": "degraded", "database": "ok", "cache": "unavailable", "queue": "ok"},
    )


@pytest.mark.django_db
def test_readyz_with_the_rq_backend_and_no_redis_reports_the_queue_degraded(client):
    rq_settings = {
        "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
        "RQ_QUEUES": {"default": {"URL": f"redis://127.0.0.1:{closed_port()}/0"}},
    }
    with override_settings(**rq_settings):
        response = client.get("/readyz")

    assert (response.status_code, response.json()) == (
        200,
        {"status": "degraded", "database": "ok", "cache": "ok", "queue": "unavailable"},
    )


@pytest.mark.django_db
def test_readyz_with_the_rq_backend_pings_its_redis(client, test_redis):
    rq_settings = {
        "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
        "RQ_QUEUES": {"default": {"URL": TEST_REDIS_URL}},
    }
    with override_settings(**rq_settings):
        response = client.get("/readyz")

    assert (response.status_code, response.json()["queue"]) == (200, "ok")
