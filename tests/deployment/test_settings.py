"""Production settings come from the environment alone; each test runs a fresh process."""

import re
import subprocess
import sys
import uuid

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from core.keyring import private_key_pem
from tests.deployment.conftest import REPO, TEST_REDIS_URL, run_manage, run_python


def test_check_deploy_with_production_variables_prints_no_warning(production_env):
    production_env.update(
        ALLOWED_HOSTS="cop.example.org",
        CSRF_TRUSTED_ORIGINS="https://cop.example.org",
        HTTPS="1",
        SITE_URL="https://cop.example.org",
        CREDENTIAL_SIGNING_KEY=private_key_pem(Ed25519PrivateKey.generate()).replace("\n", "\\n"),
    )

    output = run_manage(production_env, "check", "--deploy", "--fail-level", "WARNING")

    assert output == "System check identified no issues (0 silenced).\n"


def test_check_deploy_warns_when_credentials_would_be_signed_with_a_generated_key(
    production_env,
):
    output = run_manage(production_env, "check", "--deploy")

    assert "(credentials.W001) Credentials are signed with a development key" in output


def test_check_deploy_refuses_a_signing_key_that_is_not_one(production_env):
    production_env.update(CREDENTIAL_SIGNING_KEY="not a key")

    completed = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=REPO,
        env=production_env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 1
    assert "(credentials.E001) The signing key in the CREDENTIAL_SIGNING_KEY variable" in (
        completed.stderr
    )


def test_media_go_to_local_disk_without_a_bucket(production_env):
    printed = run_python(
        production_env,
        "from django.core.files.storage import storages; s = storages['default']; print(type(s).__name__)",
    )

    assert printed == "FileSystemStorage"


def test_media_go_to_the_s3_compatible_store_when_a_bucket_is_named(production_env):
    production_env.update(
        AWS_STORAGE_BUCKET_NAME="cop-media", AWS_S3_ENDPOINT_URL="https://s3.example.org"
    )

    printed = run_python(
        production_env,
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.querystring_auth, "
        "s.file_overwrite, s.default_acl)",
    )

    assert printed == "S3Storage cop-media https://s3.example.org True False None"


def test_sentry_is_off_without_a_dsn_and_never_sends_personal_data_with_one(production_env):
    is_active = "import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    assert run_python(production_env, is_active) == "False"

    production_env["SENTRY_DSN"] = "https://public@sentry.example.invalid/1"

    show_client = (
        "import sentry_sdk; client = sentry_sdk.get_client(); "
        "print(client.is_active(), client.options['send_default_pii'], "
        "client.options['max_request_body_size'])"
    )
    assert run_python(production_env, show_client) == "True False never"


def test_rate_limit_counts_are_shared_between_web_processes(production_env, test_redis):
    """Two processes (two web workers) with REDIS_URL count against the same limit."""
    production_env["REDIS_URL"] = TEST_REDIS_URL
    group = f"registration-{uuid.uuid4().hex}"  # no other run of the suite shares this count
    hit_the_limit = (
        "from django.test import RequestFactory; from django_ratelimit.core import get_usage; "
        "request = RequestFactory().post('/workshops/x/register/', REMOTE_ADDR='203.0.113.7'); "
        f"usage = get_usage(request, group='{group}', key='ip', rate='5/d', "
        "method='POST', increment=True); print(usage['count'], usage['should_limit'])"
    )

    counts = [run_python(production_env, hit_the_limit) for _ in range(6)]

    assert counts == ["1 False", "2 False", "3 False", "4 False", "5 False", "6 True"]


def test_gunicorn_configuration_loads(production_env):
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--check-config",
            "-c",
            "gunicorn.conf.py",
            "config.wsgi",
        ],
        cwd=REPO,
        env=production_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_every_environment_variable_read_is_documented_in_env_example():
    read_in_settings = set(
        re.findall(
            r'env(?:_str|_bool|_int|_list|\.db|\.path)\(\s*"([A-Z0-9_]+)"',
            (REPO / "config" / "settings.py").read_text(),
        )
    )
    read_by_gunicorn = set(
        re.findall(r'setting\(\s*"([A-Z0-9_]+)"', (REPO / "gunicorn.conf.py").read_text())
    )
    documented = set(
        re.findall(r"^([A-Z0-9_]+)=", (REPO / ".env.example").read_text(), flags=re.MULTILINE)
    )

    assert len(read_in_settings) > 20
    assert (read_in_settings | read_by_gunicorn) - documented == set()
