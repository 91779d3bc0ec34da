import pytest

from tests.factories import RegionalOfficeFactory, WorkshopFactory


@pytest.fixture
def office():
    return RegionalOfficeFactory(slug="bangkok", name="Bangkok")


@pytest.fixture
def workshop(office):
    return WorkshopFactory(office=office)
