"""The outbox: every participant e-mail is recorded, tried once, retried with backoff against a
real SMTP server on a local port that refuses, hangs or accepts, and never lost."""

import datetime as dt
import time

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from participants import services
from participants.models import OutgoingEmail
from participants.outbox import (
    MAX_ATTEMPTS,
    outgoing_email_attempt,
    outgoing_email_record,
    outgoing_emails_send_due,
)
from participants.services import ParticipantDetails
from privacy.services import participant_anonymise
from tests.factories import RegistrationFactory
from tests.smtp_server import SilentServer, SMTPServer, free_port

pytestmark = pytest.mark.django_db


def _smtp(port: int, timeout: float = 10):
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_TIMEOUT=timeout,
    )


def _register(workshop):
    details = ParticipantDetails(
        full_name="Amina Diallo",
        email="amina.diallo@example.org",
        organisation="Ministry of Digital Economy",
        sector="government",
        country="SN",
        consent=True,
    )
    return services.registration_create(workshop=workshop, details=details)


def test_registration_records_its_email_and_sends_it_once(
    workshop, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = _register(workshop)

    email = OutgoingEmail.objects.get()
    assert (email.registration, email.recipient, email.kind) == (
        result.registration,
        "amina.diallo@example.org",
        "received",
    )
    assert (email.status, email.attempts, email.extra, email.next_attempt_at) == (
        OutgoingEmail.Status.SENT,
        1,
        {},
        None,
    )
    assert len(mailoutbox) == 1


def test_refusing_server_then_accepting_one_sends_the_message_once(
    workshop, django_capture_on_commit_callbacks
):
    port = free_port()
    with _smtp(port), django_capture_on_commit_callbacks(execute=True):
        _register(workshop)
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.PENDING, 1)
    assert email.last_error.startswith("ConnectionRefusedError")
    assert email.next_attempt_at > timezone.now()  # not due again at once

    with _smtp(port), SMTPServer(port) as server:
        too_early = outgoing_emails_send_due()
        later = timezone.now() + dt.timedelta(minutes=2)
        retried = outgoing_emails_send_due(now=later)
        again = outgoing_emails_send_due(now=later + dt.timedelta(hours=3))

    assert too_early == []
    assert [attempt.outcome for attempt in retried] == ["sent"]
    assert again == []
    assert len(server.messages) == 1
    assert server.messages[0]["To"] == "amina.diallo@example.org"
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (OutgoingEmail.Status.SENT, 2, "")


def test_server_that_never_answers_times_out_and_the_email_is_kept_for_later():
    registration = RegistrationFactory()
    email = outgoing_email_record(kind="received", registration_id=registration.pk)

    with SilentServer() as silent, _smtp(silent.port, timeout=1):
        started = time.monotonic()
        attempt = outgoing_email_attempt(email_id=email.pk)
        waited = time.monotonic() - started

    assert waited < 5
    assert attempt.outcome == "retry"
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert "timed out" in email.last_error
    assert email.next_attempt_at > timezone.now()


def test_email_fails_for_good_after_the_last_attempt_over_more_than_an_hour():
    registration = RegistrationFactory()
    email = outgoing_email_record(kind="received", registration_id=registration.pk)
    now = timezone.now()
    tried_at = []

    with _smtp(free_port()):
        for _ in range(MAX_ATTEMPTS + 2):
            attempts = outgoing_emails_send_due(now=now)
            if attempts:
                tried_at.append(now)
            email.refresh_from_db()
            if email.next_attempt_at is None:
                break
            now = email.next_attempt_at

    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == MAX_ATTEMPTS >= 5
    assert tried_at[-1] - tried_at[0] >= dt.timedelta(hours=1)
    assert outgoing_emails_send_due(now=now + dt.timedelta(days=1)) == []


def test_send_due_mail_command_sends_what_is_due_and_dry_run_sends_nothing(mailoutbox, capsys):
    registration = RegistrationFactory()
    outgoing_email_record(kind="received", registration_id=registration.pk)

    call_command("send_due_mail", "--dry-run")
    dry = capsys.readouterr().out
    call_command("send_due_mail")
    real = capsys.readouterr().out
    call_command("send_due_mail")
    second = capsys.readouterr().out

    assert dry.startswith("1 e-mail(s) due; nothing sent")
    assert real.startswith("1 e-mail(s) due: 1 sent")
    assert second.startswith("0 e-mail(s) due")
    assert len(mailoutbox) == 1


def test_email_to_a_person_erased_before_sending_is_dropped(mailoutbox):
    registration = RegistrationFactory()
    email = outgoing_email_record(kind="received", registration_id=registration.pk)
    registration.participant.anonymised_at = timezone.now()
    registration.participant.save()

    attempt = outgoing_email_attempt(email_id=email.pk)

    assert attempt.outcome == "dropped"
    assert OutgoingEmail.objects.count() == 0
    assert mailoutbox == []


def test_anonymisation_clears_the_persons_outbox_rows():
    registration = RegistrationFactory()
    other = RegistrationFactory()
    for kind in ("received", "promoted"):
        outgoing_email_record(kind=kind, registration_id=registration.pk)
    kept = outgoing_email_record(kind="received", registration_id=other.pk)

    participant_anonymise(participant=registration.participant)

    assert list(OutgoingEmail.objects.all()) == [kept]
