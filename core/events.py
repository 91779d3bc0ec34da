"""A tiny publish/subscribe between the layers: a lower app says what happened, a higher app
listens, and the lower app never imports the higher one (the API's webhooks hear about
registrations, attendance and certificates this way).

A plain registry, not Django signals: `subscribe` at start-up (an AppConfig.ready), `publish`
calls each subscriber in turn. Services publish with `publish_on_commit`, so a subscriber
only ever hears of a change that was kept; a subscriber that fails is logged and never undoes
or breaks the change, nor keeps the others from hearing of it. Payloads are plain values
(ids, names), never model instances."""

import logging
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

Subscriber = Callable[..., None]

_subscribers: dict[str, list[Subscriber]] = defaultdict(list)


def subscribe(event_name: str, subscriber: Subscriber) -> None:
    """`subscriber(event_name, **payload)` is called on every later `publish(event_name)`.
    Subscribing the same function twice has no further effect."""
    if subscriber not in _subscribers[event_name]:
        _subscribers[event_name].append(subscriber)


def unsubscribe(event_name: str, subscriber: Subscriber) -> None:
    if subscriber in _subscribers[event_name]:
        _subscribers[event_name].remove(subscriber)


def publish(event_name: str, **payload: Any) -> None:
    """Tell every subscriber of `event_name`, now."""
    for subscriber in list(_subscribers[event_name]):
        try:
            subscriber(event_name, **payload)
        except Exception:
            logger.exception("A subscriber of %s failed.", event_name)


def publish_on_commit(event_name: str, **payload: Any) -> None:
    """Publish once the current transaction commits (at once outside one); never for a change
    that is rolled back."""
    transaction.on_commit(partial(publish, event_name, **payload))
