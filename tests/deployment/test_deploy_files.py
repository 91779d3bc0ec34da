"""compose.yaml and the Dockerfile hold together (Docker itself is not needed to check this)."""

import os
import re
import shlex
import subprocess

import yaml

from tests.deployment.conftest import REPO


def dockerfile_instruction(name: str) -> list[str]:
    """The JSON-array form of a Dockerfile instruction (ENTRYPOINT, CMD)."""
    text = (REPO / "Dockerfile").read_text()
    [line] = [line for line in text.splitlines() if line.startswith(f"{name} ")]
    return yaml.safe_load(line.removeprefix(f"{name} "))


def test_compose_runs_web_worker_postgresql_and_redis_with_shared_media():
    compose = yaml.safe_load((REPO / "compose.yaml").read_text())
    services = compose["services"]

    assert set(services) == {"web", "worker", "scheduler", "db", "redis"}
    assert services["scheduler"]["command"] == ["deploy/scheduler.sh"]
    for name in ("web", "worker"):
        assert "media:/srv/cop/media" in services[name]["volumes"]
        assert services[name]["environment"]["MEDIA_ROOT"] == "/srv/cop/media"
        assert services[name]["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://cop:")
    assert services["worker"]["environment"]["RUN_MIGRATIONS"] == "0"
    assert services["worker"]["depends_on"]["web"] == {"condition": "service_healthy"}
    assert set(compose["volumes"]) == {"media", "private", "pgdata", "redisdata"}


def test_compose_commands_and_health_checks_point_at_files_that_exist():
    services = yaml.safe_load((REPO / "compose.yaml").read_text())["services"]

    worker_script = REPO / services["worker"]["command"][0]
    health_script = REPO / services["web"]["healthcheck"]["test"][2]

    assert os.access(worker_script, os.X_OK)
    assert health_script.is_file()


def test_dockerfile_is_slim_python_with_weasyprint_libraries_and_a_non_root_user():
    text = (REPO / "Dockerfile").read_text()

    assert text.count("FROM python:3.11-slim") == 1
    assert {"libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"} <= set(text.split())
    assert "collectstatic" in text
    [user] = re.findall(r"^USER (\S+)$", text, flags=re.MULTILINE)
    assert user not in {"root", "0"}


def test_dockerfile_entrypoint_migrates_then_serves_with_gunicorn():
    entrypoint = REPO / dockerfile_instruction("ENTRYPOINT")[0]

    assert os.access(entrypoint, os.X_OK)
    assert "manage.py migrate" in entrypoint.read_text()
    assert dockerfile_instruction("CMD") == ["gunicorn", "-c", "gunicorn.conf.py", "config.wsgi"]
    assert (REPO / "gunicorn.conf.py").is_file()


def test_shell_scripts_parse_in_the_shell_they_name(tmp_path):
    scripts = (
        "deploy/entrypoint.sh",
        "deploy/worker.sh",
        "deploy/scheduler.sh",
        "bench/loadtest.sh",
    )
    for script in scripts:
        first_line = (REPO / script).read_text().splitlines()[0]
        shell = "bash" if "bash" in first_line else "sh"
        completed = subprocess.run(
            [shell, "-n", str(REPO / script)], capture_output=True, text=True, check=False
        )
        assert completed.returncode == 0, f"{script}: {completed.stderr}"


def test_worker_script_picks_the_worker_of_the_configured_backend(tmp_path):
    """With a stand-in `python` on PATH, the script shows which command it would run."""
    fake_python = tmp_path / "python"
    fake_python.write_text('#!/bin/sh\necho "$@"\n')
    fake_python.chmod(0o755)
    commands = {}
    for backend in ("database", "rq"):
        env = {"PATH": f"{tmp_path}:/usr/bin:/bin", "TASKS_BACKEND": backend}
        completed = subprocess.run(
            [str(REPO / "deploy/worker.sh")], env=env, capture_output=True, text=True, check=True
        )
        commands[backend] = shlex.split(completed.stdout)

    assert commands == {
        "database": ["manage.py", "db_worker", "--no-reload", "--queue-name", "default"],
        "rq": ["manage.py", "rq_worker", "default"],
    }
