"""Uploads: the checks themselves are tested in tests/workshops/test_uploads.py and the import
tests; here, files that attack the browser of whoever downloads them never get through."""

import io

import pytest
from django.urls import reverse

from tests.factories import OutcomeDocumentFileFactory
from tests.workshops.uploads_helpers import upload
from workshops.models import OutcomeDocument

pytestmark = pytest.mark.django_db

HOSTILE_DOCUMENTS = {
    "page.pdf": b"<!DOCTYPE html><html><script>alert(1)</script></html>",
    "logo.png": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "notes.docx": b"<html><body onload=alert(1)>",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_DOCUMENTS))
def test_markup_disguised_as_a_document_is_refused(staff_client, workshop, name):
    response = staff_client.post(
        reverse("staff:workshop_documents", args=[workshop.slug]),
        {
            "title_en": "Report",
            "kind": "report",
            "year": "2014",
            "language": "en",
            "file": upload(name, HOSTILE_DOCUMENTS[name]),
        },
    )

    assert response.status_code == 400
    assert OutcomeDocument.objects.count() == 0


def test_markup_disguised_as_a_participant_list_is_refused(staff_client, workshop):
    hostile = io.BytesIO(b"\x00\x01<script>alert(1)</script>\x00" * 10)
    hostile.name = "people.csv"

    response = staff_client.post(
        reverse("staff:import_participants", args=[workshop.slug]), {"file": hostile}
    )

    assert "This is not a CSV or XLSX file (it looks like a binary file)." in response.text
    assert "<script>alert(1)" not in response.text
    assert response.context.get("preview") is None


def test_downloads_are_attachments_that_browsers_do_not_sniff(client, workshop):
    stored = OutcomeDocumentFileFactory(document__workshop=workshop, original_filename='a"b.pdf')

    response = client.get(reverse("workshops:document_download", args=[stored.document_id, "en"]))

    response.close()  # a FileResponse holds the stored file open
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
