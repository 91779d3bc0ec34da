"""Every participant e-mail goes through participants/emails.py: one registry of kinds, one
language rule, one guard for erased people, one sender taking ids."""

import logging

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks import TaskResultStatus

from certificates.models import Certificate
from participants.emails import KINDS, participant_email_render, participant_email_send
from participants.models import OutgoingEmail, Registration
from participants.staff_services import workshop_cancel
from participants.tasks import send_participant_email
from reminders.models import MailRule
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

REGISTRATION_KINDS = [
    "received",
    "link_again",
    "promoted",
    "approved",
    "declined",
    "cancelled",
    "cancelled_by_staff",
    "new_link",
]
ALL_KINDS = [*REGISTRATION_KINDS, "workshop_cancelled", "certificate_issued", "scheduled"]

FRENCH_SUBJECTS = {
    "scheduled": "Rappel : {title}",  # the rule's own French subject (reminders)
    "received": "Votre inscription : {title}",
    "link_again": "Votre lien personnel : {title}",
    "promoted": "Une place vous attend : {title}",
    "approved": "Votre inscription a été approuvée : {title}",
    "declined": "Votre inscription n’a pas été retenue : {title}",
    "cancelled": "Votre inscription est annulée : {title}",
    "cancelled_by_staff": "Votre inscription est annulée : {title}",
    "new_link": "Votre nouveau lien personnel : {title}",
    "workshop_cancelled": "Annulé : {title}",
    "certificate_issued": "Votre certificat de participation : {title}",
}


def _certificate(registration: Registration) -> Certificate:
    certificate = Certificate(
        registration=registration,
        holder_name=registration.participant.full_name,
        sessions_attended=2,
        sessions_held=2,
    )
    certificate.pdf.save("certificate.pdf", ContentFile(b"%PDF-1.4"), save=False)
    certificate.save()
    return certificate


def _extra(kind: str, registration: Registration) -> dict:
    if kind == "certificate_issued":
        return {"certificate_id": _certificate(registration).pk}
    if kind == "workshop_cancelled":
        return {"message": "The venue is closed."}
    if kind == "scheduled":
        rule = MailRule.objects.create(
            workshop=registration.workshop,
            kind=MailRule.Kind.REMINDER,
            subject_en="Reminder: {workshop}",
            subject_fr="Rappel : {workshop}",
        )
        return {"rule_id": rule.pk}
    return {}


def test_registry_has_every_kind():
    assert sorted(KINDS) == sorted(ALL_KINDS)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_send_to_an_anonymised_person_sends_nothing(workshop, kind):
    registration = RegistrationFactory(workshop=workshop)
    extra = _extra(kind, registration)
    registration.participant.anonymised_at = timezone.now()
    registration.participant.save(update_fields=["anonymised_at"])

    sent = participant_email_send(kind=kind, registration_id=registration.pk, extra=extra)

    assert (sent, mail.outbox) == (False, [])


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_send_renders_in_the_registration_language(workshop, kind):
    registration = RegistrationFactory(workshop=workshop, language="fr")

    sent = participant_email_send(
        kind=kind, registration_id=registration.pk, extra=_extra(kind, registration)
    )

    assert sent is True
    assert [m.subject for m in mail.outbox] == [FRENCH_SUBJECTS[kind].format(title=workshop.title)]
    assert mail.outbox[0].to == [registration.participant.email]


def test_confirmed_registration_email_carries_qr_code_and_calendar(workshop):
    registration = RegistrationFactory(workshop=workshop)

    message = participant_email_render(kind="received", registration=registration)

    files = [part for part in message.message().walk() if part.get_filename()]
    assert [part.get_content_type() for part in files] == [
        "image/png",
        "text/calendar",
    ]


def test_task_for_a_deleted_registration_logs_and_returns(workshop, caplog):
    registration = RegistrationFactory(workshop=workshop)
    registration_id = registration.pk
    registration.delete()

    with caplog.at_level(logging.INFO, logger="participants"):
        result = send_participant_email.enqueue(
            kind="received", registration_id=registration_id, extra={}
        )

    assert (result.status, result.return_value, mail.outbox) == (
        TaskResultStatus.SUCCESSFUL,
        "dropped",
        [],
    )
    assert f"registration {registration_id} is gone" in caplog.text


def test_task_for_a_deleted_certificate_logs_and_returns(workshop, caplog):
    registration = RegistrationFactory(workshop=workshop)
    certificate = _certificate(registration)
    certificate_id = certificate.pk
    Certificate.objects.filter(pk=certificate_id).delete()

    with caplog.at_level(logging.INFO, logger="participants.emails"):
        result = send_participant_email.enqueue(
            kind="certificate_issued",
            registration_id=registration.pk,
            extra={"certificate_id": certificate_id},
        )

    assert (result.status, result.return_value, mail.outbox) == (
        TaskResultStatus.SUCCESSFUL,
        "dropped",
        [],
    )
    assert OutgoingEmail.objects.count() == 0  # nothing left to send: no row kept
    assert "certificate_issued" in caplog.text


def test_workshop_cancel_enqueues_one_email_per_live_registration_after_commit(
    workshop, django_capture_on_commit_callbacks
):
    confirmed = RegistrationFactory(workshop=workshop, language="fr")
    waiting = RegistrationFactory(workshop=workshop, status=Registration.Status.WAITLISTED)
    RegistrationFactory(workshop=workshop, status=Registration.Status.CANCELLED)

    with django_capture_on_commit_callbacks() as callbacks:
        workshop_cancel(workshop=workshop, message="The venue is closed.")
    assert (len(callbacks), mail.outbox) == (2, [])
    for callback in callbacks:
        callback()

    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == sorted([confirmed.participant.email, waiting.participant.email])
    assert by_address[confirmed.participant.email].subject == f"Annulé : {workshop.title}"
    assert by_address[waiting.participant.email].subject == f"Cancelled: {workshop.title}"
    assert all("The venue is closed." in m.body for m in mail.outbox)
