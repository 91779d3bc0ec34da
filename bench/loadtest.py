"""Load test of the public pages against a running server (bench/loadtest.sh starts one).

Two phases in one run:
1. mixed load: USERS simulated visitors for DURATION seconds, each picking the next page at
   random (workshop list, workshop page, calendar feeds, registration form, and registration
   posts with --registrations) and the trivial view /healthz; latency and errors per page;
2. ceiling: each page alone under the same number of users for a few seconds, so its requests
   per second can be set next to the trivial view's (the ceiling of this stack on this machine).

Pages the server does not have yet (404 when probed) are reported and left out.
Targets (not tests): zero errors; workshop page and feed >= half the trivial view's req/s;
95th percentile under 200 ms.
"""

import argparse
import asyncio
import itertools
import random
import re
import statistics
import time
import uuid
from dataclasses import dataclass, field

import httpx

TRIVIAL = "trivial view (/healthz)"


@dataclass
class PageStats:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0

    def row(self, name: str, seconds: float) -> tuple:
        done = self.latencies_ms
        if not done:
            return (name, 0, 0.0, "-", "-", self.errors)
        p95 = statistics.quantiles(done, n=20)[-1] if len(done) > 1 else done[0]
        return (name, len(done), len(done) / seconds, statistics.median(done), p95, self.errors)


class Site:
    """What the server offers: slugs found on /workshops/, pages that answer."""

    def __init__(self, client: httpx.AsyncClient, with_registrations: bool):
        self.client = client
        self.with_registrations = with_registrations
        self.slugs: list[str] = []
        self.open_slugs: list[str] = []
        self.counter = itertools.count()

    async def discover(self) -> dict[str, object]:
        listing = await self.client.get("/workshops/")
        listing.raise_for_status()
        self.slugs = sorted(set(re.findall(r'href="/workshops/([\w-]+)/"', listing.text)))
        if not self.slugs:
            raise SystemExit("no workshop links on /workshops/: is the demo data loaded?")
        pages: dict[str, object] = {
            TRIVIAL: lambda: "/healthz",
            "workshop list": lambda: "/workshops/",
            "workshop page": lambda: f"/workshops/{random.choice(self.slugs)}/",
            "calendar feed (all)": lambda: "/calendar.ics",
            "calendar feed (workshop)": lambda: (
                f"/workshops/{random.choice(self.slugs)}/calendar.ics"
            ),
        }
        for slug in self.slugs:
            if (await self.client.get(f"/workshops/{slug}/register/")).status_code == 200:
                self.open_slugs.append(slug)
        if self.open_slugs:
            pages["registration form"] = lambda: (
                f"/workshops/{random.choice(self.open_slugs)}/register/"
            )
            if self.with_registrations:
                pages["registration post"] = self.register
        available = {}
        for name, target in pages.items():
            if callable(target) and name != "registration post":
                status = (await self.client.get(target())).status_code
                if status == 404:
                    print(f"  skipped: {name} (404, not built yet)")
                    continue
            available[name] = target
        if not self.open_slugs:
            print("  skipped: registration form and posts (no workshop answers .../register/)")
        return available

    async def register(self) -> httpx.Response:
        """GET the form (for its CSRF token), then POST an adult's registration as a person
        would fill it in: a new e-mail address each time, the honeypot left empty."""
        slug = random.choice(self.open_slugs)
        form_page = await self.client.get(f"/workshops/{slug}/register/")
        number = next(self.counter)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page.text)
        data = {
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "full_name": f"Load Test {number}",
            "email": f"load-{uuid.uuid4().hex[:12]}-{number}@example.org",
            "organisation": "Load test",
            "sector": "government",
            "job_title": "Tester",
            "country": "TH",
            "gender": "undisclosed",
            "consent": "on",
            "website": "",
        }
        return await self.client.post(
            f"/workshops/{slug}/register/",
            data=data,
            headers={"Referer": f"{self.client.base_url}workshops/{slug}/register/"},
        )


async def fetch(client: httpx.AsyncClient, target) -> httpx.Response:
    return await target() if asyncio.iscoroutinefunction(target) else await client.get(target())


async def visitor(client, pages: dict, stats: dict, deadline: float) -> None:
    names = list(pages)
    while time.perf_counter() < deadline:
        name = random.choice(names)
        started = time.perf_counter()
        try:
            response = await fetch(client, pages[name])
            failed = response.status_code >= 400 or (
                name == "registration post" and 'aria-invalid="true"' in response.text
            )
        except httpx.HTTPError:
            failed = True
        if failed:
            stats[name].errors += 1
        else:
            stats[name].latencies_ms.append((time.perf_counter() - started) * 1000)


async def run_phase(client, pages: dict, users: int, seconds: float) -> dict[str, PageStats]:
    stats = {name: PageStats() for name in pages}
    deadline = time.perf_counter() + seconds
    await asyncio.gather(*(visitor(client, pages, stats, deadline) for _ in range(users)))
    return stats


def print_table(title: str, rows: list[tuple], trivial_rps: float | None = None) -> None:
    print(f"\n{title}")
    header = f"{'page':<26}{'requests':>9}{'req/s':>9}{'median ms':>11}{'p95 ms':>9}{'errors':>8}"
    print(header + ("  vs trivial" if trivial_rps else ""))
    print("-" * (len(header) + (12 if trivial_rps else 0)))
    for name, count, rps, median, p95, errors in rows:
        cells = f"{name:<26}{count:>9}{rps:>9.1f}"
        cells += f"{median:>11.1f}{p95:>9.1f}" if count else f"{'-':>11}{'-':>9}"
        cells += f"{errors:>8}"
        if trivial_rps:
            cells += f"{rps / trivial_rps:>11.0%}"
        print(cells)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8099")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="mixed phase, seconds")
    parser.add_argument("--ceiling-seconds", type=float, default=10, help="per page, seconds")
    parser.add_argument("--registrations", action="store_true", help="also POST registrations")
    args = parser.parse_args()

    limits = httpx.Limits(max_connections=args.users, max_keepalive_connections=args.users)
    async with httpx.AsyncClient(base_url=args.base_url, limits=limits, timeout=30) as client:
        site = Site(client, args.registrations)
        pages = await site.discover()

        mixed = await run_phase(client, pages, args.users, args.duration)
        print_table(
            f"Mixed load: {args.users} users for {args.duration:.0f} s",
            [mixed[name].row(name, args.duration) for name in pages],
        )

        ceiling_rows = []
        for name, target in pages.items():
            if name == "registration post":
                continue  # each post takes a seat: measured in the mix only
            alone = await run_phase(client, {name: target}, args.users, args.ceiling_seconds)
            ceiling_rows.append(alone[name].row(name, args.ceiling_seconds))
        trivial_rps = next(row[2] for row in ceiling_rows if row[0] == TRIVIAL) or None
        print_table(
            f"Ceiling: each page alone, {args.users} users for {args.ceiling_seconds:.0f} s",
            ceiling_rows,
            trivial_rps,
        )
        total_errors = sum(s.errors for s in mixed.values()) + sum(r[5] for r in ceiling_rows)
        print(f"\nerrors in total: {total_errors}")


if __name__ == "__main__":
    asyncio.run(main())
