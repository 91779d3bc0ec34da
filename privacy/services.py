"""Writes about participants, registrations and attendance.

Registration rules: who gets a seat, who waits, who is told what.

Every change to a workshop's seats happens inside one transaction that first locks the
workshop row (``_lock_workshop``): on PostgreSQL a row lock, on SQLite the database write lock
that an IMMEDIATE transaction takes at BEGIN. Counting confirmed seats and writing the new
status therefore happen with no other writer in between, so a workshop is never overbooked.
E-mails are enqueued as tasks only once the transaction has committed."""

import datetime as dt

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from attendance.models import Attendance
from certificates.models import Certificate
from core.page_cache import content_changed
from credentials.services import credentials_erase
from learning.services import evaluations_detach_person
from participants.models import (
    OutgoingEmail,
    Participant,
    Registration,
    new_feed_token,
    new_participant_code,
    new_personal_token,
)
from participants.services import participant_cancel_upcoming_silently
from privacy.selectors import participants_due_for_purge

QR_CONTENT_ID = "participant-qr"


ANONYMISED_NAME = ""
WITHHELD_REASON = "(withheld: participant anonymised)"
# Stored, so in no particular interface language (like the other stored placeholders).
ANONYMISED_REPR = "anonymised participant"


class ErasureError(Exception):
    """An erasure request or confirmation that cannot be made; the message is for the person."""


def anonymised_email(participant_id: int) -> str:
    """Unique (the e-mail column is) and undeliverable: .invalid never resolves (RFC 2606)."""
    return f"anonymised-{participant_id}@invalid"


def _erase_certificates(participant: Participant) -> None:
    """The name goes from each certificate and its history, with what could lead back to it
    (the digests of the printed content and of the PDF, the staff's note on a revocation), and
    the PDF (which prints the name) is deleted after commit, and the signed credential is
    blanked; the code, workshop, validity and
    the revocation's category stay verifiable."""
    certificates = Certificate.objects.filter(registration__participant=participant)
    stored_files = [c.pdf.name for c in certificates if c.pdf]
    erased = {"holder_name": ANONYMISED_NAME, "pdf": "", "content_digest": "", "pdf_sha256": ""}
    certificates.update(**erased)
    content_changed()  # /verify/<code>/ shows the holder's name: without signals, say so
    # Their signed credentials name them too (and hash their e-mail): no longer served.
    credentials_erase(certificates=certificates)
    certificates.exclude(revoked_reason="").update(revoked_reason=WITHHELD_REASON)
    history = Certificate.history.filter(registration__participant=participant)
    history.update(**erased, history_change_reason=None)
    history.exclude(revoked_reason="").update(revoked_reason=WITHHELD_REASON)
    if stored_files:
        storage = Certificate._meta.get_field("pdf").storage

        def delete_files() -> None:
            for name in stored_files:
                storage.delete(name)

        transaction.on_commit(delete_files)


def _erase_registration_traces(participant: Participant) -> None:
    """New personal links and calendar feed keys (the old ones stop working), and no
    staff-written reason that may describe the person's circumstances, in the rows or their
    history."""
    registrations = participant.registrations.all()
    for registration in registrations:
        registration.token = new_personal_token()
        registration.feed_token = new_feed_token()
        if registration.eligibility_override is not None:
            registration.eligibility_override_reason = WITHHELD_REASON
        registration.save(
            update_fields=["token", "feed_token", "eligibility_override_reason", "updated_at"]
        )
        # Every old personal link, in every history row, becomes the new (unused) one.
        Registration.history.filter(id=registration.pk).update(
            token=registration.token, history_change_reason=None
        )
    Registration.history.filter(participant=participant).exclude(
        eligibility_override_reason=""
    ).update(eligibility_override_reason=WITHHELD_REASON)
    Attendance.history.filter(registration__participant=participant).update(
        history_change_reason=None
    )


