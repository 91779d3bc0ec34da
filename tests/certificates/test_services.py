import hashlib
import json
from dataclasses import asdict
from pathlib import Path

import pytest
from django.core import mail
from django.db.models.signals import post_save

from attendance.models import Attendance
from certificates.batches import batch_create
from certificates.models import Certificate, CertificateBatch
from certificates.selectors import batch_plan, registration_eligibility
from certificates.services import (
    CertificateError,
    StaleRenderError,
    batch_run,
    certificate_issue,
    certificate_render,
    certificate_revoke,
    certificate_store,
)
from participants.models import OutgoingEmail, Participant, Registration
from privacy.services import participant_anonymise
from tests.factories import AttendanceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_certificate_issue_eligible_registration_stores_pdf_and_its_hash(make_attendee, staff_user):
    registration = make_attendee(full_name="Nguyễn Thị Ánh")

    result = certificate_issue(registration=registration, by=staff_user)

    certificate = result.certificate
    assert result.created is True
    assert (certificate.holder_name, certificate.sessions_attended, certificate.sessions_held) == (
        "Nguyễn Thị Ánh",
        2,
        2,
    )
    with certificate.pdf.open("rb") as pdf:
        assert hashlib.sha256(pdf.read()).hexdigest() == certificate.pdf_sha256
    assert certificate.issued_by == staff_user


def test_certificate_issue_below_the_rule_raises_and_issues_nothing(past_workshop, staff_user):
    registration = RegistrationFactory(workshop=past_workshop)
    AttendanceFactory(
        registration=registration,
        session=past_workshop.sessions.first(),
        status=Attendance.Status.ABSENT,
    )

    with pytest.raises(CertificateError, match="Attended 0 of 2 sessions"):
        certificate_issue(registration=registration, by=staff_user)

    assert Certificate.objects.count() == 0


def test_certificate_issue_cancelled_registration_raises(make_attendee, staff_user):
    registration = make_attendee()
    registration.status = Registration.Status.CANCELLED
    registration.save()

    with pytest.raises(CertificateError, match="cancelled"):
        certificate_issue(registration=registration, by=staff_user)


def test_certificate_issue_staff_override_qualifies_a_registration(past_workshop, staff_user):
    registration = RegistrationFactory(
        workshop=past_workshop,
        eligibility_override=True,
        eligibility_override_reason="Attended remotely; recording confirmed.",
    )

    result = certificate_issue(registration=registration, by=staff_user)

    assert result.created is True


def test_certificate_issue_twice_without_changes_is_idempotent(make_attendee, staff_user):
    registration = make_attendee()
    first = certificate_issue(registration=registration, by=staff_user)

    second = certificate_issue(registration=registration, by=staff_user)

    assert second.created is False
    assert second.certificate == first.certificate
    assert Certificate.objects.count() == 1


def test_certificate_issue_after_a_name_correction_supersedes_the_old_one(
    make_attendee, staff_user
):
    registration = make_attendee(full_name="Emilie Dubos")
    old = certificate_issue(registration=registration, by=staff_user).certificate
    registration.participant.full_name = "Émilie Dubois"
    registration.participant.save()

    new = certificate_issue(registration=registration, by=staff_user, confirm_name=True).certificate

    old.refresh_from_db()
    assert new.holder_name == "Émilie Dubois"
    assert (old.is_superseded, old.superseded_by) == (True, new)
    assert new.is_valid is True
    assert Certificate.objects.count() == 2


def test_certificate_issue_after_a_rename_waits_for_staff_to_confirm(make_attendee, staff_user):
    registration = make_attendee(full_name="Emilie Dubos")
    old = certificate_issue(registration=registration, by=staff_user).certificate
    registration.participant.full_name = "Someone Else Entirely"
    registration.participant.save()

    with pytest.raises(CertificateError, match="confirm to re-issue"):
        certificate_issue(registration=registration, by=staff_user)

    old.refresh_from_db()
    assert old.is_valid is True
    assert Certificate.objects.count() == 1


