"""/readyz and the database task queue: a task nobody takes for TASKS_STALL_SECONDS means no
worker runs; the node is degraded (200), not out."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from participants.tasks import send_outgoing_email

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(TASKS=DATABASE_TASKS, TASKS_STALL_SECONDS=300)
def test_readyz_says_the_queue_is_unavailable_when_a_task_waits_with_no_worker(client):
    result = send_outgoing_email.enqueue(email_id=1)
    fresh = client.get("/readyz")
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - dt.timedelta(minutes=6)
    )

    stalled = client.get("/readyz")

    assert (fresh.status_code, fresh.json()["queue"]) == (200, "ok")
    assert (stalled.status_code, stalled.json()) == (
        200,
        {"status": "degraded", "database": "ok", "cache": "ok", "queue": "unavailable"},
    )


@override_settings(TASKS=DATABASE_TASKS, TASKS_STALL_SECONDS=300)
def test_readyz_queue_is_ok_when_old_tasks_were_taken(client):
    result = send_outgoing_email.enqueue(email_id=1)
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - dt.timedelta(hours=1), status="SUCCESSFUL"
    )

    response = client.get("/readyz")

    assert (response.status_code, response.json()["queue"]) == (200, "ok")
