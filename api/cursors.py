"""Keyset ("cursor") pagination: a page starts after the last row of the previous one, so rows
added meanwhile never shift or repeat a page, and deep pages cost what the first one does."""

import base64
import json

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet


class BadCursor(ValueError):
    pass


def _encode(values: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, default=str).encode()).decode().rstrip("=")


def _decode(cursor: str, size: int) -> list:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as error:
        raise BadCursor from error
    if not isinstance(values, list) or len(values) != size:
        raise BadCursor
    if not all(_storable(value) for value in values):
        raise BadCursor
    return values


def _storable(value) -> bool:
    """A value every database takes as a query parameter: no NUL in a string (PostgreSQL
    refuses it), no integer beyond 64 bits (SQLite overflows)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) < 2**53
    return isinstance(value, str) and "\x00" not in value


def page_after(
    queryset: QuerySet, *, order: list[str], cursor: str | None, limit: int
) -> tuple[list, str | None]:
    """The `limit` rows after `cursor` in `order` (field names, "-" for descending; the last one
    unique), and the cursor of the next page (None on the last). Raises BadCursor."""
    queryset = queryset.order_by(*order)
    if cursor:
        values = _decode(cursor, len(order))
        after = Q()
        for position, field in enumerate(order):
            name = field.lstrip("-")
            step = Q(**{f"{name}__{'lt' if field.startswith('-') else 'gt'}": values[position]})
            for earlier in range(position):
                step &= Q(**{order[earlier].lstrip("-"): values[earlier]})
            after |= step
        try:
            queryset = queryset.filter(after)
        except (ValueError, TypeError, ValidationError) as error:
            raise BadCursor from error
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, _encode([getattr(last, field.lstrip("-")) for field in order])
