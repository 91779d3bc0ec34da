"""Certificate background work: a batch task for a batch that is gone logs and returns, and a
finished batch e-mails each new certificate's holder through the participant e-mails."""

import logging

import pytest
from django.core import mail
from django_tasks import TaskResultStatus

from certificates.models import Certificate, CertificateBatch
from certificates.services import batch_run
from certificates.tasks import run_certificate_batch

pytestmark = pytest.mark.django_db


def test_run_certificate_batch_for_a_deleted_batch_logs_and_returns(past_workshop, caplog):
    batch = CertificateBatch.objects.create(workshop=past_workshop)
    batch_id = batch.pk
    batch.delete()

    with caplog.at_level(logging.INFO, logger="certificates.services"):
        result = run_certificate_batch.enqueue(batch_id=batch_id)

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert f"Certificate batch {batch_id} not run" in caplog.text
    assert Certificate.objects.count() == 0


def test_batch_run_emails_holders_after_commit_in_their_language(
    past_workshop, make_attendee, django_capture_on_commit_callbacks
):
    registration = make_attendee()
    registration.language = "fr"
    registration.save(update_fields=["language"])
    batch = CertificateBatch.objects.create(workshop=past_workshop)

    with django_capture_on_commit_callbacks() as callbacks:
        batch_run(batch_id=batch.pk)
    # "certificate.issued" for subscribers (core.events), and the e-mail.
    assert (len(callbacks), mail.outbox) == (2, [])
    for callback in callbacks:
        callback()

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (
            [registration.participant.email],
            f"Votre certificat de participation : {past_workshop.title}",
        )
    ]
