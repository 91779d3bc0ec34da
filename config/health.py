"""Probes for a load balancer or orchestrator.

`/healthz`: the process answers (no database, so a database outage does not get every web
process restarted). `/readyz`: whether this node can serve. Its database is what it cannot
serve without: down, 503, and a load balancer takes the node out. The cache and the task queue
only degrade it (rate limits count per process, feeds are built per request, e-mails wait in
the outbox): down, still 200, with `"status": "degraded"` and the part named "unavailable".
The public only sees "ok" / "unavailable" / "degraded"; the reason goes to the log.
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

from core.workers import workers_alive

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    ping = getattr(cache, "ping", None)
    if ping is not None:  # core.cache.FallbackRedisCache: a set/get would succeed in memory
        ping()
        return
    key, value = "readyz-probe", secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was just stored")


def check_queue() -> None:
    """The database backend: has any worker heartbeated within TASKS_RECLAIM_SECONDS
    (core/workers.py)? RQ: a ping to its Redis."""
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if isinstance(backend, DatabaseBackend):
        if not workers_alive():
            raise RuntimeError("no task worker heartbeated recently: is a worker running?")
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
# Without these the node cannot serve: 503. Any other check down only degrades it: 200.
REQUIRED = {"database"}


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
    down = {name for name, result in results.items() if result != "ok"}
    if down & REQUIRED:
        return JsonResponse({"status": "unavailable", **results}, status=503)
    return JsonResponse({"status": "degraded" if down else "ok", **results}, status=200)