def _erase_admin_log(participant: Participant, identifiers: list[str]) -> None:
    """The admin's change log names the objects it touched (a participant, a registration, a
    certificate, an attendance row are all shown by name): every entry about the person's
    objects, and every other entry whose text holds their name, e-mail or a personal link,
    keeps its action and date but loses its text. Matching on the text may also blank an
    entry about someone of the same name: erring that way is the safe side."""
    registrations = participant.registrations.all()
    by_model = (
        (Participant, [participant.pk]),
        (Registration, registrations.values_list("pk", flat=True)),
        (
            Attendance,
            Attendance.objects.filter(registration__in=registrations).values_list("pk", flat=True),
        ),
        (
            Certificate,
            Certificate.objects.filter(registration__in=registrations).values_list("pk", flat=True),
        ),
    )
    about_the_person = Q()
    for model, ids in by_model:
        about_the_person |= Q(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in ids],
        )
    for text in identifiers:
        if len(text.strip()) >= 2:
            about_the_person |= Q(object_repr__icontains=text) | Q(change_message__icontains=text)
    LogEntry.objects.filter(about_the_person).update(object_repr=ANONYMISED_REPR, change_message="")


def participant_anonymise(*, participant: Participant, now: dt.datetime | None = None) -> bool:
    """Erase what identifies the person, in one transaction: name, e-mail (replaced by a
    unique undeliverable address), organisation, job title, gender, needs, guardian, code and
    search text; the name on certificates and their PDFs, their digests and the staff's notes
    on revocations, in the rows and their history; the personal links, in the rows and their
    history; every admin log entry about their objects or naming them; their e-mails in the
    outbox, sent or not; their named evaluations become anonymous and lose their free text.
    Live registrations at workshops still to come are
    cancelled (seats go to the waiting list).

    Kept for anonymous statistics: country, sector, whether under 18, language, and every
    registration and attendance row. Certificates stay verifiable (workshop and validity).
    Returns False when the person was already anonymised."""
    now = now or timezone.now()
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.anonymised_at is not None:
            return False
        identifiers = [
            participant.full_name,
            participant.email,
            participant.guardian_name,
            participant.guardian_email,
            *participant.registrations.values_list("token", flat=True),
            *Registration.history.filter(participant=participant).values_list("token", flat=True),
        ]
        participant_cancel_upcoming_silently(participant=participant, now=now)
        participant.full_name = ANONYMISED_NAME
        participant.email = anonymised_email(participant.pk)
        participant.organisation = ""
        participant.job_title = ""
        participant.gender = ""
        participant.needs = ""
        participant.guardian_name = ""
        participant.guardian_email = ""
        participant.code = new_participant_code()  # paper sign-in sheets print code and name
        participant.search_text = ""
        participant.anonymised_at = now
        participant.save()
        _erase_certificates(participant)
        _erase_registration_traces(participant)
        evaluations_detach_person(registrations=participant.registrations.all())
        # Sent or not, the outbox names their address: nothing more is to be sent to them.
        OutgoingEmail.objects.filter(registration__participant=participant).delete()
        _erase_admin_log(participant, identifiers)
    return True


def participant_purge_expired(
    *, now: dt.datetime | None = None, dry_run: bool = False
) -> list[int]:
    """Anonymise everyone past the retention period (participants.selectors
    .participants_due_for_purge); each person in their own transaction, so a failure leaves
    the others done. Returns the ids concerned (with dry_run, those that would be)."""
    now = now or timezone.now()
    due = list(participants_due_for_purge(now=now).values_list("pk", flat=True))
    if not dry_run:
        for participant in Participant.objects.filter(pk__in=due):
            participant_anonymise(participant=participant, now=now)
    return due


def registration_request_erasure(
    *, registration: Registration, now: dt.datetime | None = None
) -> Registration:
    """The person asks, from their own page, that their data be erased; office staff confirm
    (participant_confirm_erasure). Asking twice keeps the first date."""
    if registration.participant.anonymised_at is not None:
        raise ErasureError(_("Your data has already been erased."))
    if registration.erasure_requested_at is None:
        registration.erasure_requested_at = now or timezone.now()
        registration.save(update_fields=["erasure_requested_at", "updated_at"])
    return registration


def registration_withdraw_erasure_request(*, registration: Registration) -> Registration:
    registration.erasure_requested_at = None
    registration.save(update_fields=["erasure_requested_at", "updated_at"])
    return registration


def participant_confirm_erasure(
    *, registration: Registration, now: dt.datetime | None = None
) -> Participant:
    """Staff confirm a pending request: the person is anonymised everywhere (their request
    covers all they gave us, whichever workshop)."""
    if registration.erasure_requested_at is None:
        raise ErasureError(_("This person has not asked for their data to be erased."))
    participant = registration.participant
    if not participant_anonymise(participant=participant, now=now):
        raise ErasureError(_("This person's data has already been erased."))
    return participant
