"""Logs: one JSON object per line in production, readable lines in development.

Every request and every task is logged once with its id, duration and outcome. Nothing
personal goes in: no IP address, no user agent, no query string, and the secret part of
token paths (`/me/<token>/`, `/verify/<code>/`) is replaced before anything is written.

This module is imported by gunicorn.conf.py before Django is set up, so it imports nothing
from Django at module level.
"""

import json
import logging
import re
import threading
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")

# A client's X-Request-ID is reused only when it cannot smuggle anything into a log line.
ACCEPTED_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
TOKEN_SEGMENT = re.compile(r"(^|/)(me|verify)/[^/?\s\"]+")
QUERY_STRING = re.compile(r"\?[^\s\"]*")
REDACTED = "<redacted>"

# What every LogRecord carries; anything else was passed with `extra=` and belongs in the JSON.
STANDARD_RECORD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys() | {"message", "asctime"}
)


def redact_path(path: str) -> str:
    """The path without its query string and with personal tokens replaced."""
    return TOKEN_SEGMENT.sub(rf"\1\2/{REDACTED}", QUERY_STRING.sub("", path))


class RequestIdFilter(logging.Filter):
    """Stamps each record with the id of the request (or task) it was written during."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            # django.request logs after our middleware has returned, but passes the request.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or request_id_var.get()
        return True


class RedactPathsFilter(logging.Filter):
    """Django's own request loggers put the raw path (tokens, query) in their arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_path(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True


class CollapseRepeatsFilter(logging.Filter):
    """An outage writes the same error thousands of times a minute: the first is written in
    full; the identical ones (same logger, level, message and exception type) that follow
    within WINDOW_SECONDS are counted, not written; the first one after the window is written
    without its traceback and with `repeated=N`, the number left out, and starts a new window.
    Only warnings and above; INFO lines (one per request or task) are never collapsed."""

    WINDOW_SECONDS = 60.0
    MAX_KEYS = 1000

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[tuple, list] = {}  # key -> [window ends at, repeats left out]

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        exception = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else ""
        key = (record.name, record.levelno, record.getMessage(), exception)
        now = self._clock()
        with self._lock:
            window = self._windows.get(key)
            if window is not None and now < window[0]:
                window[1] += 1
                return False
            if len(self._windows) >= self.MAX_KEYS:
                self._windows.clear()
            self._windows[key] = [now + self.WINDOW_SECONDS, 0]
        if window is not None:  # seen before: the full text was written then
            record.repeated = window[1]
            record.exc_info = None
            record.exc_text = None
        return True


def record_extras(record: logging.LogRecord) -> dict[str, Any]:
    """What was passed with `extra=` (method, path, status, duration_ms, task_id, ...).

    Plain values only: Django adds the request object itself, whose text holds the raw path.
    """
    return {
        key: value
        for key, value in vars(record).items()
        if key not in STANDARD_RECORD_ATTRIBUTES
        and isinstance(value, str | int | float | bool | None)
    }


class TextFormatter(logging.Formatter):
    """Development: a readable line, the extras appended as key=value."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extras = " ".join(f"{key}={value}" for key, value in record_extras(record).items())
        return f"{line} {extras}" if extras else line


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and any extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(record_extras(record))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(*, json_lines: bool, level: str) -> dict[str, Any]:
    """The LOGGING dict for Django (and gunicorn's own loggers)."""
    formatter = {"()": "config.logs.JsonFormatter" if json_lines else "config.logs.TextFormatter"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "config.logs.RequestIdFilter"},
            "redact_paths": {"()": "config.logs.RedactPathsFilter"},
            "collapse_repeats": {"()": "config.logs.CollapseRepeatsFilter"},
        },
        "formatters": {"default": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "default",
                "filters": ["request_id", "redact_paths", "collapse_repeats"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's defaults give these their own handlers; route them through ours instead
            # (one format, paths redacted, no line printed twice).
            "django": {"handlers": ["console"], "level": level, "propagate": False},
            "django.db.backends": {"level": "WARNING"},
            # Our middleware logs every request once; runserver's own line would repeat it.
            "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
            # django_tasks logs each start and finish; ours adds the duration (failures still show).
            "django_tasks": {"level": "WARNING"},
        },
    }


request_logger = logging.getLogger("cop.requests")
task_logger = logging.getLogger("cop.tasks")
PROBE_PATHS = frozenset({"/healthz", "/readyz"})


class RequestLogMiddleware:
    """Gives each request an id (the client's X-Request-ID when sane) and logs it once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if ACCEPTED_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            # Load balancers probe every few seconds: successful probes only at DEBUG.
            quiet = request.path in PROBE_PATHS and response.status_code == 200
            request_logger.log(
                logging.DEBUG if quiet else logging.INFO,
                "request",
                extra={
                    "method": request.method,
                    "path": redact_path(request.path),
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


_task_started_at: dict[str, float] = {}


def log_task_started(sender: type, task_result: Any, **kwargs: Any) -> None:
    _task_started_at[task_result.id] = time.perf_counter()


def log_task_finished(sender: type, task_result: Any, **kwargs: Any) -> None:
    """Id, task, duration and outcome; never the arguments (they may name a person)."""
    started = _task_started_at.pop(task_result.id, None)
    duration_ms = round((time.perf_counter() - started) * 1000, 1) if started else None
    outcome = str(task_result.status.value).lower()
    task_logger.log(
        logging.INFO if outcome == "successful" else logging.ERROR,
        "task",
        extra={
            "task_id": task_result.id,
            "task": task_result.task.module_path,
            "backend": task_result.backend,
            "outcome": outcome,
            "duration_ms": duration_ms,
        },
    )


def sentry_before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """Sentry gets the same redacted path as our logs, and no query string or body."""
    request = event.get("request")
    if isinstance(request, dict):
        if "url" in request:
            request["url"] = redact_path(request["url"])
        for key in ("query_string", "data", "cookies"):
            request.pop(key, None)
    return event
