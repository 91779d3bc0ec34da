"""One URL per language for the public pages, beside the unprefixed URLs that keep working.

Two URL configurations (README "Content in six languages"):

- `settings.ROOT_URLCONF` serves every path as it always has: the public pages unprefixed, in
  the visitor's language (the language cookie, else `Accept-Language`, as Django's
  LocaleMiddleware decides), never redirected;
- `settings.LANGUAGE_URLCONF` has the same public pages under `/<language>/` (Django's
  `i18n_patterns`: `/en/`, `/fr/`, `/ar/`, `/zh-hans/`, `/ru/`, `/es/`) and every other page
  as in the root one. `LanguagePrefixMiddleware` (before LocaleMiddleware) picks it for a
  path that starts with a language, so LocaleMiddleware takes the language from the path and
  every link on such a page (`{% url %}`) keeps its prefix.

`?lang=<code>` (`LanguageQueryMiddleware`, after LocaleMiddleware) chooses the language of an
unprefixed page: feeds, `/me/…`, the staff area. On an HTML page it also keeps the choice in
the language cookie, so the pages that follow speak it too (the switcher's links on pages
that have no prefixed URL). A prefixed page needs no cookie to be read in its language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import get_language_info
from django.utils.translation.trans_real import get_language_from_path

LANGUAGE_CODES = tuple(code for code, _label in settings.LANGUAGES)


def query_language(value: str | None) -> str | None:
    """One of the six language codes for a `?lang=` value (`fr`, `zh`, `zh-hans`, `fr-CA`), or
    None when it names none of them."""
    if not value:
        return None
    value = value.strip().lower().replace("_", "-")
    if value == "zh":
        value = "zh-hans"
    try:
        return translation.get_supported_language_variant(value)
    except LookupError:
        return None


def path_language(path: str) -> str | None:
    """The language of a prefixed path (`/fr/workshops/` is `fr`), else None."""
    return get_language_from_path(path)


class LanguagePrefixMiddleware:
    """Resolves a path that starts with a language in the URL configuration of the prefixed
    pages. Put it before django.middleware.locale.LocaleMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if path_language(request.path_info):
            request.urlconf = settings.LANGUAGE_URLCONF
        return self.get_response(request)


class LanguageQueryMiddleware:
    """`?lang=<code>` on an unprefixed page speaks that language (put it after
    LocaleMiddleware); on an HTML page the choice is kept in the language cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = None
        if request.method == "GET" and not path_language(request.path_info):
            language = query_language(request.GET.get("lang"))
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language and response.get("Content-Type", "").startswith("text/html"):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=False,
            )
        return response


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in the language itself ("Français")
    url: str
    current: bool


def _reverse_or_none(view_name: str, kwargs: dict, urlconf: str) -> str | None:
    try:
        return reverse(view_name, kwargs=kwargs, urlconf=urlconf)
    except NoReverseMatch:
        return None


def url_in_language(view_name: str, *, kwargs: dict, language: str) -> str:
    """The path of a public page in `language` (`/fr/workshops/<slug>/`): the page as it reads
    in that language whoever opens it, where the unprefixed path follows the visitor's."""
    with translation.override(language):
        return reverse(view_name, kwargs=kwargs, urlconf=settings.LANGUAGE_URLCONF)


def language_links(request: HttpRequest) -> dict:
    """What the page needs to offer itself in each language: `links` (the switcher, one per
    language), `alternates` (the `hreflang` links) and `x_default` (its unprefixed URL), the
    last two only for a page that has a URL per language."""
    current = translation.get_language()
    match = getattr(request, "resolver_match", None)
    query = request.GET.copy()
    query.pop("lang", None)
    query_string = f"?{query.urlencode()}" if query else ""
    prefixed: dict[str, str] = {}
    unprefixed = None
    if match is not None and match.view_name:
        for code in LANGUAGE_CODES:
            with translation.override(code):
                url = _reverse_or_none(match.view_name, match.kwargs, settings.LANGUAGE_URLCONF)
            if url is None or not url.startswith(f"/{code}/"):
                prefixed = {}
                break
            prefixed[code] = url + query_string
        if prefixed:
            unprefixed = _reverse_or_none(match.view_name, match.kwargs, settings.ROOT_URLCONF)
    links = []
    for code in LANGUAGE_CODES:
        url = prefixed[code] if prefixed else f"{request.path}?{_with_lang(query, code)}"
        links.append(
            LanguageLink(
                code=code,
                name=get_language_info(code)["name_local"],
                url=url,
                current=code == current,
            )
        )
    alternates = [link for link in links if prefixed]
    x_default = request.build_absolute_uri(unprefixed + query_string) if unprefixed else ""
    return {
        "links": links,
        "alternates": [(link.code, request.build_absolute_uri(link.url)) for link in alternates],
        "x_default": x_default,
    }


def _with_lang(query, code: str) -> str:
    query = query.copy()
    query["lang"] = code
    return query.urlencode()


def language_links_context(request: HttpRequest) -> dict:
    """Context processor: `language_links`, computed only when a template reads it."""
    from django.utils.functional import SimpleLazyObject

    return {"language_links": SimpleLazyObject(lambda: language_links(request))}
