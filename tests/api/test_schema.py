import json
import re

import pytest
from django.conf import settings

from api.schema_file import SCHEMA_PATH, schema_text

pytestmark = pytest.mark.django_db


def test_committed_schema_is_the_one_the_code_makes():
    # If this fails, the API changed: run `python manage.py api_schema` and commit
    # api/openapi.json, so the change shows in the diff.
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()


def test_served_schema_is_openapi_3_1_and_equals_the_committed_one(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    served = response.json()
    assert served["openapi"] == "3.1.0"
    assert served == json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def test_schema_describes_every_endpoint():
    paths = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["paths"]

    assert sorted(paths) == [
        "/api/v1/countries",
        "/api/v1/documents",
        "/api/v1/office/participants/{participant_id}",
        "/api/v1/office/workshops/{slug}/attendance",
        "/api/v1/office/workshops/{slug}/certificate-batches",
        "/api/v1/office/workshops/{slug}/certificate-batches/{batch_id}",
        "/api/v1/office/workshops/{slug}/registrations",
        "/api/v1/office/workshops/{slug}/registrations/{registration_id}/status",
        "/api/v1/partners",
        "/api/v1/partners/{slug}",
        "/api/v1/token",
        "/api/v1/verify",
        "/api/v1/verify/{code}",
        "/api/v1/workshops",
        "/api/v1/workshops/{slug}",
    ]


def test_docs_page_uses_only_vendored_assets_and_no_inline_script(client):
    response = client.get("/api/v1/docs")
    page = response.content.decode()

    assert response.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources == [
        "/static/vendor/swagger-ui/swagger-ui.css",
        "/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "/static/js/api-docs.js",
    ]
    # Every script tag loads a file: the CSP forbids inline scripts.
    assert re.findall(r"<script[^>]*>([^<]*)</script>", page) == ["", ""]
    assert 'data-openapi-url="/api/v1/openapi.json"' in page
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_vendored_swagger_ui_is_present_with_its_licence():
    folder = settings.BASE_DIR / "static" / "vendor" / "swagger-ui"

    assert sorted(path.name for path in folder.iterdir()) == [
        "LICENSE",
        "NOTICE",
        "README.md",
        "swagger-ui-bundle.js",
        "swagger-ui.css",
    ]
    assert "Apache License" in (folder / "LICENSE").read_text()
