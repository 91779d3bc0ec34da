import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import (
    MINIMAL_PDF,
    OutcomeDocumentFactory,
    OutcomeDocumentFileFactory,
    SessionFactory,
    WorkshopFactory,
)
from tests.workshops.uploads_helpers import HTML_BYTES, SVG_BYTES, pdf_upload, upload
from workshops import services
from workshops.models import OutcomeDocument, OutcomeDocumentFile, Session, Workshop

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Renamed"),
        ("venue", "Convention centre"),
        ("city", "Luganville"),
        ("country", "FJ"),
        ("status", Workshop.Status.CANCELLED),
        ("end_date", "later"),
    ],
)
def test_workshop_save_bumps_sequence_when_a_shown_field_changes(field, value):
    workshop = WorkshopFactory()
    if value == "later":
        value = workshop.end_date + dt.timedelta(days=1)
    setattr(workshop, field, value)

    services.workshop_save(workshop=workshop)

    assert Workshop.objects.get(pk=workshop.pk).sequence == 1


def test_workshop_save_keeps_sequence_when_nothing_shown_changes():
    workshop = WorkshopFactory()
    workshop.capacity = 40
    workshop.signatory_name = "Director"

    services.workshop_save(workshop=workshop)

    assert Workshop.objects.get(pk=workshop.pk).sequence == 0


def test_workshop_save_never_lowers_a_sequence_raised_meanwhile():
    workshop = WorkshopFactory()
    stale_copy = Workshop.objects.get(pk=workshop.pk)
    workshop.title = "First edit"
    services.workshop_save(workshop=workshop)

    stale_copy.venue = "Second edit"
    services.workshop_save(workshop=stale_copy)

    assert Workshop.objects.get(pk=workshop.pk).sequence == 2


def test_workshop_save_new_workshop_starts_at_zero():
    workshop = WorkshopFactory.build(office=WorkshopFactory().office, slug="brand-new")

    services.workshop_save(workshop=workshop)

    assert Workshop.objects.get(slug="brand-new").sequence == 0


def test_workshop_save_stamps_and_clears_cancelled_at():
    workshop = WorkshopFactory()
    workshop.status = Workshop.Status.CANCELLED
    services.workshop_save(workshop=workshop)
    assert Workshop.objects.get(pk=workshop.pk).cancelled_at is not None

    workshop.status = Workshop.Status.PUBLISHED
    services.workshop_save(workshop=workshop)

    assert Workshop.objects.get(pk=workshop.pk).cancelled_at is None


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "Keynote"), ("room", "Hall B"), ("is_cancelled", True), ("starts_at", "earlier")],
)
def test_session_save_bumps_sequence_when_a_shown_field_changes(field, value):
    session = SessionFactory()
    if value == "earlier":
        value = session.starts_at - dt.timedelta(hours=1)
    setattr(session, field, value)

    services.session_save(session=session)

    assert Session.objects.get(pk=session.pk).sequence == 1


def test_session_save_keeps_sequence_when_nothing_shown_changes():
    session = SessionFactory()
    session.is_mandatory = True

    services.session_save(session=session)

    assert Session.objects.get(pk=session.pk).sequence == 0


def _stored_files() -> set[str]:
    folder = Path(settings.MEDIA_ROOT) / "documents"
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def test_document_file_add_stores_the_file_under_an_unguessable_name(workshop):
    document = OutcomeDocumentFactory(workshop=workshop)

    added = services.document_file_add(
        document=document, language="fr", upload=pdf_upload("Lignes directrices.pdf")
    )

    added.refresh_from_db()
    assert added.original_filename == "Lignes_directrices.pdf"
    assert added.content_type == "application/pdf"
    assert added.size == len(MINIMAL_PDF)
    assert added.file.name.startswith("documents/")
    assert "Lignes" not in added.file.name
    assert len(Path(added.file.name).stem) >= 32
    with added.file.open("rb") as stored:
        assert stored.read() == MINIMAL_PDF


@pytest.mark.parametrize(
    ("name", "content", "message_part"),
    [
        ("guidelines.pdf", HTML_BYTES, "HTML"),
        ("guidelines.pdf", SVG_BYTES, "SVG"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_document_file_add_refuses_a_bad_file_and_stores_nothing(
    workshop, name, content, message_part
):
    document = OutcomeDocumentFactory(workshop=workshop)
    before = _stored_files()

    with pytest.raises(services.DocumentError) as error:
        services.document_file_add(document=document, language="en", upload=upload(name, content))

    assert message_part in str(error.value)
    assert document.files.count() == 0
    assert _stored_files() == before


def test_document_file_add_refuses_an_oversized_file(workshop, settings):
    settings.UPLOAD_MAX_BYTES = 100
    document = OutcomeDocumentFactory(workshop=workshop)

    with pytest.raises(services.DocumentError) as error:
        services.document_file_add(
            document=document, language="en", upload=upload("big.pdf", MINIMAL_PDF + b"0" * 200)
        )

    assert "the limit is" in str(error.value)
    assert document.files.count() == 0


@pytest.mark.parametrize("language", ["de", "zh-hans", "", "EN"])
def test_document_file_add_refuses_a_language_outside_the_six(workshop, language):
    document = OutcomeDocumentFactory(workshop=workshop)
    before = _stored_files()

    with pytest.raises(services.DocumentError) as error:
        services.document_file_add(document=document, language=language, upload=pdf_upload())

    assert "is not one of the six UN languages" in str(error.value)
    assert _stored_files() == before


def test_document_file_add_refuses_a_second_file_in_the_same_language(workshop):
    existing = OutcomeDocumentFileFactory(document__workshop=workshop, language="en")
    before = _stored_files()

    with pytest.raises(services.DocumentError) as error:
        services.document_file_add(document=existing.document, language="en", upload=pdf_upload())

    assert "already has a file in English" in str(error.value)
    assert _stored_files() == before


def test_document_create_with_a_refused_file_creates_no_document(workshop):
    with pytest.raises(services.DocumentError):
        services.document_create(
            workshop=workshop,
            title="Guidelines",
            kind=OutcomeDocument.Kind.GUIDELINES,
            year=2014,
            language="en",
            upload=upload("guidelines.pdf", HTML_BYTES),
        )

    assert OutcomeDocument.objects.count() == 0


def test_document_create_refuses_an_impossible_year(workshop):
    with pytest.raises(services.DocumentError) as error:
        services.document_create(
            workshop=workshop, title="Guidelines", kind="guidelines", year=1500
        )

    assert "1990" in str(error.value)


def test_document_delete_removes_rows_and_files(workshop, django_capture_on_commit_callbacks):
    document_file = OutcomeDocumentFileFactory(document__workshop=workshop)
    path = Path(document_file.file.path)

    with django_capture_on_commit_callbacks(execute=True):
        services.document_delete(document=document_file.document)

    assert OutcomeDocumentFile.objects.count() == 0
    assert not path.exists()
