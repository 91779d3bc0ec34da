"""Public calendar feeds. Each view first reads the feed's validators with cheap aggregates and
answers a matching conditional GET with 304 before any feed is built."""

import dataclasses
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.content_languages import working_languages
from core.language_urls import path_language, query_language
from core.page_cache import built_once, public_page
from offices.models import Region
from workshops import calendar, calendar_selectors, selectors
from workshops.models import Workshop

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def calendar_response(
    request: HttpRequest,
    *,
    version: calendar_selectors.FeedVersion,
    build: Callable[[], bytes],
    filename: str,
    private: bool = False,
) -> HttpResponse:
    """200 with the feed, or 304 (412) from the validators alone: `build` is only called when
    the client's copy is out of date and no other client has asked for this version yet
    (public feeds are kept in the cache under their ETag)."""
    etag = quote_etag(version.etag)
    last_modified = int(version.last_modified.timestamp()) if version.last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = HttpResponse(
            build() if private else _built_once(version.etag, build),
            content_type=CALENDAR_CONTENT_TYPE,
        )
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    if private:
        # A personal feed holds join links: no shared cache keeps it, no search engine lists it.
        patch_cache_control(response, private=True, no_cache=True)
        response["X-Robots-Tag"] = "noindex"
    else:
        patch_cache_control(response, public=True, max_age=300)
    return response


# One workshop's serialised events are kept while they are asked for: a day at least.
EVENTS_CACHE_SECONDS = 24 * 60 * 60


def _built_once(etag: str, build: Callable[[], bytes]) -> bytes:
    """The same version of a public feed is built once, however many subscribers poll it, and
    however many ask for it at the same moment (core.page_cache.built_once). The ETag covers
    every input (rows, day, language, settings), so it is a safe key."""
    return built_once(
        f"calendar-feed:{etag}", build, timeout=settings.CALENDAR_REFRESH_MINUTES * 60
    )


def feed_language(request: HttpRequest) -> str | None:
    """The language a feed was asked in: `?lang=`, else the URL's prefix (/fr/calendar.ics),
    else None (each workshop then speaks its own first working language)."""
    return query_language(request.GET.get("lang")) or path_language(request.path_info)


def workshop_feed_language(
    workshop: Workshop | calendar_selectors.FeedEntry, language: str | None
) -> str:
    return language or next(iter(working_languages(workshop)), "en")


def cached_public_events(
    entries: list[calendar_selectors.FeedEntry],
    *,
    language: str | None = None,
    region: Region | None = None,
    build: Callable[[Workshop], bytes] = calendar.public_workshop_events_ical,
) -> list[bytes]:
    """Each workshop's serialised events for a public feed, from the cache when the workshop
    and its sessions are unchanged (one round trip for all of them). Only the workshops whose
    events are not kept are read in full and built (a feed after one edit reads one), and
    their events kept for the next build. Each is written in `language`, or in its workshop's
    first working language when None. A workshop removed since `entries` were read gets b""."""
    languages = [workshop_feed_language(entry, language) for entry in entries]
    keys = calendar_selectors.public_events_keys(entries, languages=languages)
    found = cache.get_many(keys)
    missing = [
        entry.workshop_id for entry, key in zip(entries, keys, strict=True) if key not in found
    ]
    if missing:
        # A workshop changed since the entries were read is read as it is now: its events are
        # newer than its key says, never older. One removed since then is left out.
        workshops = calendar_selectors.workshop_list_calendar(region=region, pks=missing)
        rows = {workshop.pk: workshop for workshop in workshops}
        built = {}
        for entry, key, feed_language in zip(entries, keys, languages, strict=True):
            if key not in found and (workshop := rows.get(entry.workshop_id)) is not None:
                with translation.override(feed_language):
                    found[key] = built[key] = build(workshop)
        if built:
            cache.set_many(built, timeout=EVENTS_CACHE_SECONDS)
    return [found.get(key, b"") for key in keys]


@require_safe
@public_page
def workshop_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """One workshop and its sessions, in `?lang=`, the URL's language, else the workshop's
    first working language."""
    try:
        workshop = calendar_selectors.workshop_get_calendar(slug=slug)
    except Workshop.DoesNotExist:
        raise Http404 from None
    with translation.override(workshop_feed_language(workshop, feed_language(request))):
        return calendar_response(
            request,
            version=calendar_selectors.workshop_calendar_version(workshop=workshop),
            build=lambda: calendar.workshop_ics(workshop, for_participant=False),
            filename=f"{workshop.slug}.ics",
        )


