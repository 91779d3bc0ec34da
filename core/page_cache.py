"""Whole public pages for anonymous visitors, served from the cache.

A page is kept under its address (scheme, host, path and query), its language and the content
revision: one number in the database (core.models.ContentRevision) that goes up after the commit
of any change to what a public page shows. Saving or deleting a model listed in
settings.PUBLIC_CONTENT_MODELS bumps it (signals, below); code that changes such rows without
signals (`QuerySet.update`, `bulk_create`) calls `content_changed()`. A change is therefore seen
on the very next request, and nothing has to know which pages it touched. What changes with
time alone (a workshop becoming past, registration closing) is seen within
PAGE_CACHE_SECONDS.

Only what every anonymous visitor sees alike is kept: a GET or HEAD without a session or
messages cookie, answered 200 without cookies, without `Cache-Control: private` or `no-store`,
and without a CSRF token in it (a form that posts is per visitor). Each kept page carries an
ETag, so a browser that has it gets 304, and a text page is kept compressed too: a client that
accepts gzip gets it so (a 4.7 MB feed is then a tenth of that on the wire). The revision is
read from the database on every request (one query by primary key), so this holds with several
web processes and with the cache down (core.cache then keeps pages in process memory, still
under the same revision). Each web process also keeps the pages it served lately in its own
memory (PAGE_CACHE_PROCESS_BYTES), under the same key: a page asked for again is then one
query, without a trip to Redis.

The staff area's expensive reads (the reports, the dashboard's lists) are kept the same way
under a second number, the *records revision*, which goes up after the commit of any change to
a model in settings.RECORD_MODELS (every public model, and the learning answers and settings):
`kept_records()`. A staff member sees their own change, and anyone's, on the next request."""

import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile
from django.utils.translation import get_language

from core.models import ContentRevision

REVISION_ROW = 1
RECORDS_ROW = 2
REVISION_SQL = f"SELECT number FROM {ContentRevision._meta.db_table} WHERE id = %s"
# Something expensive being built is locked for this long at most (a builder that dies frees it
# then); other requests for it wait up to WAIT_SECONDS, then build it themselves.
BUILD_LOCK_SECONDS = 60
WAIT_SECONDS = 10
POLL_SECONDS = 0.05
# Headers a kept page is served again with; the middleware around the view (language, security,
# CSP) adds the rest on every response, cached or not.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "Cache-Control",
    "Last-Modified",
    "Vary",
    "Link",
    "X-Robots-Tag",
)
# Cookies that make a page someone's own: the session (staff, a message after a post) and the
# messages that are shown once.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# Pages kept compressed as well: text larger than a packet. Level 5: a 4.7 MB feed in about a
# tenth of its size, in a fraction of what building it costs (measured in the README).
COMPRESSED_TYPES = ("text/", "application/json", "application/ld+json")
COMPRESS_FROM_BYTES = 1024
COMPRESS_LEVEL = 5
ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")


Built = TypeVar("Built")


def built_once(key: str, build: Callable[[], Built | None], *, timeout: int) -> Built | None:
    """What `build` returns, kept in the cache under `key`, and built once however many requests
    ask for it at the same moment: the first takes a lock and builds, the others wait for its
    result rather than building the same thing side by side (a cold page or feed under load
    would otherwise be built by every worker at once, and every other page would wait behind
    them). A build that returns None is not kept. `key` must name one version of what is built,
    so that a waiter never gets an older one."""
    found = cache.get(key)
    if found is not None:
        return found
    lock = f"{key}:building"
    if cache.add(lock, "1", timeout=BUILD_LOCK_SECONDS):
        try:
            built = build()
            if built is not None:
                cache.set(key, built, timeout=timeout)
        finally:
            cache.delete(lock)
        return built
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        found = cache.get(key)
        if found is not None:
            return found
        if cache.get(lock) is None:
            break  # the builder finished (read once more below), failed, or kept nothing
    found = cache.get(key)
    return found if found is not None else build()


def _read_revision(row: int = REVISION_ROW) -> int:
    with connection.cursor() as cursor:
        cursor.execute(REVISION_SQL, [row])
        found = cursor.fetchone()
    return found[0] if found else 0


def records_revision() -> int:
    return _read_revision(RECORDS_ROW)