def test_batch_skips_a_renamed_person_and_lists_them_for_confirmation(
    make_attendee, staff_user, django_capture_on_commit_callbacks
):
    renamed = make_attendee(full_name="Emilie Dubos")
    certificate_issue(registration=renamed, by=staff_user)
    renamed.participant.full_name = "Someone Else Entirely"
    renamed.participant.save()
    make_attendee(full_name="Ana Lima")

    plan = batch_plan(workshop=renamed.workshop)
    batch = run_batch(renamed.workshop, staff_user, django_capture_on_commit_callbacks)

    assert [row.registration for row in plan.name_changed] == [renamed]
    assert batch.done_count == 1
    assert list(
        Certificate.objects.current().values_list("holder_name", flat=True).order_by("id")
    ) == [
        "Emilie Dubos",
        "Ana Lima",
    ]


def test_person_anonymised_between_render_and_store_gets_no_certificate(make_attendee, staff_user):
    registration = make_attendee(full_name="Vanishing Person")
    rendered = certificate_render(registration=registration)
    participant_anonymise(participant=registration.participant)

    with pytest.raises(StaleRenderError):
        certificate_store(rendered=rendered, by=staff_user)

    assert Certificate.objects.count() == 0
    assert not Certificate.objects.filter(holder_name="Vanishing Person").exists()


def test_person_renamed_between_render_and_store_gets_no_certificate_in_the_old_name(
    make_attendee, staff_user
):
    registration = make_attendee(full_name="Old Name")
    rendered = certificate_render(registration=registration)
    Participant.objects.filter(pk=registration.participant_id).update(full_name="New Name")

    with pytest.raises(StaleRenderError):
        certificate_store(rendered=rendered, by=staff_user)

    assert Certificate.objects.count() == 0


def test_issued_pdf_is_in_the_private_storage_under_a_pdf_name(make_attendee, staff_user, settings):
    certificate = certificate_issue(registration=make_attendee(), by=staff_user).certificate

    assert certificate.pdf.name.endswith(".pdf")
    assert (Path(settings.PRIVATE_ROOT) / certificate.pdf.name).is_file()
    assert not (Path(settings.MEDIA_ROOT) / certificate.pdf.name).exists()
    with pytest.raises(ValueError, match="no URL"):
        certificate.pdf.url  # noqa: B018


def test_content_digest_is_keyed_with_the_server_secret(make_attendee, staff_user, settings):
    registration = make_attendee(full_name="Ana Lima")
    row = registration_eligibility(registration=registration)
    plain = hashlib.sha256(
        json.dumps(asdict(row.content), sort_keys=True, default=str, ensure_ascii=False).encode()
    ).hexdigest()

    digest = row.content.digest()
    settings.CERTIFICATE_DIGEST_KEY = "another key"

    assert digest not in (plain, row.content.digest())
    assert len(digest) == 64


def test_certificate_revoke_records_the_reason(make_attendee, staff_user):
    certificate = certificate_issue(registration=make_attendee(), by=staff_user).certificate

    certificate_revoke(
        certificate=certificate, category="other", reason="Issued by mistake", by=staff_user
    )

    certificate.refresh_from_db()
    assert (certificate.is_revoked, certificate.revoked_reason, certificate.revoked_by) == (
        True,
        "Issued by mistake",
        staff_user,
    )


def test_certificate_revoke_without_a_reason_raises_and_changes_nothing(make_attendee, staff_user):
    certificate = certificate_issue(registration=make_attendee(), by=staff_user).certificate

    with pytest.raises(CertificateError):
        certificate_revoke(certificate=certificate, category="other", reason="   ", by=staff_user)

    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def run_batch(workshop, user, django_capture_on_commit_callbacks) -> CertificateBatch:
    with django_capture_on_commit_callbacks(execute=True):
        batch = batch_create(workshop=workshop, by=user)
    batch.refresh_from_db()
    return batch


