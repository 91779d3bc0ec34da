"""Writes for workshops, sessions and outcome documents.

Calendar clients replace an event they already hold only when its SEQUENCE grew (RFC 5545
3.8.7.4), so every save that changes what a calendar shows bumps the revision here, in one
place that the admin and the staff pages both call."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workshops.models import OutcomeDocument, OutcomeDocumentFile, Session, UNLanguage, Workshop
from workshops.uploads import CheckedFile, FileRefused, check_upload

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


class DocumentError(Exception):
    """A document or file could not be saved; the message says why (nothing was stored)."""


def _validation_message(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def document_create(
    *,
    workshop: Workshop,
    title: str,
    kind: str,
    year: int,
    description: str = "",
    country: str = "",
    is_published: bool = False,
    language: str = "",
    upload=None,
) -> OutcomeDocument:
    """Create an outcome document on a workshop and, when given, its first language version.
    Both are saved or neither is: the file is checked before anything is written, so a refused
    file leaves no document behind."""
    document = OutcomeDocument(
        workshop=workshop,
        title=title,
        kind=kind,
        year=year,
        description=description,
        country=country,
        is_published=is_published,
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
