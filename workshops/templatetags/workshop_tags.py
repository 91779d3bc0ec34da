import datetime as dt
from dataclasses import replace

from django import template
from django.template.defaultfilters import linebreaks_filter as django_linebreaks
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from core.content_languages import language_name, languages_present, localized
from core.uploads import ACCEPTED_TYPES

WORKSHOP_TEXT_FIELDS = ("title", "summary", "description")

register = template.Library()

FORMAT_LABELS = {kind.content_type: kind.label for kind in ACCEPTED_TYPES}


@register.simple_tag
def date_range(start: dt.date, end: dt.date) -> str:
    """“22–24 September 2014”, or both dates in full when the month or year differs. Each
    language orders day, month and year its own way (“2014年9月22日至24日”, “22–24 сентября
    2014 г.”), so the patterns are translatable and the month comes from the locale."""
    if start == end:
        return date_format(end, "DATE_FORMAT")
    if (start.year, start.month) == (end.year, end.month):
        return pgettext(
            "date range within one month, as in “22–24 September 2014”",
            "%(start_day)s–%(end_day)s %(month)s %(year)s",
        ) % {
            "start_day": start.day,
            "end_day": end.day,
            # The month as a Django date format: "E" is its name as a full date writes it
            # (Russian "сентября", not "сентябрь"); Chinese translates the format to "n月".
            "month": date_format(
                end, pgettext("Django date format of the month in a date range", "E")
            ),
            "year": end.year,
        }
    return _("%(start_date)s – %(end_date)s") % {
        "start_date": date_format(start, "DATE_FORMAT"),
        "end_date": date_format(end, "DATE_FORMAT"),
    }


@register.filter(expects_localtime=True)
def utc_offset(moment: dt.datetime) -> str:
    """“UTC+11:00” for an aware datetime, as people read it next to a time."""
    offset = moment.utcoffset() or dt.timedelta()
    sign = "+" if offset >= dt.timedelta() else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


@register.filter
def file_format(content_type: str) -> str:
    """“PDF” for application/pdf: the short name people know a file type by."""
    return FORMAT_LABELS.get(content_type, content_type)


# Marks for a text shown in another language than the page's (README "Content in six languages").
LANGUAGE_MARKERS = {
    "ar": pgettext_lazy("marker after a text shown in another language", "in Arabic"),
    "zh-hans": pgettext_lazy("marker after a text shown in another language", "in Chinese"),
    "en": pgettext_lazy("marker after a text shown in another language", "in English"),
    "fr": pgettext_lazy("marker after a text shown in another language", "in French"),
    "ru": pgettext_lazy("marker after a text shown in another language", "in Russian"),
    "es": pgettext_lazy("marker after a text shown in another language", "in Spanish"),
}


@register.simple_tag
def content(obj, field: str, form: str = "inline", words: int = 0) -> str:
    """A translated text of `obj`, chosen by the content rule (core/content_languages.py). Shown in
    the page's language it is just the text; in another it carries its own `lang` and `dir` and
    a discreet marker (“in English”). `form="block"` keeps paragraphs (linebreaks); `words`
    shortens it to that many words."""
    if obj is None:
        return ""
    text = localized(obj, field)
    if words:
        text = replace(text, text=Truncator(text.text).words(words))
    body = (
        django_linebreaks(text.text, autoescape=True)
        if form == "block"
        else conditional_escape(text.text)
    )
    if not text.differs:
        return body
    tag = "div" if form == "block" else "span"
    return format_html(
        '<{tag} lang="{lang}" dir="{dir}">{body}</{tag}> <small class="content-language">({marker})</small>',
        tag=tag,
        lang=text.language,
        dir=text.dir,
        body=body,
        marker=LANGUAGE_MARKERS[text.language],
    )


@register.simple_tag
def content_text(obj, field: str) -> str:
    """The plain text, by the same rule (for attributes, titles and plain-text e-mails)."""
    return localized(obj, field).text if obj is not None else ""


@register.simple_tag
def content_languages(workshop) -> list[str]:
    """Names of the languages a workshop's own texts exist in, for its page."""
    return [language_name(code) for code in languages_present(workshop, WORKSHOP_TEXT_FIELDS)]
