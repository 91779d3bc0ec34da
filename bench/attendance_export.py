"""Attendance export benchmark: 20 sessions x 5,000 participants (100,000 attendance rows).

Builds the data in a throwaway SQLite database (or DATABASE_URL, if you point it at an empty
PostgreSQL database), then times the CSV and XLSX exports against a plain csv.writer /
openpyxl write-only baseline over the same query, in the same run, and prints a table.

    .venv/bin/python bench/attendance_export.py [--participants 5000] [--sessions 20]

Targets: CSV within 3x of its baseline, XLSX within 1.5x, peak memory under 300 MB."""

import argparse
import csv
import datetime as dt
import os
import sys
import tempfile
import time
import tracemalloc
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="cop-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECRET_KEY", "bench-only")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from attendance.models import Attendance  # noqa: E402
from core.exporting import AttendanceExporter  # noqa: E402
from offices.models import Region, RegionalOffice  # noqa: E402
from participants.models import Participant, Registration  # noqa: E402
from participants.selectors import attendance_matrix_rows  # noqa: E402
from workshops.models import Session, Workshop  # noqa: E402


def build(participants: int, sessions: int) -> Workshop:
    call_command("migrate", verbosity=0)
    office = RegionalOffice.objects.create(
        name="Bench",
        slug="bench",
        region=Region.objects.get(slug="europe"),
        city="Geneva",
        country="CH",
    )
    zone = zoneinfo.ZoneInfo("Europe/Zurich")
    start = timezone.now().date() - dt.timedelta(days=30)
    days = (sessions + 3) // 4
    workshop = Workshop.objects.create(
        title="Benchmark workshop",
        slug="bench",
        office=office,
        country="CH",
        city="Geneva",
        time_zone="Europe/Zurich",
        start_date=start,
        end_date=start + dt.timedelta(days=days - 1),
        status=Workshop.Status.COMPLETED,
    )
    session_rows = Session.objects.bulk_create(
        Session(
            workshop=workshop,
            title=f"Session {n + 1}",
            starts_at=dt.datetime.combine(
                start + dt.timedelta(days=n // 4), dt.time(9 + 2 * (n % 4)), tzinfo=zone
            ),
            ends_at=dt.datetime.combine(
                start + dt.timedelta(days=n // 4), dt.time(10 + 2 * (n % 4)), tzinfo=zone
            ),
        )
        for n in range(sessions)
    )
    people = Participant.objects.bulk_create(
        Participant(
            full_name=f"Participant {n:05d} Ñúñez",
            email=f"p{n}@example.org",
            organisation="Ministry of ICT",
            country="CH",
            code=f"B{n:07d}",
        )
        for n in range(participants)
    )
    registrations = Registration.objects.bulk_create(
        Registration(participant=p, workshop=workshop, status=Registration.Status.CONFIRMED)
        for p in people
    )
    batch = []
    for index, registration in enumerate(registrations):
        for number, session in enumerate(session_rows):
            status = "absent" if (index + number) % 7 == 0 else "present"
            batch.append(
                Attendance(
                    registration=registration, session=session, status=status, method="sheet"
                )
            )
        if len(batch) >= 20_000:
            Attendance.objects.bulk_create(batch)
            batch = []
    Attendance.objects.bulk_create(batch)
    return workshop


def baseline_rows(workshop: Workshop):
    session_ids = list(workshop.sessions.values_list("id", flat=True))
    for row in attendance_matrix_rows(workshop=workshop):
        summary = row["summary"]
        yield [
            row["full_name"],
            row["email"],
            row["organisation"],
            row["country"],
            row["sector"],
            row["job_title"],
            row["code"],
            row["status"],
            *(row[f"session_{sid}"] for sid in session_ids),
            summary.sessions_attended,
            summary.sessions_held,
            summary.percent,
            summary.meets_rule,
            summary.eligible,
            row["override_reason"],
        ]


def baseline_csv(workshop: Workshop, path: str) -> None:
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        for row in baseline_rows(workshop):
            writer.writerow(row)


def baseline_xlsx(workshop: Workshop, path: str) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in baseline_rows(workshop):
        sheet.append(row)
    workbook.save(path)


def exporter(fmt: str):
    def run(workshop: Workshop, path: str) -> None:
        with open(path, "wb") as file:
            for chunk in AttendanceExporter(workshop=workshop).render(fmt).chunks:
                file.write(chunk)

    return run


def measure(function, workshop: Workshop, suffix: str) -> tuple[float, float]:
    path = os.path.join(WORKDIR, f"out{suffix}")
    # Best of three: the machine may be busy with other work; the least disturbed run counts.
    timings = []
    for _run in range(3):
        started = time.perf_counter()
        function(workshop, path)
        timings.append(time.perf_counter() - started)
    seconds = min(timings)
    # A second run under tracemalloc for the peak (tracing slows the run, so it is not timed).
    tracemalloc.start()
    function(workshop, path)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 1_048_576


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--sessions", type=int, default=20)
    args = parser.parse_args()
    started = time.perf_counter()
    workshop = build(args.participants, args.sessions)
    print(
        f"built {args.participants} participants x {args.sessions} sessions "
        f"({Attendance.objects.count()} attendance rows) in {time.perf_counter() - started:.1f} s"
    )
    print(
        f"{'export':<8}{'seconds':>9}{'peak MB':>9}{'baseline s':>12}{'base MB':>9}{'ratio':>7}{'target':>8}"
    )
    for fmt, base, target in (("csv", baseline_csv, 3.0), ("xlsx", baseline_xlsx, 1.5)):
        theirs, theirs_mb = measure(base, workshop, f".base.{fmt}")
        ours, ours_mb = measure(exporter(fmt), workshop, f".{fmt}")
        ratio = ours / theirs
        verdict = "ok" if ratio <= target and ours_mb < 300 else "MISSED"
        print(
            f"{fmt:<8}{ours:>9.2f}{ours_mb:>9.1f}{theirs:>12.2f}{theirs_mb:>9.1f}"
            f"{ratio:>7.2f}{f'<={target}x':>8} {verdict}"
        )


if __name__ == "__main__":
    main()
