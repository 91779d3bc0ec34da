from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import MINIMAL_PDF, OutcomeDocumentFactory, OutcomeDocumentFileFactory
from tests.workshops.uploads_helpers import HTML_BYTES, SVG_BYTES, pdf_upload, upload
from workshops import services
from workshops.models import OutcomeDocument, OutcomeDocumentFile

pytestmark = pytest.mark.django_db


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
