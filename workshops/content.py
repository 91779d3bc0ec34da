"""The workshop's side of the content-language rule (core/content_languages.py, the one place
for the rule): a workshop's working languages come before English, and a session or document
follows its workshop. The rule's helpers are re-exported here for the workshop code that has
always imported them from this module."""

from __future__ import annotations

from core.content_languages import (
    CONTENT_LANGUAGES,
    DEFAULT_CONTENT_LANGUAGE,
    RTL_LANGUAGES,
    ContentDescriptor,
    LocalizedText,
    column,
    columns,
    content_language,
    language_name,
    language_order,
    languages_present,
    localized,
    missing_texts,
    text_direction,
    un_language,
    working_languages,
)

__all__ = [
    "CONTENT_LANGUAGES",
    "DEFAULT_CONTENT_LANGUAGE",
    "RTL_LANGUAGES",
    "WORKSHOP_OWN_TEXTS",
    "ContentDescriptor",
    "LocalizedText",
    "column",
    "columns",
    "content_language",
    "incomplete_working_languages",
    "language_name",
    "language_order",
    "languages_of_its_workshop",
    "languages_present",
    "localized",
    "missing_texts",
    "text_direction",
    "un_language",
    "working_languages",
    "workshop_languages",
]


def workshop_languages(workshop) -> list[str]:
    """The workshop's working languages as content codes, first first."""
    return [code for code in map(content_language, workshop.languages or []) if code]


def languages_of_its_workshop(obj) -> list[str]:
    """A session's or document's working languages: its workshop's, when that workshop is
    already loaded (a prefetch sets it), so that reading a text never costs a query."""
    field = obj._meta.get_field("workshop")
    if not field.is_cached(obj) or obj.workshop is None:
        return []
    return workshop_languages(obj.workshop)


#: A workshop's own texts that its announcement needs in each working language.
WORKSHOP_OWN_TEXTS = ("title", "summary", "description", "city", "venue")


def incomplete_working_languages(workshop) -> list[str]:
    """The workshop's working languages (content codes) that lack one of its own texts that
    another language has."""
    working = working_languages(workshop)
    missing = missing_texts(workshop, WORKSHOP_OWN_TEXTS, working)
    return [code for code in working if missing[code]]