def test_batch_issues_every_qualifying_registration_and_emails_them(
    past_workshop, make_attendee, staff_user, django_capture_on_commit_callbacks
):
    attendees = [make_attendee(full_name=name) for name in ("Анна Петрова", "王芳", "Ana Lima")]
    RegistrationFactory(workshop=past_workshop)  # attended nothing

    batch = run_batch(past_workshop, staff_user, django_capture_on_commit_callbacks)

    assert (
        batch.status,
        batch.total,
        batch.done_count,
        batch.unchanged_count,
        batch.failed_count,
    ) == (
        CertificateBatch.Status.DONE,
        3,
        3,
        0,
        0,
    )
    assert sorted(Certificate.objects.values_list("holder_name", flat=True)) == sorted(
        a.participant.full_name for a in attendees
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.participant.email for a in attendees)
    ana = next(a for a in attendees if a.participant.full_name == "Ana Lima")
    message = next(m for m in mail.outbox if m.to == [ana.participant.email])
    assert f"/me/{ana.token}/certificate.pdf" in message.body


def test_batch_run_twice_issues_no_duplicates(
    past_workshop, make_attendee, staff_user, django_capture_on_commit_callbacks
):
    make_attendee()
    make_attendee()
    run_batch(past_workshop, staff_user, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    second = run_batch(past_workshop, staff_user, django_capture_on_commit_callbacks)

    assert (second.done_count, second.unchanged_count) == (0, 2)
    assert Certificate.objects.count() == 2
    assert mail.outbox == []


def test_batch_run_of_a_finished_batch_changes_nothing(
    past_workshop, make_attendee, staff_user, django_capture_on_commit_callbacks
):
    make_attendee()
    batch = run_batch(past_workshop, staff_user, django_capture_on_commit_callbacks)

    again = batch_run(batch_id=batch.pk)

    assert (again.status, again.done_count) == (CertificateBatch.Status.DONE, 1)
    assert Certificate.objects.count() == 1


def test_batch_leaves_revoked_certificates_revoked(
    past_workshop, make_attendee, staff_user, django_capture_on_commit_callbacks
):
    certificate = certificate_issue(registration=make_attendee(), by=staff_user).certificate
    certificate_revoke(
        certificate=certificate, category="other", reason="Did not attend in person", by=staff_user
    )

    batch = run_batch(past_workshop, staff_user, django_capture_on_commit_callbacks)

    assert (batch.total, batch.done_count) == (0, 0)
    assert Certificate.objects.count() == 1


def test_batch_renders_in_worker_processes_in_chunks(
    past_workshop, make_attendee, staff_user, django_capture_on_commit_callbacks, settings
):
    settings.CERTIFICATE_CHUNK_SIZE = 2
    settings.CERTIFICATE_RENDER_WORKERS = 2
    for name in ("Ana Lima", "Ayşe Öberg", "Иван Петров", "فاطمة علي", "李娜"):
        make_attendee(full_name=name)

    batch = run_batch(past_workshop, staff_user, django_capture_on_commit_callbacks)

    assert (batch.done_count, batch.failed_count) == (5, 0)
    assert Certificate.objects.filter(pdf_sha256__regex=r"^[0-9a-f]{64}$").count() == 5


def test_batch_create_while_one_is_queued_returns_it(past_workshop, staff_user):
    first = batch_create(workshop=past_workshop, by=staff_user)  # on_commit not run: stays queued

    second = batch_create(workshop=past_workshop, by=staff_user)

    assert second == first
    assert CertificateBatch.objects.count() == 1


def test_batch_puts_each_chunks_emails_in_the_outbox_before_the_next_chunk(
    past_workshop, make_attendee, staff_user, django_capture_on_commit_callbacks, settings
):
    settings.CERTIFICATE_CHUNK_SIZE = 2
    for name in ("Ana Lima", "Иван Петров", "李娜"):
        make_attendee(full_name=name)
    emails_at_each_progress = []

    def on_progress(sender, instance, update_fields=None, **kwargs):
        if update_fields and "done_count" in update_fields:
            emails_at_each_progress.append(OutgoingEmail.objects.count())

    post_save.connect(on_progress, sender=CertificateBatch)
    try:
        batch = run_batch(past_workshop, staff_user, django_capture_on_commit_callbacks)
    finally:
        post_save.disconnect(on_progress, sender=CertificateBatch)

    # A worker killed after the first chunk would have left its two e-mails on record.
    assert emails_at_each_progress == [2, 3]
    assert batch.done_count == 3
    assert len(mail.outbox) == 3
