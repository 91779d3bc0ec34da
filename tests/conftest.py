from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import connection
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
