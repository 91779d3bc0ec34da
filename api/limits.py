"""Rate limits on the whole API, per client address and per token, counted in the same cache as
the public forms' limits (django-ratelimit; shared across processes when REDIS_URL is set).
Over a limit: 429 with Retry-After, as a problem document (api.v1)."""

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited
from ninja.throttling import BaseThrottle

from api.models import ApiToken
from core.http import client_ip

PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def address_key(_group: str, request: HttpRequest) -> str:
    """The client's address; requests without one (not over the network) share one count,
    where django-ratelimit's own "ip" key would fail on them."""
    return client_ip(request) or "unknown"


def period_seconds(rate: str) -> int:
    """The window of a django-ratelimit rate such as "600/m" or "100/5m", in seconds."""
    _count, period = rate.split("/")
    multiplier = int(period[:-1] or 1)
    return multiplier * PERIOD_SECONDS[period[-1]]


class AddressLimit(BaseThrottle):
    def allow_request(self, request: HttpRequest) -> bool:
        return not is_ratelimited(
            request,
            group="api:address",
            key=address_key,
            rate=settings.RATELIMIT_API_ADDRESS,
            increment=True,
        )

    def wait(self) -> int:
        return period_seconds(settings.RATELIMIT_API_ADDRESS)


class TokenLimit(BaseThrottle):
    """Counts only requests that carry a valid token (they are authenticated first)."""

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return True
        return not is_ratelimited(
            request,
            group="api:token",
            key=lambda _group, _request: f"token:{token.pk}",
            rate=settings.RATELIMIT_API_TOKEN,
            increment=True,
        )

    def wait(self) -> int:
        return period_seconds(settings.RATELIMIT_API_TOKEN)
