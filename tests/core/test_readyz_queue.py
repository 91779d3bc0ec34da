"""/readyz and the database task queue: no worker heartbeat within TASKS_RECLAIM_SECONDS means
no worker runs; the node is degraded (200), not out."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from core.models import WorkerHeartbeat
from core.workers import heartbeat_beat

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(TASKS=DATABASE_TASKS, TASKS_RECLAIM_SECONDS=120)
def test_readyz_says_the_queue_is_unavailable_when_no_worker_heartbeats(client):
    nobody = client.get("/readyz")
    heartbeat_beat(worker_id="w1", started_at=timezone.now())
    alive = client.get("/readyz")
    WorkerHeartbeat.objects.update(last_seen_at=timezone.now() - dt.timedelta(minutes=3))

    silent = client.get("/readyz")

    assert (alive.status_code, alive.json()["queue"]) == (200, "ok")
    degraded = {"status": "degraded", "database": "ok", "cache": "ok", "queue": "unavailable"}
    assert (nobody.status_code, nobody.json()) == (200, degraded)
    assert (silent.status_code, silent.json()) == (200, degraded)
