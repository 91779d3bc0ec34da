"""Browser tests: pytest-playwright driving Debian's Chromium (never a downloaded browser)
against pytest-django's live server, the demo data seeded into its database.

`make test` installs Chromium when it is missing; without one these tests skip, saying why."""

import os
import shutil
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython

from demo.seeder import DemoSeeder

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root in a container
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PROJECT_APPS = {"offices", "workshops", "participants", "attendance", "certificates"}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    """Mark the browser tests and run them last: while Playwright's event loop runs, Django's
    connections live in a context of their own (asgiref), which do not carry the test
    database's serialized contents that other transactional tests restore from."""
    browser = [item for item in items if "tests/browser/" in str(item.path)]
    for item in browser:
        item.add_marker(pytest.mark.browser)
    items[:] = [item for item in items if item not in browser] + browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"No Chromium at {CHROMIUM}: install it (apt-get install chromium) to run the "
            "browser tests; `make test` does."
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "accept_downloads": True}


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_playwright():
    """Playwright's sync API keeps an event loop running in the test thread, and Django then
    refuses database calls there (its guard against blocking an async loop). Test code, the
    test database's set-up and its flush are plain synchronous code, so lift the guard while
    the browser tests run (the project has no async code that it would protect)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def rerun_data_migrations() -> None:
    """Run the project's data migrations again, each with the models as they were after that
    migration (models have moved between apps since), in order. Each is idempotent."""
    loader = MigrationLoader(connection)
    plan = []
    for leaf in loader.graph.leaf_nodes():
        plan += [key for key in loader.graph.forwards_plan(leaf) if key not in plan]
    with connection.schema_editor() as editor:
        for key in plan:
            if key[0] not in PROJECT_APPS:
                continue
            operations = [
                op for op in loader.graph.nodes[key].operations if isinstance(op, RunPython)
            ]
            if operations:
                state_apps = loader.project_state(key, at_end=True).apps
                for operation in operations:
                    operation.code(state_apps, editor)


@pytest.fixture
def site(live_server, settings, transactional_db):
    """The live server, its e-mails and links pointing at itself, the demo data loaded.

    Regions, pillars, audiences and staff role groups come from data migrations; the previous
    transactional test's flush removed them, and Django's serialized copy of them is out of
    reach here (see pytest_collection_modifyitems), so the migrations' own functions put them
    back."""
    rerun_data_migrations()
    settings.SITE_URL = live_server.url
    settings.RATELIMIT_ENABLE = False
    DemoSeeder().run()
    mail.outbox.clear()
    return live_server.url


@pytest.fixture(autouse=True)
def _fail_fast(page):
    """A missing label or button fails in seconds, not after Playwright's default 30."""
    page.set_default_timeout(5000)


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def csp_violations(page):
    """Console messages of Content-Security-Policy refusals on the pages the test opens."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def use_language(page, site: str, language: str) -> None:
    """Choose the interface language as the switcher does (its cookie)."""
    page.context.add_cookies([{"name": "django_language", "value": language, "url": site}])
