"""The API docs page in a real browser: Swagger UI starts from the vendored files and the static
start-up script, under the site's CSP, and fetches nothing from outside."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_api_docs_render_from_vendored_files_without_csp_refusals(
    page: Page, live_server, csp_violations
):
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))

    page.goto(live_server.url + "/api/v1/docs")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("COP Workshops API")
    expect(
        page.locator(".opblock-summary-path", has_text="/api/v1/workshops").first
    ).to_be_visible()
    assert csp_violations == []
    assert [url for url in fetched if not url.startswith((live_server.url, "data:"))] == []
