"""Calendar feed benchmark: 5,000 workshops with 20,000 sessions in a throwaway SQLite file.

    .venv/bin/python bench/calendar_feed.py [--workshops 5000] [--sessions-per-workshop 4]

Prints, for each request, the best and median wall time over a few runs, the number of SQL
queries and the response size. Nothing touches the development database: the data goes into
a temporary file that is deleted afterwards (or set DATABASE_URL to a PostgreSQL database you
can throw away)."""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ZONES = [
    "Pacific/Efate",
    "Africa/Cairo",
    "Europe/Istanbul",
    "Asia/Bangkok",
    "Africa/Addis_Ababa",
    "America/Sao_Paulo",
    "Europe/Moscow",
    "Europe/Zurich",
]
RUNS = 3


def _setup_django(database_file: str) -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{database_file}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.test_settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _load(workshop_count: int, sessions_per_workshop: int) -> None:
    from offices.models import Region, RegionalOffice
    from workshops.models import Session, Workshop

    office = RegionalOffice.objects.create(
        name="Bench office",
        slug="bench",
        region=Region.objects.get(slug="europe"),
        city="Geneva",
        country="CH",
        time_zone="Europe/Zurich",
    )
    first_day = dt.date(2014, 1, 6)
    workshops = Workshop.objects.bulk_create(
        Workshop(
            title=f"Bench workshop {index}, part {index % 7}; «COP» 儿童在线保护",
            slug=f"bench-{index}",
            office=office,
            country="CH",
            city="Geneva",
            venue="Palais, Room XX",
            time_zone=ZONES[index % len(ZONES)],
            start_date=first_day + dt.timedelta(days=index),
            end_date=first_day + dt.timedelta(days=index + 1),
            status=Workshop.Status.CANCELLED if index % 50 == 0 else Workshop.Status.PUBLISHED,
            summary="Capacity building on child online protection.",
        )
        for index in range(workshop_count)
    )
    sessions = []
    for workshop in workshops:
        zone = zoneinfo.ZoneInfo(workshop.time_zone)
        for number in range(sessions_per_workshop):
            day = workshop.start_date + dt.timedelta(days=number // 2)
            starts = dt.datetime.combine(day, dt.time(9 + 4 * (number % 2)), tzinfo=zone)
            sessions.append(
                Session(
                    workshop=workshop,
                    title=f"Session {number + 1}",
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(hours=3),
                    room="Room A",
                    is_cancelled=number == 3 and workshop.pk % 10 == 0,
                )
            )
    Session.objects.bulk_create(sessions, batch_size=2000)


def _measure(client, url: str, *, cold: bool, **headers) -> tuple[float, float, int, int, int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(RUNS):
        if cold:  # no subscriber has had this version yet: the feed is built
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, headers=headers)
            timings.append(time.perf_counter() - started)
    return (
        min(timings),
        statistics.median(timings),
        len(queries),
        response.status_code,
        len(response.content),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workshops", type=int, default=5000)
    parser.add_argument("--sessions-per-workshop", type=int, default=4)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cop-bench-") as folder:
        _setup_django(str(Path(folder) / "bench.sqlite3"))
        _load(options.workshops, options.sessions_per_workshop)

        from django.test import Client

        from workshops.models import Session, Workshop

        client = Client()
        first_feed = client.get("/calendar.ics")
        one = Workshop.objects.order_by("pk").first()
        one_feed = client.get(f"/workshops/{one.slug}/calendar.ics")
        one_url = f"/workshops/{one.slug}/calendar.ics"
        not_modified = {"if-none-match": first_feed["ETag"]}
        rows = [
            ("all workshops, 200, built", "/calendar.ics", True, {}),
            ("all workshops, 200, from the cache", "/calendar.ics", False, {}),
            ("all workshops, 304 (If-None-Match)", "/calendar.ics", True, not_modified),
            ("?region=europe, 200, built", "/calendar.ics?region=europe", True, {}),
            ("one workshop, 200, built", one_url, True, {}),
            ("one workshop, 304", one_url, True, {"if-none-match": one_feed["ETag"]}),
        ]
        print(
            f"{Workshop.objects.count():,} workshops, {Session.objects.count():,} sessions, "
            f"{len(ZONES)} time zones; best and median of {RUNS} runs\n"
        )
        print(
            f"{'request':<38} {'status':>6} {'best ms':>9} {'median ms':>10} {'queries':>8} {'bytes':>11}"
        )
        for label, url, cold, headers in rows:
            best, median, queries, status, size = _measure(client, url, cold=cold, **headers)
            print(
                f"{label:<38} {status:>6} {best * 1000:>9.1f} {median * 1000:>10.1f} "
                f"{queries:>8} {size:>11,}"
            )


if __name__ == "__main__":
    main()
