import pytest
from django.db import transaction

from core import events

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """A subscriber to "test.event" that records what it hears."""
    calls = []

    def listener(event_name, **payload):
        calls.append((event_name, payload))

    events.subscribe("test.event", listener)
    events.subscribe("test.event", listener)  # twice: still heard once
    yield calls
    events.unsubscribe("test.event", listener)


def test_publish_tells_each_subscriber_with_the_payload(heard):
    events.publish("test.event", registration_id=7)
    events.publish("other.event", registration_id=8)

    assert heard == [("test.event", {"registration_id": 7})]


def test_publish_on_commit_waits_for_the_commit(heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        events.publish_on_commit("test.event", registration_id=1)
        assert heard == []

    assert heard == [("test.event", {"registration_id": 1})]


def _change_then_fail() -> None:
    with transaction.atomic():
        events.publish_on_commit("test.event", registration_id=1)
        raise RuntimeError


def test_nothing_is_published_for_a_rolled_back_change(heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        _change_then_fail()

    assert heard == []


def test_a_failing_subscriber_is_logged_and_the_others_still_hear(caplog):
    calls = []

    def broken(event_name, **payload):
        raise ValueError("boom")

    def after(event_name, **payload):
        calls.append(payload)

    events.subscribe("test.event", broken)
    events.subscribe("test.event", after)
    try:
        events.publish("test.event", registration_id=3)
    finally:
        events.unsubscribe("test.event", broken)
        events.unsubscribe("test.event", after)

    assert calls == [{"registration_id": 3}]
    assert "A subscriber of test.event failed." in caplog.text
