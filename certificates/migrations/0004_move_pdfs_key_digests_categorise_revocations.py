"""Existing certificates: PDFs move from the public media storage to the private one (under a
.pdf name), stored content digests become keyed, and revocations get the category "other" (the
staff's own words stay, staff-only).

The file move can run again: a file already in the private storage and gone from the media
storage is left alone, and a file missing from both is logged and skipped (its view answers
404). The digests are converted from what is stored: the keyed digest is an HMAC of the plain
SHA-256 the row already holds (certificates.pdf.keyed_digest), so no printed content has to be
rebuilt and unchanged certificates are not re-issued."""

import logging

from django.core.files.storage import storages
from django.db import migrations

from certificates.models import certificate_upload_to
from certificates.pdf import keyed_digest
from core.storage import private_storage

logger = logging.getLogger(__name__)


def move_pdfs_to_private_storage(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    HistoricalCertificate = apps.get_model("certificates", "HistoricalCertificate")
    public, private = storages["default"], private_storage()
    for certificate in Certificate.objects.exclude(pdf="").only("pk", "pdf").iterator():
        name = certificate.pdf.name
        if not public.exists(name):
            if not private.exists(name):
                logger.warning("Certificate %s: its PDF %s is missing.", certificate.pk, name)
            continue
        target = name if name.lower().endswith(".pdf") else certificate_upload_to(None, name)
        with public.open(name, "rb") as source:
            stored = private.save(target, source)
        if stored != name:
            Certificate.objects.filter(pk=certificate.pk).update(pdf=stored)
            HistoricalCertificate.objects.filter(id=certificate.pk, pdf=name).update(pdf=stored)
        public.delete(name)


def key_digests(apps, schema_editor):
    for model in ("Certificate", "HistoricalCertificate"):
        rows = apps.get_model("certificates", model).objects.exclude(content_digest="")
        for row in rows.only("pk", "content_digest").iterator():
            rows.model.objects.filter(pk=row.pk).update(
                content_digest=keyed_digest(row.content_digest)
            )


def categorise_revocations(apps, schema_editor):
    for model in ("Certificate", "HistoricalCertificate"):
        apps.get_model("certificates", model).objects.filter(
            revoked_at__isnull=False, revoked_category=""
        ).update(revoked_category="other")


class Migration(migrations.Migration):
    dependencies = [("certificates", "0003_private_pdf_and_revoked_category")]

    operations = [
        migrations.RunPython(move_pdfs_to_private_storage, migrations.RunPython.noop),
        migrations.RunPython(key_digests, migrations.RunPython.noop),
        migrations.RunPython(categorise_revocations, migrations.RunPython.noop),
    ]
