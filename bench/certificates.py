"""Certificates: naive (one WeasyPrint run per person, from scratch) against bulk (many
certificates per document, fonts and parsed CSS reused, split into one PDF per person, in
worker processes), on the same certificates in the same run. No database needed.

    .venv/bin/python bench/certificates.py [--count 500] [--naive-count 500]

Prints wall-clock seconds per certificate, CPU seconds per certificate for the ways that run in
this process (steadier when other work shares the machine), and each worker's peak memory."""

import argparse
import datetime as dt
import io
import os
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django

django.setup()

import pypdf  # noqa: E402
from django.conf import settings  # noqa: E402

from certificates.pdf import (  # noqa: E402
    CERTIFICATE_STYLESHEETS,
    CertificateContent,
    CertificatePrint,
    PartnerMark,
    certificate_renderer,
    certificates_html,
    pdfs_from_html,
    render_certificate_chunks,
)
from core.pdf import AssetRoots, PdfRenderer  # noqa: E402

# The demo data's mix: mostly Latin with diacritics, some Arabic, Cyrillic and Chinese names.
NAMES = [
    "Émilie Dubois-Lefèvre",
    "José Ángel Martínez",
    "Amina Nguyễn",
    "Ayşe Öberg",
    "Ioana Tamata",
    "Jean-Baptiste Kaltongga",
    "فاطمة الزهراء بن علي",
    "Дмитрий Ковальчук",
    "王秀英",
    "Lars Ødegård",
]


def certificates(count: int) -> list[CertificatePrint]:
    items = []
    for n in range(count):
        code = f"BENCH{n:07d}"
        content = CertificateContent(
            holder_name=f"{NAMES[n % len(NAMES)]} {n}",
            language="en",
            workshop_title="Capacity Building Child Online Protection Workshop",
            start_date=dt.date(2014, 9, 22),
            end_date=dt.date(2014, 9, 24),
            city="Port Vila",
            country="VU",
            office_name="Bangkok",
            sessions_attended=5,
            sessions_held=6,
            hours_attended=Decimal("16.5"),
            signatory_name="Regional Director",
            signatory_title="Regional Office, Bangkok",
            partners=tuple(PartnerMark(name) for name in ("TRR", "OGCIO", "CTO", "IMPACT")),
        )
        items.append(
            CertificatePrint(
                content=content,
                code=code,
                issued_on=dt.date(2025, 5, 2),
                verify_url=f"{settings.SITE_URL}/verify/{code}/",
            )
        )
    return items


class Clock:
    """Wall-clock and this process's CPU seconds of a block."""

    def __enter__(self) -> "Clock":
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def naive(items: list[CertificatePrint]) -> None:
    for item in items:
        PdfRenderer(CERTIFICATE_STYLESHEETS).pdf(certificates_html([item]))


def bulk(items: list[CertificatePrint], *, chunk_size: int, workers: int) -> None:
    count = 0
    for _chunk, pdfs in render_certificate_chunks(items, chunk_size=chunk_size, workers=workers):
        if isinstance(pdfs, Exception):
            raise pdfs
        count += len(pdfs)
    assert count == len(items)


def bulk_pypdf_split(items: list[CertificatePrint], *, chunk_size: int) -> None:
    """The alternative: one PDF per chunk, split by pypdf (fonts subset once per chunk, but
    every person's file then carries the glyphs of the others' names)."""
    for i in range(0, len(items), chunk_size):
        chunk = items[i : i + chunk_size]
        reader = pypdf.PdfReader(io.BytesIO(certificate_renderer().pdf(certificates_html(chunk))))
        for page in reader.pages:
            writer = pypdf.PdfWriter()
            writer.add_page(page)
            writer.write(io.BytesIO())


def _render_and_measure(html: str, count: int, roots: AssetRoots) -> tuple[int, int]:
    pdfs_from_html(html, count, roots)
    return os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def worker_peaks(items: list[CertificatePrint], *, chunk_size: int, workers: int) -> dict[int, int]:
    chunks = [items[i : i + chunk_size] for i in range(0, len(items), chunk_size)]
    peaks: dict[int, int] = {}
    roots = AssetRoots.from_settings()
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("forkserver")) as pool:
        futures = [
            pool.submit(_render_and_measure, certificates_html(c), len(c), roots) for c in chunks
        ]
        for future in futures:
            pid, peak = future.result()
            peaks[pid] = max(peaks.get(pid, 0), peak)
    return peaks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--naive-count", type=int, default=500)
    parser.add_argument("--chunk-size", type=int, default=settings.CERTIFICATE_CHUNK_SIZE)
    parser.add_argument("--workers", type=int, default=settings.CERTIFICATE_RENDER_WORKERS)
    args = parser.parse_args()
    items = certificates(args.count)

    size, workers = args.chunk_size, args.workers
    ways = [
        ("naive: one run per person, from scratch", args.naive_count, True,
         lambda: naive(items[: args.naive_count])),
        (f"bulk, {size} per document, 1 process", args.count, True,
         lambda: bulk(items, chunk_size=size, workers=1)),
        (f"bulk, {size} per document, pypdf split, 1 process", args.count, True,
         lambda: bulk_pypdf_split(items, chunk_size=size)),
        (f"bulk, {size} per document, {workers} processes", args.count, False,
         lambda: bulk(items, chunk_size=size, workers=workers)),
    ]  # fmt: skip
    rows = []
    for label, count, in_process, run in ways:
        with Clock() as clock:
            run()
        rows.append((label, clock.wall / count, clock.cpu / count if in_process else None))
    peaks = worker_peaks(items, chunk_size=size, workers=workers)

    naive_wall, naive_cpu = rows[0][1], rows[0][2]
    print(f"{args.count} certificates (naive on {args.naive_count}), {os.cpu_count()} cores")
    print(f"{'way':<50} {'wall s/cert':>11} {'speed-up':>8} {'CPU s/cert':>10} {'speed-up':>8}")
    for label, wall, cpu in rows:
        cpu_cells = f"{cpu:>10.3f} {naive_cpu / cpu:>7.1f}x" if cpu else f"{'-':>10} {'-':>8}"
        print(f"{label:<50} {wall:>11.3f} {naive_wall / wall:>7.1f}x {cpu_cells}")
    for n, peak in enumerate(sorted(peaks.values()), 1):
        print(f"peak memory, worker {n}: {peak / 1024:.0f} MB")
    print(
        f"peak memory, main process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
