from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from offices.models import StaffMembership
from tests.factories import (
    OutcomeDocumentFactory,
    OutcomeDocumentFileFactory,
    RegionalOfficeFactory,
    UserFactory,
    WorkshopFactory,
)
from tests.workshops.uploads_helpers import HTML_BYTES, SVG_BYTES, pdf_upload, upload
from workshops.models import OutcomeDocument, OutcomeDocumentFile

pytestmark = pytest.mark.django_db


def _stored_files() -> set[str]:
    folder = Path(settings.MEDIA_ROOT) / "documents"
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def _new_document(file, **overrides):
    data = {
        "title_en": "Guidelines on COP for Vanuatu",
        "kind": "guidelines",
        "year": "2014",
        "description_en": "",
        "language": "en",
        "file": file,
        "is_published": "on",
    }
    data.update(overrides)
    return data


def test_staff_adds_a_document_with_its_first_file(staff_client_for, client, workshop):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, workshop.office)
    url = reverse("staff:workshop_documents", kwargs={"slug": workshop.slug})

    response = client.post(url, _new_document(pdf_upload("Guidelines (final).pdf")))

    assert response.status_code == 302
    document = OutcomeDocument.objects.get()
    assert (document.workshop, document.is_published) == (workshop, True)
    assert [(f.language, f.original_filename) for f in document.files.all()] == [
        ("en", "Guidelines_final.pdf")
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HTML_BYTES, "The file&#x27;s content is HTML, not a document"),
        (SVG_BYTES, "The file&#x27;s content is SVG, not a document"),
        (b"", "The submitted file is empty."),
    ],
)
def test_staff_upload_of_a_disguised_file_is_refused_and_nothing_stored(
    staff_client_for, client, workshop, content, message
):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, workshop.office)
    url = reverse("staff:workshop_documents", kwargs={"slug": workshop.slug})
    before = _stored_files()

    response = client.post(url, _new_document(upload("guidelines.pdf", content)))

    assert response.status_code == 400
    assert message in response.text
    assert 'id="id_file_error"' in response.text
    assert OutcomeDocument.objects.count() == 0
    assert _stored_files() == before


def test_staff_adds_a_language_version(staff_client_for, client, workshop):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, workshop.office)
    document = OutcomeDocumentFileFactory(document__workshop=workshop, language="en").document
    url = reverse(
        "staff:document_file_add", kwargs={"slug": workshop.slug, "document_id": document.pk}
    )

    response = client.post(url, {"language": "fr", "title": "Lignes", "file": pdf_upload()})

    assert response.status_code == 302
    assert sorted(document.files.values_list("language", flat=True)) == ["en", "fr"]


def test_staff_language_version_in_an_unknown_language_is_refused(
    staff_client_for, client, workshop
):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, workshop.office)
    document = OutcomeDocumentFactory(workshop=workshop)
    url = reverse(
        "staff:document_file_add", kwargs={"slug": workshop.slug, "document_id": document.pk}
    )

    response = client.post(url, {"language": "de", "file": pdf_upload()}, follow=True)

    assert document.files.count() == 0
    assert "Select a valid choice. de is not one of the available choices." in response.text


def test_staff_publishes_and_unpublishes_a_document(staff_client_for, client, workshop):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, workshop.office)
    document = OutcomeDocumentFactory(workshop=workshop, is_published=False)
    url = reverse(
        "staff:document_publish", kwargs={"slug": workshop.slug, "document_id": document.pk}
    )

    client.post(url, {"publish": "1"})
    document.refresh_from_db()
    published = document.is_published
    client.post(url, {"publish": "0"})
    document.refresh_from_db()

    assert (published, document.is_published) == (True, False)


def test_staff_removes_a_language_version(
    staff_client_for, client, workshop, django_capture_on_commit_callbacks
):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, workshop.office)
    document_file = OutcomeDocumentFileFactory(document__workshop=workshop, language="fr")
    url = reverse(
        "staff:document_file_delete",
        kwargs={"slug": workshop.slug, "document_id": document_file.document_id, "language": "fr"},
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)

    assert OutcomeDocumentFile.objects.count() == 0
    assert not Path(document_file.file.path).exists()


