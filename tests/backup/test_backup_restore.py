"""Backup and restore as the README describes it: `dumpdata` of the demo data, loaded into an
emptied database, gives back every registration, attendance and certificate."""

import pytest
from django.core.management import call_command

from attendance.models import Attendance
from certificates.models import Certificate
from credentials.models import CertificateCredential
from demo.seeder import DemoSeeder
from participants.models import Registration
from tests.privacy.helpers import certificate_for
from workshops.models import OutcomeDocumentFile, Workshop

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The same list as the README's backup command: what Django rebuilds itself is left out.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


def snapshot() -> dict[str, set]:
    return {
        "workshops": set(Workshop.objects.values_list("slug", "status", "start_date")),
        "registrations": set(
            Registration.objects.values_list(
                "participant__email", "workshop__slug", "status", "token"
            )
        ),
        "attendance": set(
            Attendance.objects.values_list(
                "registration__participant__email",
                "session__workshop__slug",
                "session__starts_at",
                "status",
            )
        ),
        "certificates": set(
            Certificate.objects.values_list(
                "code", "registration__participant__email", "holder_name", "pdf", "revoked_at"
            )
        ),
        "document_files": set(OutcomeDocumentFile.objects.values_list("file", "sha256")),
        "credentials": set(
            CertificateCredential.objects.values_list(
                "certificate__code", "status_list__name", "status_index", "signed_json"
            )
        ),
    }


def test_dump_and_restore_into_an_empty_database_finds_everything_again(tmp_path):
    DemoSeeder().run()
    port_vila = Registration.objects.filter(workshop__slug="port-vila-2014").order_by("pk")
    for registration in port_vila[:3]:
        certificate_for(registration)
    before = snapshot()
    backup = tmp_path / "backup.json"

    call_command(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        *[f"--exclude={name}" for name in EXCLUDED],
        "--output",
        str(backup),
        verbosity=0,
    )
    call_command("flush", "--no-input", verbosity=0)
    emptied = Registration.objects.count() + Attendance.objects.count()
    call_command("loaddata", str(backup), verbosity=0)

    after = snapshot()
    assert emptied == 0
    assert {name: len(rows) for name, rows in after.items()} == {
        name: len(rows) for name, rows in before.items()
    }
    assert after == before
    # The three above and the one the demo issues itself, with its signed credential.
    assert len(before["certificates"]) == 4
    assert len(before["credentials"]) == 1
    assert len(before["attendance"]) > 100
