"""Small typed readers of the environment, so settings.py reads like a list of decisions."""

import secrets
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")


def env_bool(name: str, default: bool) -> bool:
    return env.bool(name, default=default)


def env_str(name: str, default: str = "") -> str:
    return env.str(name, default=default)


def env_int(name: str, default: int) -> int:
    return env.int(name, default=default)


def env_list(name: str, default: list[str]) -> list[str]:
    return env.list(name, default=default)


def development_secret_key() -> str:
    """A random key kept in var/ so sessions survive restarts; never committed, never printed."""
    key_file = BASE_DIR / "var" / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()
