"""The one rule for showing how many people: a group of fewer than REPORT_MIN_COUNT (three)
people is shown as "fewer than 3", never as 1 or 2, so no one stands out of a public page, a
report or an export. Every page and report that shows a count of people asks here (templates
through the `people_count` filter of offices/templatetags/people_counts.py)."""

from django.conf import settings
from django.utils.translation import gettext as _


def min_count() -> int:
    return settings.REPORT_MIN_COUNT


def fewer_than(minimum: int | None = None) -> str:
    return _("fewer than %(count)s") % {"count": min_count() if minimum is None else minimum}


def is_small(count: int, *, minimum: int | None = None) -> bool:
    """True for a group too small to be shown as it is (0 is shown: it names no one)."""
    return 0 < count < (min_count() if minimum is None else minimum)


def people_count(count: int, *, minimum: int | None = None) -> int | str:
    """`count` as it may be shown: the number itself, or "fewer than 3" for 1 or 2 people."""
    return fewer_than(minimum) if is_small(count, minimum=minimum) else count
