"""Each public page's ceiling with wrk, side by side with /healthz in the same run.

    .venv/bin/python bench/wrk_pages.py --base-url http://127.0.0.1:8099 [--workshop SLUG]
        [--duration 10] [--connections 50] [--threads 2] [--server-pid PID]
        [--verify-code CODE] [--last-page N] [--identity] [--think-ms MS]
        [--cookie "sessionid=..." --path /staff/ --path /staff/reports/ ...]

wrk runs each page in turn (GET with `Accept-Encoding: gzip`, as every browser and calendar
client sends, unless --identity; no cookies unless --cookie signs in a staff member, then
the --path pages instead of the public ones) for --duration seconds; /healthz runs first and
last, and a page's share is its req/s over the mean of the two /healthz runs, so the figures
compare within one run on a machine whose absolute speed varies (other work, thermal limits).
Prints req/s, share of /healthz, p50, p99 and errors (socket errors plus non-2xx/3xx answers)
per page, and the largest gunicorn worker's RSS when --server-pid is given.

--think-ms makes each connection a person: after each answer it waits a random time around MS
(half to one and a half times) before the next request, as someone reading the page would
(wrk's `delay()`; the wait is not counted in the latency). Without it every connection asks
again at once: a saturation test, in which the latency is mostly waiting behind the others."""

import argparse
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Result:
    path: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def _milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def parse_wrk(path: str, output: str) -> Result:
    """The figures of `wrk --latency` output."""
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    errors += int(non_2xx.group(1)) if non_2xx else 0
    # No latency lines when no request completed in time: reported as such, not guessed.
    return Result(
        path=path,
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=_milliseconds(latency["50"]) if "50" in latency else float("nan"),
        p99_ms=_milliseconds(latency["99"]) if "99" in latency else float("nan"),
        errors=errors,
    )


def run_wrk(base_url: str, path: str, options: argparse.Namespace, *, language: str = "") -> Result:
    """One page for --duration seconds, after --warmup seconds unmeasured (every worker has
    then built the page's templates and, for a kept page, found it in the cache: the figures
    are the steady state, not a worker's first requests); `language` is sent as
    Accept-Language (the language is not in the address)."""
    headers = ["--header", f"Accept-Language: {language}"] if language else []
    if not options.identity:
        headers += ["--header", "Accept-Encoding: gzip, deflate, br"]
    if options.cookie and path != "/healthz":
        headers += ["--header", f"Cookie: {options.cookie}"]
    with tempfile.TemporaryDirectory(prefix="wrk-") as folder:
        if options.think_ms and path != "/healthz":
            headers += ["--script", _think_script(Path(folder), options.think_ms)]
        return _wrk(
            base_url, path, options, headers, label=f"{path} [{language}]" if language else path
        )


def _wrk(
    base_url: str, path: str, options: argparse.Namespace, headers: list[str], *, label: str
) -> Result:
    command = [
        "wrk",
        *headers,
        f"--threads={options.threads}",
        f"--connections={options.connections}",
        f"--duration={options.duration}s",
        # A slow answer is measured, not dropped as a timeout at wrk's default 2 s.
        "--timeout=10s",
        "--latency",
        base_url + path,
    ]
    if options.warmup:
        warmup = [part for part in command if not part.startswith("--duration")]
        subprocess.run(
            [*warmup, f"--duration={options.warmup}s"], capture_output=True, text=True, check=True
        )
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Latency Distribution" not in output:
        print(output, file=sys.stderr)
    return parse_wrk(label, output)


def _think_script(folder: Path, think_ms: int) -> str:
    script = folder / "think.lua"
    script.write_text(
        f"function delay()\n  return math.random({think_ms // 2}, {think_ms * 3 // 2})\nend\n",
        encoding="utf-8",
    )
    return str(script)


def largest_worker_rss_mb(server_pid: int) -> float | None:
    """The largest resident set of the server's child processes (gunicorn's workers)."""
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children")
    if not children.exists():
        return None
    sizes = []
    for pid in children.read_text().split():
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            found = re.search(r"^VmRSS:\s+(\d+) kB", status.read_text(), re.MULTILINE)
            if found:
                sizes.append(int(found.group(1)) / 1024)
    return max(sizes) if sizes else None


def pages(workshop: str, *, verify_code: str = "", last_page: int = 0) -> list[tuple[str, str]]:
    """(path, Accept-Language) of every page measured."""
    return [
        ("/", ""),
        ("/workshops/", ""),
        ("/workshops/?region=asia-pacific&page=2", ""),
        *([(f"/workshops/?page={last_page}", "")] if last_page > 1 else []),
        (f"/workshops/{workshop}/", ""),
        ("/documents/", ""),
        ("/documents/?q=online&language=en", ""),
        ("/partners/", ""),
        ("/countries/VU/", ""),
        ("/verify/", ""),
        *([(f"/verify/{verify_code}/", "")] if verify_code else []),
        ("/calendar.ics", ""),
        ("/calendar.ics?region=asia-pacific", ""),
        (f"/workshops/{workshop}/calendar.ics", ""),
        ("/", "fr"),
        ("/workshops/", "ar"),
        (f"/workshops/{workshop}/", "ru"),
        ("/documents/", "es"),
        ("/partners/", "zh-hans"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--workshop", default="port-vila-2014")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--server-pid", type=int)
    parser.add_argument("--warmup", type=int, default=1, help="Seconds unmeasured first.")
    parser.add_argument("--cookie", default="", help="Sent with every page but /healthz.")
    parser.add_argument(
        "--think-ms", type=int, default=0, help="Each connection pauses about this long."
    )
    parser.add_argument("--verify-code", default="", help="A certificate's verification code.")
    parser.add_argument("--last-page", type=int, default=0, help="The last page of /workshops/.")
    parser.add_argument(
        "--identity", action="store_true", help="Ask for uncompressed pages (no Accept-Encoding)."
    )
    parser.add_argument(
        "--path", action="append", default=[], help="A page to measure instead of the public ones."
    )
    options = parser.parse_args()
    measured = [(path, "") for path in options.path] or pages(
        options.workshop, verify_code=options.verify_code, last_page=options.last_page
    )

    first = run_wrk(options.base_url, "/healthz", options)
    results = [
        run_wrk(options.base_url, path, options, language=language) for path, language in measured
    ]
    last = run_wrk(options.base_url, "/healthz", options)
    healthz = (first.requests_per_second + last.requests_per_second) / 2

    print(
        f"wrk, {options.threads} threads, {options.connections} connections, "
        f"{options.duration} s per page; /healthz first and last, shares against their mean"
    )
    header = f"{'page':<56} {'req/s':>8} {'share':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
    print(header)
    print("-" * len(header))
    for result in [first, *results, last]:
        share = result.requests_per_second / healthz if healthz else 0.0
        print(
            f"{result.path:<56} {result.requests_per_second:>8.0f} {share:>7.1%} "
            f"{result.p50_ms:>8.1f} {result.p99_ms:>8.1f} {result.errors:>7}"
        )
    if options.server_pid:
        rss = largest_worker_rss_mb(options.server_pid)
        print(f"largest worker RSS: {rss:.0f} MB" if rss else "largest worker RSS: unknown")
    if any(result.errors for result in [first, *results, last]):
        sys.exit(1)


if __name__ == "__main__":
    main()
