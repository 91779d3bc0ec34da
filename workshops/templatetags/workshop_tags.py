import datetime as dt

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.uploads import ACCEPTED_TYPES

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
