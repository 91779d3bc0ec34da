"""Running manage.py, gunicorn and workers as real processes with production-like settings."""

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# A Redis database no one else uses here; .ci/run gives its two suites (SQLite and PostgreSQL,
# run side by side) one each.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")

# Every setting read from the environment, so a developer's .env cannot leak into a test.
ENVIRONMENT_SETTINGS = [
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "HTTPS",
    "SITE_URL",
    "DATABASE_URL",
    "REDIS_URL",
    "TASKS_BACKEND",
    "EMAIL_HOST",
    "MEDIA_ROOT",
    "PRIVATE_ROOT",
    "LOG_FORMAT",
    "LOG_LEVEL",
    "SENTRY_DSN",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "RATELIMIT_ENABLE",
    "CREDENTIAL_SIGNING_KEY",
    "CREDENTIAL_SIGNING_KEY_FILE",
]


def closed_port() -> int:
    """A local TCP port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    """The environment of a production process: its own SQLite file, JSON logs, no Redis."""
    return production_environment(tmp_path)


def production_environment(tmp_path: Path) -> dict[str, str]:
    """production_env's environment, with its files in `tmp_path`."""
    env = {key: value for key, value in os.environ.items() if key not in ENVIRONMENT_SETTINGS}
    env.update({key: "" for key in ENVIRONMENT_SETTINGS})
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="cop.example.org,127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_ROOT=str(tmp_path / "private"),
        TASKS_BACKEND="database",
        LOG_FORMAT="json",
        LOG_LEVEL="INFO",
        RATELIMIT_ENABLE="1",
        PYTHONUNBUFFERED="1",
    )
    return env


def run_manage(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    """Runs manage.py in its own process; fails the test with its output when it fails."""
    completed = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout + completed.stderr


def run_python(env: dict[str, str], code: str) -> str:
    """Python code in a fresh process with Django set up; returns what it printed."""
    completed = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout.strip()


def json_log_lines(output: str) -> list[dict]:
    """Every line of a production process's output, read as the JSON object it must be."""
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def wait_for(condition, timeout: float) -> bool:
    """Whether `condition()` came true within `timeout` seconds (polled every 0.2 s)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@contextlib.contextmanager
def manage_process(env: dict[str, str], *args: str):
    """manage.py running in the background: yields the process and the list its output lines
    are read into as they come; killed when the block ends, if still running."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    try:
        yield process, lines
    finally:
        process.kill()
        process.wait()
        reader.join(timeout=10)
        process.stdout.close()


def _local_redis(url: str):
    """The local Redis database of `url`, emptied before and after; skips when Redis does not
    answer."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis answers on 127.0.0.1:6379 (start one to test the RQ path)")
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def test_redis():
    """The local Redis database of TEST_REDIS_URL."""
    yield from _local_redis(TEST_REDIS_URL)
