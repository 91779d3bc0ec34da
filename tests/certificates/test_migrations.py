"""The data migration that moves existing certificate PDFs into the private storage, run with
today's models (its functions take an app registry)."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from certificates.models import Certificate
from tests.privacy.helpers import certificate_for

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "certificates.migrations.0004_move_pdfs_key_digests_categorise_revocations"
)


def test_move_pdfs_moves_public_files_to_a_pdf_name_and_can_run_again(make_attendee, settings):
    certificate = certificate_for(make_attendee())
    Path(settings.PRIVATE_ROOT, certificate.pdf.name).unlink()
    old_name = storages["default"].save("certificates/evil.html", ContentFile(b"%PDF-1.4 x"))
    Certificate.objects.filter(pk=certificate.pk).update(pdf=old_name)
    missing = certificate_for(make_attendee())
    Path(settings.PRIVATE_ROOT, missing.pdf.name).unlink()

    migration.move_pdfs_to_private_storage(apps, None)
    migration.move_pdfs_to_private_storage(apps, None)

    certificate.refresh_from_db()
    assert certificate.pdf.name.endswith(".pdf")
    assert Path(settings.PRIVATE_ROOT, certificate.pdf.name).read_bytes() == b"%PDF-1.4 x"
    assert not Path(settings.MEDIA_ROOT, old_name).exists()
