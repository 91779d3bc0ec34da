"""Writes for the shared partners directory and the offices' national work, from the staff
area (what offices did in the admin before).

Partners belong to no office: any office's staff may add or correct one, and every change is
kept in its history (simple-history), so a bad edit is seen and undone. A logo is checked by
its content like every other upload: only PNG or JPEG, the image types the project can check
(an SVG may carry a script, so it is refused)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from core.uploads import JPEG, PNG, FileRefused, check_upload
from offices.models import RegionalOffice
from workshops.models import NationalActivity, Partner

LOGO_TYPES = (PNG, JPEG)
LOGO_MAX_BYTES = 2 * 1024 * 1024


class DirectoryError(Exception):
    """A partner or national activity was not saved; the message says why (nothing changed)."""


def _full_clean(instance: Model) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise DirectoryError(" ".join(str(message) for message in error.messages)) from None


def _checked_logo(upload):
    try:
        checked = check_upload(upload, max_bytes=min(LOGO_MAX_BYTES, settings.UPLOAD_MAX_BYTES))
    except FileRefused as refused:
        raise DirectoryError(str(refused)) from None
    if checked.file_type not in LOGO_TYPES:
        raise DirectoryError(_("A logo must be a PNG or JPEG image."))
    return checked


def partner_save(*, partner: Partner, fields: dict, logo=None) -> Partner:
    """Create or change a partner of the shared directory, with a new logo when given. The logo
    is checked before anything is written: a refused file leaves the partner as it was."""
    checked = _checked_logo(logo) if logo is not None else None
    for name, value in fields.items():
        setattr(partner, name, value)
    _full_clean(partner)
    with transaction.atomic():
        if checked is not None:
            logo.seek(0)
            partner.logo.save(checked.filename, logo, save=False)
        partner.save()
    return partner


def national_activity_save(
    *, activity: NationalActivity, fields: dict, office: RegionalOffice | None = None
) -> NationalActivity:
    """Create or change an office's national work (a new one gets `office`)."""
    for name, value in fields.items():
        setattr(activity, name, value)
    if office is not None and activity.pk is None:
        activity.office = office
    _full_clean(activity)
    activity.save()
    return activity


def national_activity_delete(*, activity: NationalActivity) -> None:
    """Remove a national activity; its documents stay (they belong to their workshops)."""
    activity.delete()
