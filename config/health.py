"""Probes for a load balancer or orchestrator.

`/healthz`: the process answers (no database, so a database outage does not get every web
process restarted). `/readyz`: the database, the cache and the task queue are reachable;
503 when one is not. The public only sees "ok" / "unavailable"; the reason goes to the log.
"""

import logging
import secrets
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    key, value = "readyz-probe", secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was just stored")


def check_queue() -> None:
    """The database backend: one indexed read of the task table. RQ: a ping to its Redis."""
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if isinstance(backend, DatabaseBackend):
        list(DBTaskResult.objects.order_by().values_list("pk", flat=True)[:1])
    elif type(backend).__module__.startswith("django_tasks_rq"):
        import django_rq

        for queue_name in backend.queues:
            django_rq.get_connection(queue_name).ping()
    # The immediate backend runs tasks in the request: nothing to reach.


READINESS_CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "queue": check_queue,
}


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    results = {}
    for name, check in READINESS_CHECKS.items():
        try:
            check()
        except Exception as error:
            logger.warning(
                "readiness check failed",
                extra={"check": name, "error": type(error).__name__},
                exc_info=True,
            )
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    ready = all(result == "ok" for result in results.values())
    return JsonResponse(results, status=200 if ready else 503)