def content_revision() -> int:
    """The content revision, read on every anonymous request: plain SQL, without the ORM's query
    building (half the cost of a kept page's one query). When it is the request's first query
    on a kept connection, it is also the connection's health check (CONN_HEALTH_CHECKS would
    otherwise send a query of its own first, a second trip to the database on every kept
    page): a connection that went away (the database restarted) is closed and the revision
    read again on a new one, as Django's check would have done."""
    checking = (
        connection.health_check_enabled
        and not connection.health_check_done
        and connection.connection is not None
        and not connection.in_atomic_block
    )
    if not checking:
        return _read_revision()
    connection.health_check_done = True
    try:
        return _read_revision()
    except (OperationalError, InterfaceError):
        connection.close()
    return _read_revision()


def _bump_rows(*rows: int) -> None:
    # One statement for both rows: a registration bumps both, and at a hundred a second a
    # second round trip and commit each time showed.
    if ContentRevision.objects.filter(pk__in=rows).update(number=F("number") + 1) < len(rows):
        for row in rows:
            ContentRevision.objects.get_or_create(pk=row, defaults={"number": 1})


def _bump() -> None:
    _bump_rows(REVISION_ROW, RECORDS_ROW)


def _bump_records() -> None:
    _bump_rows(RECORDS_ROW)


def _after_commit(bump: Callable[[], None], using: str | None) -> None:
    """`bump` once the transaction commits (once per transaction however many rows changed;
    never when it rolls back). After the commit, so that no transaction holds the revision row
    while it works, and so that what was built from the old rows can only be kept under the old
    number."""
    database = transaction.get_connection(using)
    if not database.in_atomic_block:
        bump()
        return
    if any(callback is bump for _sids, callback, _robust in database.run_on_commit):
        return
    # robust: the change is committed whatever happens here; a failed bump is logged and the
    # pages catch up within PAGE_CACHE_SECONDS.
    transaction.on_commit(bump, using=using, robust=True)


def content_changed(using: str | None = None) -> None:
    """What public pages show has changed (and so have the staff's records: every public model
    is also a record): both revisions go up."""
    _after_commit(_bump, using)


def records_changed(using: str | None = None) -> None:
    """What the staff area's kept reads are made of has changed (not what public pages show)."""
    _after_commit(_bump_records, using)


def _current_model(model: type) -> bool:
    # A migration's historical models live in an app registry of their own: a data migration
    # runs before the revision's table may exist (a page kept before a deploy's migrations ages
    # out within PAGE_CACHE_SECONDS).
    return model._meta.apps is django_apps


def _public_model(model: type) -> bool:
    return _current_model(model) and model._meta.label_lower in settings.PUBLIC_CONTENT_MODELS


def _record_model(model: type) -> bool:
    return _current_model(model) and model._meta.label_lower in settings.RECORD_MODELS


def _changed(model: type, using: str | None) -> None:
    if _public_model(model):
        content_changed(using)
    elif _record_model(model):
        records_changed(using)


def _saved_or_deleted(sender, using=None, **kwargs) -> None:
    _changed(sender, using)


def _relations_changed(sender, instance, action: str, using=None, **kwargs) -> None:
    if action.startswith("post_"):
        _changed(type(instance), using)


def kept_records(name: str, parts: tuple, build: Callable[[], Built]) -> Built:
    """What `build` returns, kept for RECORDS_CACHE_SECONDS under `name`, `parts` (whatever else
    it depends on: whose access, which period), the language and the records revision; built
    once however many staff ask at the same moment. Off (built every time) at 0 seconds."""
    seconds = settings.RECORDS_CACHE_SECONDS
    if seconds <= 0:
        return build()
    digest = hashlib.sha256(repr((parts, get_language())).encode()).hexdigest()
    key = f"records:{name}:{records_revision()}:{digest}"
    return built_once(key, build, timeout=seconds)


def connect_signals() -> None:
    """Called once from CoreConfig.ready()."""
    post_save.connect(_saved_or_deleted, dispatch_uid="page_cache_saved")
    post_delete.connect(_saved_or_deleted, dispatch_uid="page_cache_deleted")
    m2m_changed.connect(_relations_changed, dispatch_uid="page_cache_relations")


