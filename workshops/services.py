"""Writes for workshops, sessions and outcome documents.

Calendar clients replace an event they already hold only when its SEQUENCE grew (RFC 5545
3.8.7.4), so every save that changes what a calendar shows bumps the revision here, in one
place that the admin and the staff pages both call."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.content_languages import columns
from core.uploads import CheckedFile, FileRefused, check_upload
from offices.models import RegionalOffice
from workshops.models import (
    OutcomeDocument,
    OutcomeDocumentFile,
    Session,
    UNLanguage,
    Workshop,
    WorkshopPartner,
)

# What a calendar event shows of a workshop (title, days, place, status, description, link).
SESSION_TEXTS = ("title", "room", "speakers", "description")

# Texts count in every language (a calendar may show any of them: `?lang=`).
WORKSHOP_CALENDAR_FIELDS = (
    *columns(("title", "venue", "city", "summary", "description")),
    "slug",
    "start_date",
    "end_date",
    "time_zone",
    "format",
    "country",
    "join_url",
    "status",
)
# What a calendar event shows of a session.
SESSION_CALENDAR_FIELDS = (
    *columns(SESSION_TEXTS),
    "starts_at",
    "ends_at",
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
    # A language column that has no text is None or "" (a form writes ""): the same for a feed.
    before = {name: "" if value is None else value for name, value in before.items()}
    after = {name: "" if value is None else value for name, value in after.items()}
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


class DocumentError(Exception):
    """A document or file could not be saved; the message says why (nothing was stored)."""


def _validation_message(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def document_create(
    *,
    workshop: Workshop,
    kind: str,
    year: int,
    title: str = "",
    description: str = "",
    texts: dict | None = None,
    country: str = "",
    is_published: bool = False,
    language: str = "",
    upload=None,
) -> OutcomeDocument:
    """Create an outcome document on a workshop and, when given, its first language version.
    Both are saved or neither is: the file is checked before anything is written, so a refused
    file leaves no document behind. Its texts are `texts` (language columns: `title_fr`...),
    or `title` and `description` in the active language."""
    document = OutcomeDocument(
        workshop=workshop,
        kind=kind,
        year=year,
        country=country,
        is_published=is_published,
        **(texts if texts is not None else {"title": title, "description": description}),
    )
    try:
        document.full_clean()
    except ValidationError as error:
        raise DocumentError(_validation_message(error)) from None
    checked = _check_file(language=language, upload=upload) if upload is not None else None
    with transaction.atomic():
        document.save()
        if checked is not None:
            _store_file(document=document, language=language, upload=upload, checked=checked)
    return document


def document_file_add(
    *, document: OutcomeDocument, language: str, upload, title: str = ""
) -> OutcomeDocumentFile:
    """Check an uploaded file by its content and store it as the document's version in one of
    the six UN languages, under an unguessable name. On any refusal nothing is stored."""
    checked = _check_file(language=language, upload=upload)
    if document.files.filter(language=language).exists():
        raise DocumentError(_already_has_language(language))
    with transaction.atomic():
        return _store_file(
            document=document, language=language, upload=upload, checked=checked, title=title
        )


def _already_has_language(language: str) -> str:
    return _("This document already has a file in %(language)s; remove it first to replace it.") % {
        "language": UNLanguage(language).label
    }


def _check_file(*, language: str, upload) -> CheckedFile:
    if language not in UNLanguage.values:
        raise DocumentError(
            _("“%(language)s” is not one of the six UN languages (%(codes)s).")
            % {"language": language, "codes": ", ".join(UNLanguage.values)}
        )
    try:
        return check_upload(upload, max_bytes=settings.UPLOAD_MAX_BYTES)
    except FileRefused as refusal:
        raise DocumentError(str(refusal)) from None


def _store_file(
    *, document: OutcomeDocument, language: str, upload, checked: CheckedFile, title: str = ""
) -> OutcomeDocumentFile:
    """Write the checked file and its row; if the row cannot be saved, remove the file again
    (a file on disk without its row would never be served nor cleaned up)."""
    document_file = OutcomeDocumentFile(
        document=document,
        language=language,
        title=title,
        original_filename=checked.filename,
        content_type=checked.file_type.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    upload.seek(0)
    document_file.file.save(checked.filename, File(upload), save=False)
    try:
        with transaction.atomic():
            document_file.save()
    except IntegrityError:
        document_file.file.delete(save=False)
        raise DocumentError(_already_has_language(language)) from None
    except BaseException:
        document_file.file.delete(save=False)
        raise
    return document_file


def document_set_published(*, document: OutcomeDocument, is_published: bool) -> OutcomeDocument:
    document.is_published = is_published
    document.save(update_fields=["is_published", "updated_at"])
    return document


def document_file_delete(*, document_file: OutcomeDocumentFile) -> None:
    """Remove one language version; the stored file goes once the deletion is committed."""
    name = document_file.file.name
    storage = document_file.file.storage
    document_file.delete()
    transaction.on_commit(lambda: storage.delete(name))


def document_delete(*, document: OutcomeDocument) -> None:
    """Remove a document and every language version; stored files go after the commit."""
    stored = [(f.file.storage, f.file.name) for f in document.files.all()]
    document.delete()

    def remove_files() -> None:
        for storage, name in stored:
            storage.delete(name)

    transaction.on_commit(remove_files)


# Workshop management from the staff area ----------------------------------------------------


class WorkshopError(Exception):
    """A workshop change was refused; the message says why and nothing was saved."""


def _full_clean(instance: Model, *, exclude: tuple[str, ...] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        raise WorkshopError(_validation_message(error)) from None


def workshop_create(*, office: RegionalOffice, fields: dict, pillars=(), audiences=()) -> Workshop:
    """A new draft workshop of `office` from form fields, with its themes."""
    workshop = Workshop(office=office, status=Workshop.Status.DRAFT, **fields)
    _full_clean(workshop)
    with transaction.atomic():
        workshop_save(workshop=workshop)
        workshop.pillars.set(pillars)
        workshop.audiences.set(audiences)
    return workshop


def workshop_update(*, workshop: Workshop, fields: dict, pillars=(), audiences=()) -> Workshop:
    """Change a workshop's details (not its status or office: see publish and cancel)."""
    for name, value in fields.items():
        setattr(workshop, name, value)
    _full_clean(workshop)
    if workshop.sessions.exists():
        outside = [s.title for s in workshop.sessions.all() if _outside_days(s, workshop)]
        if outside:
            raise WorkshopError(
                _("These sessions would fall outside the new dates; move them first: %(titles)s.")
                % {"titles": ", ".join(outside)}
            )
    with transaction.atomic():
        workshop_save(workshop=workshop)
        workshop.pillars.set(pillars)
        workshop.audiences.set(audiences)
    return workshop


