"""Validators that know nothing of the programme."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a known IANA time zone (for example Pacific/Efate)."),
            params={"value": value},
            code="unknown_time_zone",
        )
