"""Which language a piece of content is shown in: the one rule, used by every page, feed,
e-mail and certificate, for every app's translated texts (workshops, offices...).

Texts typed by staff (a workshop's title, a session's room, a partner's description...) are
stored once per language by django-modeltranslation (`title_en`, `title_fr`, ...,
`title_zh_hans`; registered in `workshops/translation.py` and `offices/translation.py`). The
rule for showing one:

1. the requested language (the page's, the feed's `?lang=`, the participant's);
2. else the first of the object's working languages that has the text (a French workshop falls
   back to French, not English; `working_languages()`);
3. else English;
4. else any language that has it (in the order of settings.LANGUAGES), so a text is never
   hidden because it exists only in a language nobody expected.

`localized()` returns the text with the language it is in, so templates can mark it
(`lang`, `dir`, a discreet "in English") when it differs from the page's. The models'
own attributes (`workshop.title`, `office.name`) follow the same rule (each app's translation.py
installs `ContentDescriptor`), so code that does not care about the marker still gets the right text.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.translator import TranslationOptions, translator
from modeltranslation.utils import build_localized_fieldname

#: Django's codes of the six languages, in the order of settings.LANGUAGES.
CONTENT_LANGUAGES: tuple[str, ...] = tuple(code for code, _label in settings.LANGUAGES)
DEFAULT_CONTENT_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar"})

# Working languages and document files use the UN codes of the public URLs
# (`zh`); the interface and the content columns use Django's (`zh-hans`).
_UN_TO_DJANGO = {"zh": "zh-hans"}
_DJANGO_TO_UN = {value: key for key, value in _UN_TO_DJANGO.items()}


# Cached: a feed of thousands of workshops asks this hundreds of thousands of times, and the
# answer depends on the code and settings.LANGUAGES alone (bounded: codes may come from a
# browser's header).
@functools.lru_cache(maxsize=512)
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


@functools.lru_cache(maxsize=1024)
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
    """The content languages `obj`'s texts fall back to before English, first first (step 2 of
    the rule): what its model's `content_working_languages()` says, none for a model without
    one. An app's translation.py gives it to its models (a workshop and what belongs to one);
    this module knows no model of the programme."""
    hook = getattr(obj, "content_working_languages", None)
    return list(hook()) if hook is not None else []


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
    return localized_texts(obj, language)(field)


def localized_texts(obj, language: str | None = None) -> Callable[[str], LocalizedText]:
    """`localized` for several fields of one object, with the order of its languages worked
    out once (a calendar feed reads a dozen texts of each of thousands of objects)."""
    page_language = content_language(language or translation.get_language()) or "en"
    order = language_order(page_language, working_languages(obj))
    values = obj.__dict__

    def text(field: str) -> LocalizedText:
        for code in order:
            value = values.get(column(field, code))
            if value:
                return LocalizedText(text=value, language=code, page_language=page_language)
        return LocalizedText(text="", language=page_language, page_language=page_language)

    return text


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


def register_translated_fields(
    model, fields: tuple[str, ...], *, required_languages: tuple[str, ...] = ()
) -> None:
    """Give `fields` of `model` one column per language (django-modeltranslation; its history
    model gets them too, so history keeps every language) and make the model's attributes read
    by this module's rule. `required_languages`: the columns a form must fill."""
    attrs: dict = {"fields": fields}
    if required_languages:
        attrs["required_languages"] = required_languages
    options = type(f"{model.__name__}TranslationOptions", (TranslationOptions,), attrs)
    translator.register(model, options)
    history = getattr(model, "history", None)
    if history is not None:
        translator.register(history.model, options)
    for name in fields:
        setattr(model, name, ContentDescriptor(model._meta.get_field(name)))
