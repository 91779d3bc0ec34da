import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import RegionalOfficeFactory, WorkshopFactory


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
