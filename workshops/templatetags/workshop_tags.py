import datetime as dt

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def date_range(start: dt.date, end: dt.date) -> str:
    """“22–24 September 2014”, or both dates in full when the month or year differs."""
    if start == end:
        return date_format(end, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return _("%(start_day)s–%(end_date)s") % {
            "start_day": start.day,
            "end_date": date_format(end, "j F Y"),
        }
    return _("%(start_date)s – %(end_date)s") % {
        "start_date": date_format(start, "j F Y"),
        "end_date": date_format(end, "j F Y"),
    }


@register.filter(expects_localtime=True)
def utc_offset(moment: dt.datetime) -> str:
    """“UTC+11:00” for an aware datetime, as people read it next to a time."""
    offset = moment.utcoffset() or dt.timedelta()
    sign = "+" if offset >= dt.timedelta() else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
