"""The workshop's side of the content-language rule (core/content_languages.py, the one place
for the rule): a workshop's working languages come before English, and a session or document
follows its workshop."""

from __future__ import annotations

from core.content_languages import content_language, missing_texts, working_languages


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
