"""Delivering one webhook event: sign the stored body, post it, log the try.

Like the participant e-mail outbox, a try first *claims* the row (counts the attempt and moves
the next one past the retry delay, in a short transaction), so two workers never post the same
event at once, and a worker that dies mid-try leaves a row that becomes due again by itself. A
2xx answer delivers it; any other answer, a timeout or a refused connection is retried after a
growing delay until MAX_ATTEMPTS; a URL that now resolves to a refused address fails at once.

The signature: `X-COP-Webhook-Signature: sha256=<hex>`, the HMAC-SHA256 with the webhook's
secret of `<X-COP-Webhook-Timestamp>.<body>`; the timestamp (Unix seconds) lets a receiver
refuse an old message played again."""

import datetime as dt
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from api.models import WebhookDelivery
from api.webhook_http import UnsafeUrlError, post_json

logger = logging.getLogger(__name__)

# After the n-th failed try, the next comes this much later: six tries over about eight hours.
RETRY_DELAYS = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=6),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
SIGNATURE_HEADER = "X-COP-Webhook-Signature"
TIMESTAMP_HEADER = "X-COP-Webhook-Timestamp"


def webhook_body(delivery: WebhookDelivery) -> bytes:
    """The exact bytes posted (the same on every try)."""
    return json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()


def webhook_signature(*, secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


@dataclass(frozen=True)
class DeliveryAttempt:
    delivery_id: int
    outcome: str  # "delivered", "retry", "failed" or "skipped" (not due, taken, or done)
    next_attempt_at: dt.datetime | None = None


def _retry_delay(attempts: int) -> dt.timedelta:
    return RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]


def _claim(delivery_id: int, *, now: dt.datetime) -> WebhookDelivery | None:
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("webhook")
            .filter(
                pk=delivery_id,
                status=WebhookDelivery.Status.PENDING,
                next_attempt_at__lte=now,
            )
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        delivery.next_attempt_at = now + _retry_delay(delivery.attempts)
        delivery.save(update_fields=["attempts", "next_attempt_at"])
    return delivery


def _post(delivery: WebhookDelivery, *, now: dt.datetime) -> tuple[int | None, str, bool]:
    """(status code, error, whether a retry may help)."""
    if delivery.webhook.revoked_at is not None:
        return None, "The webhook was removed.", False
    body = webhook_body(delivery)
    timestamp = int(now.timestamp())
    headers = {
        "X-COP-Webhook-Id": str(delivery.event_id),
        "X-COP-Webhook-Event": delivery.event,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: webhook_signature(
            secret=delivery.webhook.secret, timestamp=timestamp, body=body
        ),
    }
    try:
        status = post_json(delivery.webhook.url, body, headers)
    except UnsafeUrlError as error:
        return None, str(error), False
    except Exception as error:  # refused, timed out, TLS, a broken answer: try again later
        return None, f"{type(error).__name__}: {error}", True
    if 200 <= status < 300:
        return status, "", False
    return status, f"HTTP {status}", True


def webhook_delivery_attempt(
    *, delivery_id: int, now: dt.datetime | None = None
) -> DeliveryAttempt:
    """Try one due delivery now, and log the outcome on its row."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now=now)
    if delivery is None:
        return DeliveryAttempt(delivery_id, "skipped")
    status, error, retry = _post(delivery, now=now)
    delivery.last_status_code = status
    delivery.last_error = error[:500]
    if not error:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.next_attempt_at = None
    elif not retry or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    delivery.save(
        update_fields=[
            "status",
            "last_status_code",
            "last_error",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    if error:
        logger.warning(
            "Webhook delivery %s (%s), attempt %s of %s: %s",
            delivery.pk,
            delivery.event,
            delivery.attempts,
            MAX_ATTEMPTS,
            error,
        )
    outcome = {
        WebhookDelivery.Status.DELIVERED: "delivered",
        WebhookDelivery.Status.FAILED: "failed",
    }.get(delivery.status, "retry")
    return DeliveryAttempt(delivery.pk, outcome, delivery.next_attempt_at)
