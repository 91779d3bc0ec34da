"""import_participants: exit codes and messages."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from participants.models import Participant

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent.parent / "data"


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def clean_list(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("Full name,Email\nAmina Haddad,amina@example.org\n王伟,wang@example.cn\n")
    return str(path)


def test_import_participants_dry_run_clean_file_exits_0_and_saves_nothing(workshop, clean_list):
    output = run("import_participants", workshop.slug, clean_list, "--dry-run")

    assert output.strip().endswith(
        "Would import: 2 created, 0 updated, 0 unchanged, 0 skipped, 0 error."
    )
    assert Participant.objects.count() == 0


def test_import_participants_twice_reports_everything_unchanged(workshop, clean_list):
    run("import_participants", workshop.slug, clean_list)

    output = run("import_participants", workshop.slug, clean_list)

    assert output.strip().endswith(
        "Imported: 0 created, 0 updated, 2 unchanged, 0 skipped, 0 error."
    )


def test_import_participants_file_with_errors_fails_with_row_numbers(workshop):
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"Nothing imported: 2 row\(s\) with errors"):
        call_command(
            "import_participants",
            workshop.slug,
            str(DATA / "participants_windows1252.csv"),
            "--dry-run",
            stdout=out,
        )

    assert "row 5: Email: Enter a valid email address. (not-an-email)" in out.getvalue()
    assert Participant.objects.count() == 0


def test_import_participants_unknown_workshop_and_missing_file(workshop):
    with pytest.raises(CommandError, match="No workshop with the slug"):
        run("import_participants", "nowhere", "x.csv")
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_participants", workshop.slug, "/nonexistent/x.csv")
