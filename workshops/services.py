"""Writes for workshops and sessions.

Calendar clients replace an event they already hold only when its SEQUENCE grew (RFC 5545
3.8.7.4), so every save that changes what a calendar shows bumps the revision here, in one
place that the admin and the staff pages both call."""

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from workshops.models import Session, Workshop

# What a calendar event shows of a workshop (title, days, place, status, description, link).
WORKSHOP_CALENDAR_FIELDS = (
    "title",
    "slug",
    "start_date",
    "end_date",
    "time_zone",
    "format",
    "venue",
    "city",
    "country",
    "join_url",
    "status",
    "summary",
    "description",
)
# What a calendar event shows of a session.
SESSION_CALENDAR_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "room",
    "speakers",
    "description",
    "is_cancelled",
)


def _bump_sequence_if_shown_fields_changed(instance: Model, *, fields: tuple[str, ...]) -> None:
    """Raise `instance.sequence` past the stored one when `instance` differs from its stored
    row in a field a calendar shows. The row is locked and its own revision read, so two
    simultaneous edits give two increments, not one."""
    if instance.pk is None:
        return
    stored = type(instance)._default_manager.select_for_update().filter(pk=instance.pk)
    before = stored.values("sequence", *fields).first()
    if before is None:
        return
    stored_sequence = before.pop("sequence")
    after = {name: getattr(instance, name) for name in fields}
    # CountryField reads back as a Country object but is stored as its code.
    if "country" in after:
        after["country"] = getattr(after["country"], "code", after["country"])
    # Never below the stored revision, even when this copy was loaded before another edit.
    instance.sequence = stored_sequence + 1 if before != after else stored_sequence


def workshop_save(*, workshop: Workshop) -> Workshop:
    """Save a workshop. A change that calendars show raises its SEQUENCE; becoming cancelled
    stamps `cancelled_at` (feeds keep a cancelled workshop for a while, see the settings)."""
    with transaction.atomic():
        _bump_sequence_if_shown_fields_changed(workshop, fields=WORKSHOP_CALENDAR_FIELDS)
        if workshop.status == Workshop.Status.CANCELLED and workshop.cancelled_at is None:
            workshop.cancelled_at = timezone.now()
        elif workshop.status != Workshop.Status.CANCELLED:
            workshop.cancelled_at = None
        workshop.save()
    return workshop


def session_save(*, session: Session) -> Session:
    """Save a session; a change that calendars show raises its SEQUENCE."""
    with transaction.atomic():
        _bump_sequence_if_shown_fields_changed(session, fields=SESSION_CALENDAR_FIELDS)
        session.save()
    return session
