"""Request logs: one JSON object per line, an id per request, no tokens or query strings."""

import io
import json
import logging

import pytest

from config.logs import JsonFormatter, RedactPathsFilter, redact_path, sentry_before_send


@pytest.fixture
def log_lines():
    """What the configured console handler writes (filters and formatter included), as JSON."""
    [handler] = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    handler.setStream(previous)


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/workshops/port-vila-2014/", "/workshops/port-vila-2014/"),
        ("/me/Abc123token/", "/me/<redacted>/"),
        ("/me/Abc123token/data.json", "/me/<redacted>/data.json"),
        ("/verify/K7QW3MZ9PXRT/", "/verify/<redacted>/"),
        ("/verify/", "/verify/"),
        ("/workshops/?email=a@example.org", "/workshops/"),
        ("https://cop.example.org/me/tok/?x=1", "https://cop.example.org/me/<redacted>/"),
    ],
)
def test_redact_path_hides_tokens_and_query_strings(path, logged):
    assert redact_path(path) == logged


@pytest.mark.django_db
def test_request_is_logged_once_as_json_with_its_id_and_no_token(client, log_lines):
    response = client.get("/me/Abc123token/?email=someone@example.org", HTTP_X_REQUEST_ID="req-42")

    assert response["X-Request-ID"] == "req-42"
    lines = log_lines()
    [request_line] = [line for line in lines if line["logger"] == "cop.requests"]
    assert {key: request_line[key] for key in ("request_id", "method", "path", "status")} == {
        "request_id": "req-42",
        "method": "GET",
        "path": "/me/<redacted>/",
        "status": 404,
    }
    assert request_line["duration_ms"] >= 0
    # Django's own "Not Found" line carries the same id and is redacted too.
    [not_found] = [line for line in lines if line["logger"] == "django.request"]
    assert (not_found["message"], not_found["request_id"]) == (
        "Not Found: /me/<redacted>/",
        "req-42",
    )
    assert "Abc123token" not in json.dumps(lines)
    assert "someone@example.org" not in json.dumps(lines)


@pytest.mark.django_db
@pytest.mark.parametrize("offered", ["", "has spaces", "x" * 200, 'quote"injection'])
def test_request_id_is_generated_when_the_header_is_missing_or_unsafe(client, offered):
    response = client.get("/workshops/", HTTP_X_REQUEST_ID=offered)

    generated = response["X-Request-ID"]
    assert generated != offered
    assert len(generated) == 32
    assert int(generated, 16) >= 0


def test_successful_probes_stay_out_of_the_info_log(client, log_lines):
    client.get("/healthz")

    assert [line for line in log_lines() if line["logger"] == "cop.requests"] == []


def test_json_formatter_writes_one_line_per_record_with_extras():
    record = logging.LogRecord("cop.test", logging.INFO, __file__, 1, "two\nlines", None, None)
    record.status = 200

    line = JsonFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert (entry["level"], entry["logger"], entry["message"], entry["status"]) == (
        "INFO",
        "cop.test",
        "two\nlines",
        200,
    )


def test_redact_filter_rewrites_djangos_own_request_lines():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "%s: %s", ("Not Found", "/me/tok/"), None
    )

    RedactPathsFilter().filter(record)

    assert record.getMessage() == "Not Found: /me/<redacted>/"


def test_sentry_events_carry_the_redacted_url_and_no_query_or_body():
    event = {
        "request": {
            "url": "https://cop.example.org/me/tok/",
            "query_string": "email=a@example.org",
            "data": {"full_name": "Someone"},
            "method": "POST",
        }
    }

    assert sentry_before_send(event, {}) == {
        "request": {"url": "https://cop.example.org/me/<redacted>/", "method": "POST"}
    }
