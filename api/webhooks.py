"""Writes for webhooks: an office registers a URL (the signing secret returned once) or removes
one; each event of the office's workshops becomes one delivery per webhook, posted by the task
worker (api.tasks, api.webhook_delivery).

Apart from api/services.py because it queues tasks, and the task module imports the delivery
code: services never import tasks of their own app, so nothing imports in a circle."""

import secrets
import uuid

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from api.models import Webhook, WebhookDelivery, WebhookEvent
from api.selectors import webhook_event_data
from api.tasks import deliver_webhook
from api.webhook_http import UnsafeUrlError, webhook_target
from core import events
from offices.models import RegionalOffice


def webhook_create(
    *, office: RegionalOffice, url: str, description: str = "", by: AbstractBaseUser | None
) -> tuple[Webhook, str]:
    """A new webhook and its signing secret (shown once). Refused (ValidationError on `url`)
    when the URL is not https, or its host resolves to a private, loopback or link-local
    address."""
    url = url.strip()
    try:
        webhook_target(url)
    except UnsafeUrlError as error:
        raise ValidationError({"url": str(error)}) from error
    secret = "whsec_" + secrets.token_urlsafe(32)
    webhook = Webhook(
        office=office, url=url, description=description.strip(), secret=secret, created_by=by
    )
    webhook.full_clean()
    webhook.save()
    return webhook, secret


def webhook_remove(*, webhook: Webhook) -> Webhook:
    """No further deliveries (those pending fail at their next try); the log stays."""
    if webhook.revoked_at is None:
        webhook.revoked_at = timezone.now()
        webhook.save(update_fields=["revoked_at"])
    return webhook


def webhook_event_received(event: str, **ids: int) -> list[WebhookDelivery]:
    """One delivery per active webhook of the office whose workshop the event is about, each
    queued for the worker. A core.events subscriber: it runs once the change has committed."""
    found = webhook_event_data(event, **ids)
    if found is None:
        return []
    hooks = list(Webhook.objects.filter(office_id=found.office_id, revoked_at__isnull=True))
    if not hooks:
        return []
    now = timezone.now()
    with transaction.atomic():
        deliveries = []
        for hook in hooks:
            event_id = uuid.uuid4()
            deliveries.append(
                WebhookDelivery.objects.create(
                    webhook=hook,
                    event_id=event_id,
                    event=event,
                    payload={
                        "id": str(event_id),
                        "event": event,
                        "occurred_at": now.isoformat(),
                        "data": found.data,
                    },
                    next_attempt_at=now,
                )
            )
        for delivery in deliveries:
            transaction.on_commit(
                lambda pk=delivery.pk: deliver_webhook.enqueue(delivery_id=pk),
                robust=True,  # a queue that is away logs an error; the row stays pending
            )
    return deliveries


def webhooks_subscribe() -> None:
    """Listen to every event a webhook can carry (called once, by ApiConfig.ready)."""
    for event in WebhookEvent.values:
        events.subscribe(event, webhook_event_received)