@require_safe
@public_page
def all_workshops_calendar(request: HttpRequest) -> HttpResponse:
    """Every public workshop; `?region=<slug>` narrows it (an unknown region is 404). In
    `?lang=` or the URL's language, else each workshop in its first working language (and the
    calendar's own name in English)."""
    language = feed_language(request)
    with translation.override(language or "en"):
        return _all_workshops_calendar(request, language)


def _all_workshops_calendar(request: HttpRequest, language: str | None) -> HttpResponse:
    region = None
    name = _("COP Workshops")
    filename = "cop-workshops.ics"
    if region_slug := request.GET.get("region", ""):
        try:
            region = selectors.region_get(slug=region_slug)
        except Region.DoesNotExist:
            raise Http404 from None
        name = _("COP Workshops: %(region)s") % {"region": region.name}
        filename = f"cop-workshops-{region.slug}.ics"
    version = calendar_selectors.workshop_list_calendar_version(region=region)
    if language is None:  # not the same feed as ?lang=en
        version = dataclasses.replace(version, etag=f"{version.etag}-own")
    return calendar_response(
        request,
        version=version,
        build=lambda: _public_feed(name=name, region=region, language=language),
        filename=filename,
    )


def _public_feed(*, name: str, region: Region | None, language: str | None) -> bytes:
    """The all-workshops feed from one query over every workshop, its workshops' kept events
    and those built again (`cached_feed_events`): after one edit, one workshop is read in
    full and built, whatever the number of workshops."""
    entries = calendar_selectors.workshop_list_calendar_entries(region=region)
    return calendar.assembled_feed_ics(
        name=name,
        zone_years=calendar_selectors.feed_time_zones(entries),
        events=cached_feed_events(entries, language=language, region=region),
    )


# A run of the feed's workshops ends after each one whose id is a multiple of this: about 32
# workshops a run, and a workshop added, moved or removed changes only the runs it is in.
RUN_ENDS_AFTER_IDS_DIVISIBLE_BY = 32


def feed_runs(entries: list[calendar_selectors.FeedEntry]) -> list[range]:
    """The entries' indexes cut into runs of consecutive workshops (see above)."""
    runs = []
    start = 0
    for index, entry in enumerate(entries):
        if entry.workshop_id % RUN_ENDS_AFTER_IDS_DIVISIBLE_BY == 0:
            runs.append(range(start, index + 1))
            start = index + 1
    if start < len(entries):
        runs.append(range(start, len(entries)))
    return runs


def cached_feed_events(
    entries: list[calendar_selectors.FeedEntry],
    *,
    language: str | None = None,
    region: Region | None = None,
) -> list[bytes]:
    """The feed's events, run by run (`feed_runs`): a run of unchanged workshops is kept as
    one piece under the keys of its workshops' events, so the feed is read from the cache in
    about a hundred and fifty pieces at 5,000 workshops, not 5,000 (the cost per piece was
    half the rebuild's). Only the runs that changed are made again, from their workshops'
    kept events and those built again (`cached_public_events`)."""
    languages = [workshop_feed_language(entry, language) for entry in entries]
    keys = calendar_selectors.public_events_keys(entries, languages=languages)
    runs = feed_runs(entries)
    run_keys = [
        "calendar-events-run:"
        + hashlib.sha256("|".join(keys[index] for index in run).encode()).hexdigest()[:32]
        for run in runs
    ]
    found = cache.get_many(run_keys)
    changed = [(run, key) for run, key in zip(runs, run_keys, strict=True) if key not in found]
    if changed:
        indexes = [index for run, _key in changed for index in run]
        pieces = dict(
            zip(
                indexes,
                cached_public_events(
                    [entries[index] for index in indexes], language=language, region=region
                ),
                strict=True,
            )
        )
        made = {}
        for run, key in changed:
            members = [pieces[index] for index in run]
            found[key] = b"".join(members)
            if all(members):  # not kept with a workshop removed since the entries were read
                made[key] = found[key]
        if made:
            cache.set_many(made, timeout=EVENTS_CACHE_SECONDS)
    return [found[key] for key in run_keys]
