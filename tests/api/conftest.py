import pytest
from django.core.cache import cache

# The certificate fixtures (a completed workshop, an attendee who qualifies, a staff member).
from tests.certificates.conftest import make_attendee, past_workshop, staff_user  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
