import io

import pytest
from django.core.management import CommandError, call_command

from certificates.models import Certificate
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("issue_certificates", *args, stdout=out)
    return out.getvalue()


def test_issue_certificates_dry_run_lists_who_qualifies_and_why_not(past_workshop, make_attendee):
    make_attendee(full_name="Ana Lima")
    RegistrationFactory(workshop=past_workshop, participant__full_name="Absent Person")

    output = run(past_workshop.slug, "--dry-run")

    assert output.splitlines() == [
        "Qualify, certificate to issue (1):",
        "  Ana Lima: 2/2 sessions",
        "Qualify, certificate already up to date (0):",
        "Qualify, but their certificate was revoked (issue one by one) (0):",
        "Qualify, but their name changed since their certificate (confirm one by one) (0):",
        "Do not qualify (1):",
        "  Absent Person: Attended 0 of 2 sessions (0%); the rule is 50%.",
        "Dry run: 1 certificate(s) would be issued.",
    ]
    assert Certificate.objects.count() == 0


def test_issue_certificates_issues_then_reports_unchanged(past_workshop, make_attendee):
    make_attendee()

    first = run(past_workshop.slug)
    second = run(past_workshop.slug)

    assert first.splitlines()[-1] == "Issued 1, already up to date 0, failed 0."
    assert second.splitlines()[-1] == "Issued 0, already up to date 1, failed 0."
    assert Certificate.objects.count() == 1


def test_issue_certificates_unknown_workshop_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No workshop with the slug “nowhere”"):
        run("nowhere")
