"""A Redis cache that the site does not depend on.

What the cache holds here is either shared for accuracy (rate-limit counts across processes)
or saved work (built calendar feeds): losing Redis must cost that, never a page. So every
operation that cannot reach Redis is done in this process's memory instead, and for
``RETRY_AFTER_SECONDS`` after a failure Redis is not even tried, so an unreachable server
slows no request down. One warning is logged when Redis is lost and one when it is back, not
one per operation; ``FAILURES`` counts the operations that fell back (per process).

Rate limits therefore *fail open* to per-process counts while Redis is away: each web process
counts on its own, so a client may get a few times its limit, and nobody gets a 500."""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

_lock = threading.Lock()
# Per process, shared by the per-thread cache objects Django creates.
_down_since: dict[str, float] = {}
_retry_at: dict[str, float] = {}
FAILURES: dict[str, int] = {}


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client makes a new redis.Redis object (and its table of ~170 response
    callbacks) for every operation; a kept page is one operation, so that was a fifth of its
    cost. One client per connection pool instead: a redis.Redis over a pool is thread-safe."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FallbackRedisCache(RedisCache):
    """Django's RedisCache, falling back to process memory while Redis cannot be reached."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._location = server if isinstance(server, str) else ",".join(server)
        # LocMemCache keeps its data per name, so every thread of the process shares it.
        self._fallback = LocMemCache(f"redis-fallback:{self._location}", params)

    def ping(self) -> None:
        """Raise unless Redis answers now (for /readyz; never falls back)."""
        self._cache.get_client(write=False).ping()

    def _call(self, name: str, *args, **kwargs):
        location = self._location
        if time.monotonic() < _retry_at.get(location, 0.0):
            return self._fell_back(name, None, *args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except UNREACHABLE as error:
            return self._fell_back(name, error, *args, **kwargs)
        if location in _down_since:
            with _lock:
                since = _down_since.pop(location, None)
            if since is not None:
                logger.warning(
                    "Cache reachable again after %.0f s; %s operations used process memory.",
                    time.monotonic() - since,
                    FAILURES.get(location, 0),
                )
        return result

    def _fell_back(self, name: str, error: Exception | None, *args, **kwargs):
        location = self._location
        with _lock:
            FAILURES[location] = FAILURES.get(location, 0) + 1
            if error is not None:
                _retry_at[location] = time.monotonic() + RETRY_AFTER_SECONDS
                first = location not in _down_since
                _down_since.setdefault(location, time.monotonic())
            else:
                first = False
        if first:
            logger.warning(
                "Cache unreachable (%s: %s): using this process's memory, rate limits count "
                "per process until it is back.",
                type(error).__name__,
                error,
            )
        return getattr(self._fallback, name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        return self._call("clear")
