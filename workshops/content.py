"""Which language a piece of content is shown in: the one rule, used by every page, feed,
e-mail and certificate.

Texts typed by staff (a workshop's title, a session's room, a partner's description...) are
stored once per language by django-modeltranslation (`title_en`, `title_fr`, ...,
`title_zh_hans`; registered in `workshops/translation.py` and `offices/translation.py`). The
rule for showing one:

1. the requested language (the page's, the feed's `?lang=`, the participant's);
2. else the workshop's first working language that has the text (a French workshop falls back
   to French, not English);
3. else English;
4. else any language that has it (in the order of settings.LANGUAGES), so a text is never
   hidden because it exists only in a language nobody expected.

`localized()` returns the text with the language it is in, so templates can mark it
(`lang`, `dir`, a discreet "in English") when it differs from the page's. The models'
own attributes (`workshop.title`) follow the same rule (workshops/translation.py installs
`ContentDescriptor`), so code that does not care about the marker still gets the right text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.utils import build_localized_fieldname

#: Django's codes of the six languages, in the order of settings.LANGUAGES.
CONTENT_LANGUAGES: tuple[str, ...] = tuple(code for code, _label in settings.LANGUAGES)
DEFAULT_CONTENT_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar"})

# The workshop's working languages and document files use the UN codes of the public URLs
# (`zh`); the interface and the content columns use Django's (`zh-hans`).
_UN_TO_DJANGO = {"zh": "zh-hans"}
_DJANGO_TO_UN = {value: key for key, value in _UN_TO_DJANGO.items()}


def content_language(code: str | None) -> str | None:
    """One of CONTENT_LANGUAGES for a UN code (`zh`), a Django code (`zh-hans`) or a browser's
    (`fr-CA`, `zh-CN`), or None when it names none of the six."""
    if not code:
        return None
    code = code.strip().lower().replace("_", "-")
    code = _UN_TO_DJANGO.get(code, code)
    if code in CONTENT_LANGUAGES:
        return code
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def un_language(code: str) -> str:
    """The UN code (`zh`) of a content language (`zh-hans`)."""
    return _DJANGO_TO_UN.get(code, code)


def column(field: str, language: str) -> str:
    """`title_zh_hans`: the column holding `field` in `language`."""
    return build_localized_fieldname(field, language)


def columns(fields) -> list[str]:
    """Every language column of `fields` (`title_ar`, `title_zh_hans`, ..., `city_ar`...)."""
    return [column(name, code) for name in fields for code in CONTENT_LANGUAGES]


def text_direction(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"


def language_name(language: str) -> str:
    """The language's name in the page's language (“French”, “français”...)."""
    return str(dict(settings.LANGUAGES).get(language, language))


def language_order(requested: str | None, working: Iterable[str] = ()) -> list[str]:
    """The languages to try, in order, for a text (the rule of this module's docstring)."""
    order: list[str] = []
    for code in (requested, *working, DEFAULT_CONTENT_LANGUAGE, *CONTENT_LANGUAGES):
        code = content_language(code)
        if code and code not in order:
            order.append(code)
    return order


def working_languages(obj) -> list[str]:
    """The content languages of the workshop `obj` is (or belongs to), first first.

    A session or document asks its workshop only when that workshop is already loaded (a
    prefetch sets it), so that reading a text never costs a query."""
    from workshops.models import Workshop

    if isinstance(obj, Workshop):
        workshop = obj
    else:
        field = getattr(type(obj), "_content_workshop_field", None)
        if not field or not obj._meta.get_field(field).is_cached(obj):
            return []
        workshop = getattr(obj, field)
        if workshop is None:
            return []
    return [code for code in map(content_language, workshop.languages or []) if code]


@dataclass(frozen=True)
class LocalizedText:
    text: str
    language: str  # a content language code, e.g. "zh-hans"
    page_language: str

    def __str__(self) -> str:
        return self.text

    @property
    def dir(self) -> str:
        return text_direction(self.language)

    @property
    def differs(self) -> bool:
        """The text is not in the page's language (templates mark it)."""
        return bool(self.text) and self.language != self.page_language

    @property
    def language_name(self) -> str:
        return language_name(self.language)


def localized(obj, field: str, language: str | None = None) -> LocalizedText:
    """`obj.<field>` in `language` (default: the active one), by the rule, with its language."""
    page_language = content_language(language or translation.get_language()) or "en"
    for code in language_order(page_language, working_languages(obj)):
        value = obj.__dict__.get(column(field, code))
        if value:
            return LocalizedText(text=value, language=code, page_language=page_language)
    return LocalizedText(text="", language=page_language, page_language=page_language)


def languages_present(obj, fields: Iterable[str]) -> list[str]:
    """The content languages in which `obj` has at least one of `fields`."""
    return [
        code
        for code in CONTENT_LANGUAGES
        if any(obj.__dict__.get(column(field, code)) for field in fields)
    ]


def missing_texts(obj, fields: Iterable[str], languages: Iterable[str]) -> dict[str, int]:
    """How many of `fields` that have a text in some language lack one in each of `languages`."""
    filled = [
        field
        for field in fields
        if any(obj.__dict__.get(column(field, code)) for code in CONTENT_LANGUAGES)
    ]
    return {
        code: sum(1 for field in filled if not obj.__dict__.get(column(field, code)))
        for code in languages
    }


class ContentDescriptor(TranslationFieldDescriptor):
    """modeltranslation's descriptor, reading by this module's rule instead of the global
    fallback list (writing is unchanged: it sets the active language's column)."""

    def __get__(self, instance, owner):
        if instance is None:
            return self
        return localized(instance, self.field.name).text


#: A workshop's own texts that its announcement needs in each working language.
WORKSHOP_OWN_TEXTS = ("title", "summary", "description", "city", "venue")


def incomplete_working_languages(workshop) -> list[str]:
    """The workshop's working languages (content codes) that lack one of its own texts that
    another language has."""
    working = working_languages(workshop)
    missing = missing_texts(workshop, WORKSHOP_OWN_TEXTS, working)
    return [code for code in working if missing[code]]