class ProcessPages:
    """The pages this process served lately, most recent last, within a total size: a page
    asked for again is served without a trip to the shared cache. Keyed like the shared cache
    (the revision is in the key), and each page leaves no later than it would leave the shared
    cache (PAGE_CACHE_SECONDS after it was built)."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._pages: OrderedDict[str, dict] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def _size(kept: dict) -> int:
        return len(kept["content"]) + len(kept.get("gzip") or b"")

    def get(self, key: str) -> dict | None:
        with self._lock:
            kept = self._pages.get(key)
            if kept is None:
                return None
            if kept.get("expires", 0) <= time.time():
                self._bytes -= self._size(self._pages.pop(key))
                return None
            self._pages.move_to_end(key)
            return kept

    def put(self, key: str, kept: dict) -> None:
        size = self._size(kept)
        # One page may take a quarter of the room at most (the full feed of 5,000 workshops,
        # with its compressed copy, does): a larger one would push out the rest.
        if size > self.max_bytes // 4:
            return
        with self._lock:
            if key in self._pages:
                return
            self._pages[key] = kept
            self._bytes += size
            while self._bytes > self.max_bytes:
                _key, oldest = self._pages.popitem(last=False)
                self._bytes -= self._size(oldest)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0


process_pages = ProcessPages(settings.PAGE_CACHE_PROCESS_BYTES)


def _anonymous(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD") and not any(
        name in request.COOKIES for name in PERSONAL_COOKIES
    )


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "no-cache" not in cache_control
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _rendered(response: HttpResponse) -> HttpResponse:
    if hasattr(response, "render") and callable(response.render):
        return response.render()
    return response


def _etag(content: bytes) -> str:
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def _key(request: HttpRequest, revision: int, variant: str) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(f"{address}|{get_language()}|{variant}".encode()).hexdigest()
    return f"page:{revision}:{digest}"


def _compressible(response: HttpResponse) -> bool:
    return (
        len(response.content) >= COMPRESS_FROM_BYTES
        and response.get("Content-Type", "").startswith(COMPRESSED_TYPES)
        and not response.has_header("Content-Encoding")
    )


def _kept(response: HttpResponse, *, seconds: int) -> dict:
    etag = response.get("ETag") or _etag(response.content)
    response["ETag"] = etag
    patch_vary_headers(response, ["Accept-Encoding"])
    return {
        "content": response.content,
        # mtime=0: the same page compresses to the same bytes in every process.
        "gzip": (
            gzip.compress(response.content, compresslevel=COMPRESS_LEVEL, mtime=0)
            if _compressible(response)
            else None
        ),
        "etag": etag,
        "headers": [(name, response[name]) for name in KEPT_HEADERS if name in response],
        "expires": time.time() + seconds,
    }


def _weak(etag: str) -> str:
    return etag if etag.startswith("W/") else f"W/{etag}"


def _served(request: HttpRequest, kept: dict) -> HttpResponse:
    compressed = kept.get("gzip") is not None and ACCEPTS_GZIP.search(
        request.headers.get("Accept-Encoding", "")
    )
    # The compressed page is another representation: a weak ETag (as Django's GZipMiddleware),
    # which If-None-Match still matches (weak comparison).
    etag = _weak(kept["etag"]) if compressed else kept["etag"]
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    response = HttpResponse(kept["gzip"] if compressed else kept["content"])
    for name, value in kept["headers"]:
        response[name] = value
    response["ETag"] = etag
    if compressed:
        response["Content-Encoding"] = "gzip"
    return response


def public_page(
    view: Callable | None = None, *, variant: Callable[[HttpRequest], str] | None = None
) -> Callable:
    """Serve the view's page from the cache to anonymous visitors (see the module's doc).
    `variant` names what else the page depends on (the negotiated content type of a page that
    also answers JSON)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            seconds = settings.PAGE_CACHE_SECONDS
            if seconds <= 0 or not _anonymous(request):
                return view(request, *args, **kwargs)
            key = _key(request, content_revision(), variant(request) if variant else "")
            kept = process_pages.get(key)
            if kept is not None:
                return _served(request, kept)
            own = {}

            def build() -> dict | None:
                response = own["response"] = _rendered(view(request, *args, **kwargs))
                if not _keepable(request, response):
                    return None
                return _kept(response, seconds=seconds)

            kept = built_once(key, build, timeout=seconds)
            if kept is not None:
                process_pages.put(key, kept)
            if kept is None or "response" in own:
                # Built here: this request's own response (with its ETag when kept).
                response = own["response"]
                if kept is None:
                    return response
                return get_conditional_response(request, etag=kept["etag"], response=response)
            return _served(request, kept)

        return wrapped

    return decorate(view) if view is not None else decorate