def test_staff_downloads_an_unpublished_file(staff_client_for, client, workshop):
    staff_client_for(StaffMembership.Role.OFFICE_VIEWER, workshop.office)
    document_file = OutcomeDocumentFileFactory(
        document__workshop=workshop, document__is_published=False
    )
    url = reverse(
        "staff:document_file_download",
        kwargs={"slug": workshop.slug, "document_id": document_file.document_id, "language": "en"},
    )

    response = client.get(url)
    response.close()

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_viewer_sees_documents_but_may_not_upload(staff_client_for, client, workshop):
    staff_client_for(StaffMembership.Role.OFFICE_VIEWER, workshop.office)
    OutcomeDocumentFactory(workshop=workshop, title="Vanuatu guidelines")
    url = reverse("staff:workshop_documents", kwargs={"slug": workshop.slug})

    page = client.get(url)
    refused = client.post(url, _new_document(pdf_upload()))

    assert "Vanuatu guidelines" in page.text
    assert "Add a document" not in page.text
    assert refused.status_code == 403
    assert OutcomeDocument.objects.count() == 1


def test_staff_of_another_office_gets_not_found(staff_client_for, client, workshop):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, RegionalOfficeFactory(slug="cairo"))
    document = OutcomeDocumentFactory(workshop=workshop)

    page = client.get(reverse("staff:workshop_documents", kwargs={"slug": workshop.slug}))
    publish = client.post(
        reverse(
            "staff:document_publish", kwargs={"slug": workshop.slug, "document_id": document.pk}
        ),
        {"publish": "0"},
    )

    assert (page.status_code, publish.status_code) == (404, 404)


def test_staff_cannot_reach_a_document_through_another_workshop(staff_client_for, client, workshop):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, workshop.office)
    elsewhere = OutcomeDocumentFactory(
        workshop=WorkshopFactory(office=RegionalOfficeFactory(slug="cairo"))
    )
    url = reverse(
        "staff:document_publish", kwargs={"slug": workshop.slug, "document_id": elsewhere.pk}
    )

    assert client.post(url, {"publish": "0"}).status_code == 404


def test_staff_workshop_page_has_a_documents_section(staff_client_for, client, workshop):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, workshop.office)
    OutcomeDocumentFactory(workshop=workshop, title="Draft report", is_published=False)

    response = client.get(reverse("staff:workshop", kwargs={"slug": workshop.slug}))

    assert "Draft report" in response.text
    assert reverse("staff:workshop_documents", kwargs={"slug": workshop.slug}) in response.text


def test_admin_refuses_a_disguised_file_in_the_document_inline(client, workshop):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    data = {
        "workshop": workshop.pk,
        "title_en": "Guidelines",
        "kind": "guidelines",
        "description_en": "",
        "country": "",
        "year": "2014",
        "is_published": "on",
        "files-TOTAL_FORMS": "1",
        "files-INITIAL_FORMS": "0",
        "files-0-language": "en",
        "files-0-title": "",
        "files-0-file": upload("guidelines.pdf", SVG_BYTES),
    }

    response = client.post(reverse("admin:workshops_outcomedocument_add"), data)

    assert response.status_code == 200
    assert "The file&#x27;s content is SVG" in response.text
    assert OutcomeDocument.objects.count() == 0


def test_admin_records_the_checked_file_details(client, workshop):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    data = {
        "workshop": workshop.pk,
        "title_en": "Guidelines",
        "kind": "guidelines",
        "description_en": "",
        "country": "",
        "year": "2014",
        "files-TOTAL_FORMS": "1",
        "files-INITIAL_FORMS": "0",
        "files-0-language": "es",
        "files-0-title": "",
        "files-0-file": pdf_upload("Directrices finales.pdf"),
    }

    response = client.post(reverse("admin:workshops_outcomedocument_add"), data)

    assert response.status_code == 302
    stored = OutcomeDocumentFile.objects.get()
    assert (stored.language, stored.original_filename, stored.content_type) == (
        "es",
        "Directrices_finales.pdf",
        "application/pdf",
    )
    assert len(stored.sha256) == 64
