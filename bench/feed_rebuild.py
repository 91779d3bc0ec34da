"""The full calendar feed (/calendar.ics) on a database you can change: built cold, rebuilt
after one workshop changed, and served again (a hit), through the whole stack (page cache,
feed cache, per-workshop events).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<your copy> REDIS_URL=redis://127.0.0.1:6379/14 \
    DEBUG=0 SECRET_KEY=anything-long-enough-for-a-check ALLOWED_HOSTS=127.0.0.1 \
    .venv/bin/python bench/feed_rebuild.py [--runs 5] [--grow-to 5000] [--shrink]

Each run of "cold" empties the cache first (so use a Redis database of your own); each run of
"one change" renames one published workshop through the service (which bumps the content
revision, as an edit does) and asks again. "CPU ms" is this process's CPU time (the
median), steadier than wall time on a shared machine; the database's and Redis's work is not
in it. `--grow-to N` first adds copies of published
workshops with their sessions (slugs `bench-feed-...`) until N are public; `--shrink` removes
them. Prints the median and best wall time, the SQL queries and the response size."""

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ADDED_PREFIX = "bench-feed-"


def _setup_django() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of your own (it is written to).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    logging.disable(logging.WARNING)  # one request log line per request would drown the table


def _public_workshops():
    from workshops.calendar_selectors import _calendar_workshops

    return _calendar_workshops()


def _grow_to(total: int) -> None:
    """Copies of public workshops (and their sessions), shifted by a few weeks each round."""
    import datetime as dt

    from django.db import connection, transaction

    from core.page_cache import content_changed
    from workshops.models import Session, Workshop

    originals = list(_public_workshops().exclude(slug__startswith=ADDED_PREFIX).order_by("pk"))
    missing = total - _public_workshops().count()
    index = Workshop.objects.filter(slug__startswith=ADDED_PREFIX).count()
    with transaction.atomic():
        while missing > 0:
            batch = originals[:missing]
            shift = dt.timedelta(weeks=1 + index // max(len(originals), 1))
            sessions = {
                workshop.pk: list(workshop.sessions.all())
                for workshop in Workshop.objects.filter(
                    pk__in=[w.pk for w in batch]
                ).prefetch_related("sessions")
            }
            copies = []
            for workshop in batch:
                copy = Workshop.objects.get(pk=workshop.pk)
                copy.pk = None
                copy.slug = f"{ADDED_PREFIX}{index}"
                copy.start_date += shift
                copy.end_date += shift
                copies.append((copy, sessions[workshop.pk]))
                index += 1
            Workshop.objects.bulk_create([copy for copy, _ in copies], batch_size=500)
            added_sessions = []
            for copy, originals_sessions in copies:
                for session in originals_sessions:
                    session.pk = None
                    session.workshop = copy
                    session.starts_at += shift
                    session.ends_at += shift
                    added_sessions.append(session)
            Session.objects.bulk_create(added_sessions, batch_size=2000)
            missing -= len(batch)
        content_changed()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give them later


def _shrink() -> None:
    from core.page_cache import content_changed
    from workshops.models import Workshop

    Workshop.objects.filter(slug__startswith=ADDED_PREFIX).delete()
    content_changed()


def _measure(runs: int, prepare) -> tuple[float, float, float, int, int, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    timings = []
    cpu = []
    for _ in range(runs):
        prepare(client)
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get("/calendar.ics")
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200, response.status_code
    return (
        statistics.median(timings),
        min(timings),
        statistics.median(cpu),
        len(queries),
        response.status_code,
        len(response.content),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--grow-to", type=int, default=0)
    parser.add_argument("--shrink", action="store_true")
    options = parser.parse_args()
    _setup_django()

    from django.core.cache import cache

    from workshops import services
    from workshops.models import Session, Workshop

    if options.shrink:
        _shrink()
    if options.grow_to:
        _grow_to(options.grow_to)

    touched = (
        _public_workshops()
        .filter(status=Workshop.Status.PUBLISHED, sessions__isnull=False)
        .order_by("pk")
        .first()
    )
    renames = iter(range(1, 10_000))

    def cold(client) -> None:
        cache.clear()

    def one_change(client) -> None:
        client.get("/calendar.ics")  # the feed of the current version is built and kept
        services.workshop_update(
            workshop=touched, fields={"title": f"Bench renamed {next(renames)}"}
        )

    def nothing(client) -> None:
        pass

    rows = [
        ("cold (empty cache)", cold),
        ("after one workshop changed", one_change),
        ("hit (same version again)", nothing),
    ]
    sessions = Session.objects.filter(workshop__in=_public_workshops()).count()
    print(
        f"/calendar.ics: {_public_workshops().count():,} public workshops, {sessions:,} of their "
        f"sessions; median and best of {options.runs} runs\n"
    )
    print(
        f"{'request':<28} {'median ms':>10} {'best ms':>9} {'CPU ms':>8} {'queries':>8} "
        f"{'bytes':>11}"
    )
    for label, prepare in rows:
        median, best, cpu, queries, _status, size = _measure(options.runs, prepare)
        print(
            f"{label:<28} {median * 1000:>10.1f} {best * 1000:>9.1f} {cpu * 1000:>8.1f} "
            f"{queries:>8} {size:>11,}"
        )


if __name__ == "__main__":
    main()
