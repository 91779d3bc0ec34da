import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from offices.models import StaffMembership
from tests.factories import RegionalOfficeFactory, StaffMembershipFactory, WorkshopFactory


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: LocaleMiddleware leaves the language of the
    last request active in the thread, so a test fetching a page in Russian would otherwise
    change the messages the next test reads."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request):
    """The SQLite test database is in memory, except in a session that runs the browser tests:
    the live server answers the browser's requests on several threads at once, and one shared
    in-memory connection cannot serve them (Django refuses to close it from another thread)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3" and any(
        item.get_closest_marker("browser") for item in request.session.items
    ):
        folder = tempfile.mkdtemp(prefix="cop-test-db-")
        database.setdefault("TEST", {})["NAME"] = str(Path(folder) / "test.sqlite3")


@pytest.fixture(autouse=True)
def _concurrency_on_a_file(request, tmp_path):
    """Tests marked `concurrency` run on a SQLite file; every other test on the in-memory test
    database. Threads each open their own connection, and IMMEDIATE transactions with WAL
    only make them wait for each other on a file (shared-cache memory fails at once instead).
    The in-memory database, data and all, is copied to the file for the test, then taken back
    into use unchanged. PostgreSQL runs are left alone."""
    database = connections["default"]
    on_sqlite_memory = database.vendor == "sqlite" and database.is_in_memory_db()
    if request.node.get_closest_marker("concurrency") is None or not on_sqlite_memory:
        yield
        return
    request.getfixturevalue("transactional_db")
    path = tmp_path / "concurrency.sqlite3"
    database.ensure_connection()
    with sqlite3.connect(path) as file:
        database.connection.backup(file)
    memory_name, memory_connection = database.settings_dict["NAME"], database.connection
    database.connection = None  # kept open: closing it would drop the in-memory database
    database.settings_dict["NAME"] = str(path)  # the threads' new connections read this too
    yield
    database.close()
    database.settings_dict["NAME"] = memory_name
    database.connection = memory_connection


@pytest.fixture
def office():
    return RegionalOfficeFactory(slug="bangkok", name="Bangkok")


@pytest.fixture
def workshop(office):
    return WorkshopFactory(office=office)


@pytest.fixture
def staff_client_for(client):
    """Signs the test client in as a new staff member: `staff_client_for(role, office)`.
    Headquarters staff belong to no office; office staff without an office get a new one.
    Other keywords go to StaffMembershipFactory (`user__username=...`). Returns the client."""

    def sign_in(role: str = StaffMembership.Role.OFFICE_STAFF, office=None, **fields):
        if role == StaffMembership.Role.HEADQUARTERS:
            fields["office"] = None
        elif office is not None:
            fields["office"] = office
        membership = StaffMembershipFactory(role=role, **fields)
        client.force_login(membership.user)
        return client

    return sign_in


@pytest.fixture
def staff_client(staff_client_for, office):
    """The test client signed in as office staff of `office`."""
    return staff_client_for(StaffMembership.Role.OFFICE_STAFF, office)


@pytest.fixture
def viewer_client(staff_client_for, office):
    """The test client signed in as a viewer of `office`: reads, never changes."""
    return staff_client_for(StaffMembership.Role.OFFICE_VIEWER, office)


@pytest.fixture
def hq_client(staff_client_for):
    """The test client signed in as headquarters staff: every office, read-only."""
    return staff_client_for(StaffMembership.Role.HEADQUARTERS)


@pytest.fixture
def assert_queries_do_not_grow():
    """The N+1 check for a list: `run` (a page fetch or a selector call) makes as many queries
    with three rows as with one. `add_row` adds one row: it is called once before the first
    count and twice more before the second. Returns what the last `run` returned."""

    def check(run: Callable[[], object], *, add_row: Callable[[], object]):
        add_row()
        with CaptureQueriesContext(connection) as with_one:
            run()
        add_row()
        add_row()
        with CaptureQueriesContext(connection) as with_three:
            result = run()
        one = [query["sql"] for query in with_one.captured_queries]
        three = [query["sql"] for query in with_three.captured_queries]
        assert len(three) == len(one), "\n".join(["with one row:", *one, "with three:", *three])
        return result

    return check
