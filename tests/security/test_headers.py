"""Security headers on every kind of response, in development settings too; HSTS and secure
cookies in production (HTTPS=1), checked in a fresh process with production settings."""

import pytest
from django.urls import reverse

from tests.deployment.conftest import production_env, run_python  # noqa: F401  (a fixture)
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def pages(workshop):
    registration = RegistrationFactory(workshop=workshop)
    return [
        "/",
        "/workshops/",
        workshop.get_absolute_url(),
        reverse("participants:register", args=[workshop.slug]),
        reverse("me:page", args=[registration.token]),
        reverse("me:data", args=[registration.token]),
        "/privacy/",
        "/staff/login/",
        "/calendar.ics",
        "/me/unknown/",  # a 404 carries them too
    ]


def test_every_response_carries_the_security_headers(client, pages):
    for path in pages:
        response = client.get(path)

        assert response["X-Content-Type-Options"] == "nosniff", path
        assert response["Referrer-Policy"] == "same-origin", path
        assert response["X-Frame-Options"] == "DENY", path
        csp = csp_directives(response["Content-Security-Policy"])
        assert csp["script-src"] == ["'self'"], path
        assert csp["frame-ancestors"] == ["'none'"], path
        assert csp["object-src"] == ["'none'"], path
        assert csp["default-src"] == ["'self'"], path


def test_csp_allows_no_inline_script_or_style(client):
    csp = csp_directives(client.get("/")["Content-Security-Policy"])

    for directive in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in csp[directive]
        assert "'unsafe-eval'" not in csp.get(directive, [])


def test_pages_hold_no_inline_script_or_style_attribute(client, pages):
    for path in pages[:8]:
        html = client.get(path).text

        assert "<script>" not in html, path
        assert " style=" not in html, path
        assert " onclick=" not in html, path


def test_session_and_csrf_cookies_are_http_only_or_same_site_in_development(client, settings):
    response = client.get("/staff/login/")

    csrf = response.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["samesite"] == "Lax"
    assert settings.SESSION_COOKIE_HTTPONLY is True


# Production serves hashed static names from collectstatic's manifest; the probe renders pages
# with the plain static storage instead, so it needs no collectstatic run. Nothing else changes.
PRODUCTION_PROBE = """
from django.conf import settings
from django.test import Client, override_settings
plain_static = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
override_settings(STORAGES=plain_static).enable()
client = Client(HTTP_HOST="cop.example.org")
plain = client.get("/staff/login/")
secure = client.get("/staff/login/", HTTP_X_FORWARDED_PROTO="https")
cookie = secure.cookies["csrftoken"]
print(plain.status_code, plain["Location"])
print(secure["Strict-Transport-Security"])
print(bool(cookie["secure"]), cookie["samesite"])
print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY)
"""


def test_production_over_https_sends_hsts_and_secure_cookies(production_env):  # noqa: F811
    production_env.update(HTTPS="1", SITE_URL="https://cop.example.org")

    printed = run_python(production_env, PRODUCTION_PROBE).splitlines()

    assert printed == [
        "301 https://cop.example.org/staff/login/",
        "max-age=31536000; includeSubDomains; preload",
        "True Lax",
        "True True True",
    ]
