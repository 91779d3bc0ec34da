"""Reading feeds back with vobject, a parser independent of the icalendar package that wrote
them. Its time-zone registry is emptied first and every TZID must have its VTIMEZONE, so each
local time is converted with the zone the feed itself carries, never one borrowed from pytz."""

import datetime as dt
import re

import vobject
import vobject.icalendar


def parse_calendar(content: bytes):
    vobject.icalendar.__dict__["__tzidMap"].clear()
    calendar = vobject.readOne(content.decode("utf-8"))
    used = set(re.findall(r";TZID=([^:;]+)", content.decode("utf-8").replace("\r\n ", "")))
    assert used <= vtimezone_ids(calendar), (
        f"TZIDs without a VTIMEZONE: {used - vtimezone_ids(calendar)}"
    )
    return calendar


def events_by_uid(calendar) -> dict:
    return {event.uid.value: event for event in getattr(calendar, "vevent_list", [])}


def in_utc(value: dt.datetime) -> dt.datetime:
    assert value.tzinfo is not None, "a timed event must carry its zone"
    return value.astimezone(dt.UTC)


def vtimezone_ids(calendar) -> set[str]:
    return {zone.tzid.value for zone in getattr(calendar, "vtimezone_list", [])}


def content_lines(content: bytes) -> list[bytes]:
    """Physical lines as sent, before unfolding."""
    return content.split(b"\r\n")