def _outside_days(session: Session, workshop: Workshop) -> bool:
    session.workshop = workshop
    try:
        session.clean()
    except ValidationError:
        return True
    return False


def workshop_publish(*, workshop: Workshop) -> Workshop:
    """A draft becomes public: its page, the calendars and (when open) registration."""
    if workshop.status != Workshop.Status.DRAFT:
        raise WorkshopError(_("Only a draft can be published."))
    workshop.status = Workshop.Status.PUBLISHED
    _full_clean(workshop)
    return workshop_save(workshop=workshop)


def _shift_moment(moment, *, days: int, zone):
    """The same wall-clock time `days` later in `zone` (so 09:00 stays 09:00 across a DST
    change)."""
    local = moment.astimezone(zone)
    shifted = dt.datetime.combine(local.date() + dt.timedelta(days=days), local.time())
    return shifted.replace(tzinfo=zone)


def workshop_duplicate(
    *, source: Workshop, title: str, slug: str, start_date, office: RegionalOffice | None = None
) -> Workshop:
    """A new draft from a past workshop: its details, themes, partners and agenda, moved so it
    starts on `start_date` (sessions keep their local times; the registration window moves
    too). Attendance, registrations, documents and records of the old one are not copied."""
    days = (start_date - source.start_date).days
    zone = source.zone
    copy = Workshop.objects.get(pk=source.pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    # The new title is typed in the staff member's language; the old one's other languages
    # named the old workshop, so they go.
    for name in columns(("title", "data_note")):
        setattr(copy, name, None)
    copy.title = title
    copy.slug = slug
    copy.office = office or source.office
    copy.status = Workshop.Status.DRAFT
    copy.start_date = start_date
    copy.end_date = source.end_date + dt.timedelta(days=days)
    copy.sequence = 0
    copy.cancelled_at = None
    copy.expected_participants = None
    for name in ("registration_opens_at", "registration_closes_at"):
        value = getattr(source, name)
        setattr(copy, name, _shift_moment(value, days=days, zone=zone) if value else None)
    _full_clean(copy)
    with transaction.atomic():
        copy.save()
        copy.pillars.set(source.pillars.all())
        copy.audiences.set(source.audiences.all())
        for role in source.partner_roles.all():
            copy.partner_roles.create(partner_id=role.partner_id, role=role.role)
        for session in source.sessions.all():
            Session.objects.create(
                workshop=copy,
                **{name: getattr(session, name) for name in columns(SESSION_TEXTS)},
                starts_at=_shift_moment(session.starts_at, days=days, zone=zone),
                ends_at=_shift_moment(session.ends_at, days=days, zone=zone),
                is_mandatory=session.is_mandatory,
            )
    return copy


def session_create(*, workshop: Workshop, fields: dict) -> Session:
    session = Session(workshop=workshop, **fields)
    _full_clean(session)
    return session_save(session=session)


def session_update(*, session: Session, fields: dict) -> Session:
    for name, value in fields.items():
        setattr(session, name, value)
    _full_clean(session)
    return session_save(session=session)


def session_delete(*, session: Session) -> None:
    """Remove a session with no attendance; one with attendance is cancelled instead, so the
    record of who came stays."""
    if session.attendances.exists():
        raise WorkshopError(
            _("Attendance was recorded at “%(title)s”: cancel the session instead of deleting it.")
            % {"title": session.title}
        )
    session.delete()


def workshop_partner_add(*, workshop: Workshop, partner, role: str) -> WorkshopPartner:
    workshop_partner = WorkshopPartner(workshop=workshop, partner=partner, role=role)
    _full_clean(workshop_partner)
    workshop_partner.save()
    return workshop_partner


def workshop_partner_remove(*, workshop_partner: WorkshopPartner) -> None:
    workshop_partner.delete()
