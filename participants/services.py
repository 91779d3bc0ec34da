"""Writes about participants, registrations and attendance.

Registration rules: who gets a seat, who waits, who is told what.

Every change to a workshop's seats happens inside one transaction that first locks the
workshop row (``_lock_workshop``): on PostgreSQL a row lock, on SQLite the database write lock
that an IMMEDIATE transaction takes at BEGIN. Counting confirmed seats and writing the new
status therefore happen with no other writer in between, so a workshop is never overbooked.
E-mails are enqueued as tasks only once the transaction has committed."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from participants.emails import EmailAttachment, EmailKind, render_registration_email
from participants.models import (
    Attendance,
    Participant,
    Registration,
    new_participant_code,
    new_personal_token,
)
from participants.qr import participant_qr_png
from participants.search import participant_search_text
from participants.selectors import (
    RegistrationWindow,
    find_participant_by_email,
    participants_due_for_purge,
    workshop_confirmed_count,
    workshop_registration_window,
    workshop_waitlist,
)
from workshops.calendar import workshop_ics
from workshops.models import Session, Workshop

QR_CONTENT_ID = "participant-qr"


class RegistrationError(Exception):
    """A rule refused the change. The message is meant for the person who asked."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class RegistrationClosedError(RegistrationError):
    def __init__(self, window: RegistrationWindow) -> None:
        super().__init__(str(_("Registration for this workshop is not open.")), code=window.value)
        self.window = window


@dataclass(frozen=True)
class ParticipantDetails:
    """What a person tells us about themselves, as the form cleaned it."""

    full_name: str
    email: str
    organisation: str = ""
    sector: str = ""
    job_title: str = ""
    country: str = ""
    gender: str = ""
    needs: str = ""
    is_minor: bool = False
    guardian_name: str = ""
    guardian_email: str = ""
    guardian_consent: bool = False
    consent: bool = False

    def stored_fields(self) -> dict[str, object]:
        """The fields we keep. For a child: no gender or job title (least data); for an
        adult: no guardian."""
        fields = {
            "full_name": self.full_name,
            "organisation": self.organisation,
            "sector": self.sector,
            "job_title": "" if self.is_minor else self.job_title,
            "country": self.country,
            "gender": "" if self.is_minor else self.gender,
            "needs": self.needs,
            "is_minor": self.is_minor,
            "guardian_name": self.guardian_name if self.is_minor else "",
            "guardian_email": self.guardian_email if self.is_minor else "",
        }
        return fields


@dataclass(frozen=True)
class RegistrationResult:
    registration: Registration
    created: bool  # False: the address already held a live registration; its link was re-sent


def _check_details(details: ParticipantDetails, *, consent_needed: bool) -> None:
    if consent_needed and not details.consent:
        raise RegistrationError(
            str(_("Please agree to the processing of your personal data.")), code="no_consent"
        )
    if details.is_minor and not (
        details.guardian_name.strip()
        and details.guardian_email.strip()
        and details.guardian_consent
    ):
        raise RegistrationError(
            str(_("A participant under 18 needs a parent or guardian's name, e-mail and consent.")),
            code="no_guardian",
        )


def _lock_workshop(workshop_id: int) -> Workshop:
    """Call inside transaction.atomic(): no one else changes this workshop's seats until the
    transaction ends. (SQLite ignores select_for_update; its IMMEDIATE BEGIN already holds the
    write lock.)"""
    return Workshop.objects.select_for_update().get(pk=workshop_id)


def _lock_registration(registration_id: int) -> Registration:
    return Registration.objects.select_for_update().get(pk=registration_id)


def _email_after_commit(registration: Registration, kind: EmailKind) -> None:
    # Imported here because the task module calls back into this one.
    from participants.tasks import send_registration_email

    registration_id = registration.pk
    transaction.on_commit(
        lambda: send_registration_email.enqueue(registration_id=registration_id, kind=kind.value)
    )


def _set_status(registration: Registration, status: str, *, now: dt.datetime) -> None:
    registration.status = status
    if status == Registration.Status.CONFIRMED:
        registration.confirmed_at = now
    if status == Registration.Status.CANCELLED:
        registration.cancelled_at = now
    registration.sequence += 1  # calendar clients replace the personal event
    registration.save(
        update_fields=["status", "confirmed_at", "cancelled_at", "sequence", "updated_at"]
    )


def _seat_or_waitlist(workshop: Workshop) -> str:
    """Call with the workshop locked, after _fill_free_seats: a free seat then means nobody
    is waiting ahead."""
    if workshop.capacity is None or workshop_confirmed_count(workshop=workshop) < workshop.capacity:
        return Registration.Status.CONFIRMED
    return Registration.Status.WAITLISTED


def _fill_free_seats(workshop: Workshop, *, now: dt.datetime) -> list[Registration]:
    """Confirm waitlisted people, first come first served, while seats are free; each is told.
    Call with the workshop locked."""
    waiting = workshop_waitlist(workshop=workshop).select_related("participant")
    if workshop.capacity is not None:
        free = workshop.capacity - workshop_confirmed_count(workshop=workshop)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    for registration in promoted:
        _set_status(registration, Registration.Status.CONFIRMED, now=now)
        _email_after_commit(registration, EmailKind.PROMOTED)
    return promoted


def _participant_for(
    details: ParticipantDetails, *, language: str, now: dt.datetime
) -> Participant:
    """The person with this e-mail address, created if new. An existing person's stored
    details are never changed here: anyone can type anyone's address into a public form."""
    existing = find_participant_by_email(email=details.email)
    if existing is not None:
        return existing
    participant = Participant(
        **details.stored_fields(),
        email=details.email.strip(),
        preferred_language=language,
        consent_at=now,
        guardian_consent_at=now if details.is_minor else None,
    )
    participant_refresh_search_text(participant)
    participant.full_clean(validate_unique=False, validate_constraints=False)
    try:
        # A savepoint: another workshop's registration may create this person at this moment.
        with transaction.atomic():
            participant.save()
    except IntegrityError:
        existing = find_participant_by_email(email=details.email)
        if existing is None:
            raise
        return existing
    return participant


def _language(language: str) -> str:
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def registration_create(
    *,
    workshop: Workshop,
    details: ParticipantDetails,
    language: str = settings.LANGUAGE_CODE,
    now: dt.datetime | None = None,
) -> RegistrationResult:
    """Register a person through the public form, in one transaction with the workshop locked:
    check the window is open, find or create the person, then give a seat, a place on the
    waiting list, or (on a workshop with approval) a pending status; the e-mail goes out
    after commit. An address that already holds a live registration gets its personal link
    again and nothing else changes.

    Raises RegistrationClosedError, RegistrationError (consent or guardian missing) and
    django's ValidationError for details a form should have caught."""
    now = now or timezone.now()
    language = _language(language)
    _check_details(details, consent_needed=True)
    with transaction.atomic():
        workshop = _lock_workshop(workshop.pk)
        window = workshop_registration_window(workshop=workshop, now=now)
        if window != RegistrationWindow.OPEN:
            raise RegistrationClosedError(window)
        participant = _participant_for(details, language=language, now=now)
        existing = participant.registrations.filter(
            workshop=workshop, status__in=Registration.LIVE_STATUSES
        ).first()
        if existing is not None:
            _email_after_commit(existing, EmailKind.LINK_AGAIN)
            return RegistrationResult(registration=existing, created=False)
        _fill_free_seats(workshop, now=now)
        status = (
            Registration.Status.PENDING
            if workshop.requires_approval
            else _seat_or_waitlist(workshop)
        )
        registration = Registration.objects.create(
            participant=participant,
            workshop=workshop,
            status=status,
            source=Registration.Source.PUBLIC_FORM,
            language=language,
            confirmed_at=now if status == Registration.Status.CONFIRMED else None,
        )
        _email_after_commit(registration, EmailKind.RECEIVED)
    return RegistrationResult(registration=registration, created=True)


def registration_cancel(
    *, registration: Registration, now: dt.datetime | None = None
) -> Registration:
    """Cancel a live registration and, in the same transaction, give any seat it freed to the
    first person on the waiting list. Both are told by e-mail after commit."""
    now = now or timezone.now()
    with transaction.atomic():
        workshop = _lock_workshop(registration.workshop_id)
        registration = _lock_registration(registration.pk)
        if not registration.is_live:
            raise RegistrationError(
                str(_("This registration is already cancelled or was declined.")),
                code="not_live",
            )
        if workshop.is_past:
            raise RegistrationError(
                str(_("The workshop is over; its registrations can no longer be cancelled.")),
                code="workshop_over",
            )
        _set_status(registration, Registration.Status.CANCELLED, now=now)
        _email_after_commit(registration, EmailKind.CANCELLED)
        _fill_free_seats(workshop, now=now)
    return registration


def _lock_pending(registration: Registration, *, refusal: str) -> tuple[Workshop, Registration]:
    """Inside a transaction: the workshop and the registration locked, the registration still
    pending (someone else may have decided a moment ago)."""
    workshop = _lock_workshop(registration.workshop_id)
    registration = _lock_registration(registration.pk)
    if registration.status != Registration.Status.PENDING:
        raise RegistrationError(refusal, code="not_pending")
    return workshop, registration


def registration_approve(
    *, registration: Registration, now: dt.datetime | None = None
) -> Registration:
    """Staff approve a pending registration: it takes a free seat, or joins the waiting list
    when the workshop is full. The person is told either way. (Who did it is recorded by the
    history middleware.)"""
    now = now or timezone.now()
    with transaction.atomic():
        workshop, registration = _lock_pending(
            registration, refusal=str(_("Only a registration pending approval can be approved."))
        )
        _fill_free_seats(workshop, now=now)
        _set_status(registration, _seat_or_waitlist(workshop), now=now)
        _email_after_commit(registration, EmailKind.APPROVED)
    return registration


def registration_decline(
    *, registration: Registration, now: dt.datetime | None = None
) -> Registration:
    """Staff decline a pending registration; the person is told."""
    now = now or timezone.now()
    with transaction.atomic():
        _workshop, registration = _lock_pending(
            registration, refusal=str(_("Only a registration pending approval can be declined."))
        )
        _set_status(registration, Registration.Status.DECLINED, now=now)
        _email_after_commit(registration, EmailKind.DECLINED)
    return registration


def participant_update_details(
    *, participant: Participant, details: ParticipantDetails, now: dt.datetime | None = None
) -> Participant:
    """The person changes their own details from their personal page. The e-mail address is
    the person's identity and stays as it is. Becoming a minor needs a guardian's consent;
    ceasing to be one drops the guardian's data."""
    now = now or timezone.now()
    _check_details(details, consent_needed=False)
    was_minor = participant.is_minor
    for name, value in details.stored_fields().items():
        setattr(participant, name, value)
    if details.is_minor and not was_minor:
        participant.guardian_consent_at = now
    if not details.is_minor:
        participant.guardian_consent_at = None
    participant_refresh_search_text(participant)
    participant.full_clean(validate_unique=False)
    participant.save()
    return participant


def registration_revoke_token(*, registration: Registration) -> Registration:
    """Replace the personal link: the old one stops working at once; the new one is e-mailed."""
    with transaction.atomic():
        registration = _lock_registration(registration.pk)
        registration.token = new_personal_token()
        registration.save(update_fields=["token", "updated_at"])
        _email_after_commit(registration, EmailKind.NEW_LINK)
    return registration


def registration_email_attachments(*, registration: Registration) -> list[EmailAttachment]:
    """What an e-mail to a confirmed participant carries: the QR code of their participant
    code (shown inline) for check-in at the door, and the workshop as an .ics file with its
    sessions and, for the registered person, the online join link."""
    if registration.status != Registration.Status.CONFIRMED:
        return []
    code = registration.participant.code
    workshop = registration.workshop
    return [
        EmailAttachment(
            filename=f"cop-participant-{code}.png",
            content=participant_qr_png(code),
            mimetype="image/png",
            content_id=QR_CONTENT_ID,
        ),
        EmailAttachment(
            filename=f"{workshop.slug}.ics",
            content=workshop_ics(workshop, for_participant=True),
            mimetype="text/calendar",
        ),
    ]


def registration_send_email(*, registration_id: int, kind: str) -> None:
    """Build and send one registration e-mail (called by the task)."""
    registration = Registration.objects.select_related("participant", "workshop__office").get(
        pk=registration_id
    )
    if registration.participant.anonymised_at is not None:
        return  # erased since the e-mail was queued: there is nobody left to write to
    message = render_registration_email(
        registration=registration,
        kind=EmailKind(kind),
        attachments=registration_email_attachments(registration=registration),
    )
    message.send()


# ---------------------------------------------------------------------------------------
# Attendance, check-in and imports (issue 4)
# ---------------------------------------------------------------------------------------


class AttendanceError(Exception):
    """A check-in or attendance change that cannot be made; the message is for staff."""


def participant_refresh_search_text(participant: Participant) -> None:
    """Set (not save) the folded search column from the participant's name, e-mail and code.

    Every service that creates or renames a participant calls this before saving."""
    participant.search_text = participant_search_text(
        full_name=participant.full_name, email=participant.email, code=participant.code
    )


def participant_get_or_create(
    *, email: str, full_name: str, organisation: str = "", country: str = ""
) -> tuple[Participant, bool]:
    """The participant with this e-mail (any letter case), or a new one with these details."""
    existing = Participant.objects.filter(email__iexact=email.strip()).first()
    if existing is not None:
        return existing, False
    participant = Participant(
        full_name=full_name.strip(),
        email=email.strip(),
        organisation=organisation.strip(),
        country=country,
    )
    participant_refresh_search_text(participant)
    participant.full_clean()
    participant.save()
    return participant, True


def registration_confirm_for_staff(
    *, participant: Participant, workshop: Workshop, source: str
) -> tuple[Registration, bool]:
    """Make sure the person holds a confirmed registration, whatever the capacity.

    Staff adding someone (an import, a walk-in) decide over the seat count; the import preview
    warns when it goes past capacity. Returns the registration and whether anything changed."""
    registration = (
        Registration.objects.select_for_update()
        .filter(participant=participant, workshop=workshop, status__in=Registration.LIVE_STATUSES)
        .first()
    )
    if registration is None:
        registration = Registration.objects.create(
            participant=participant,
            workshop=workshop,
            status=Registration.Status.CONFIRMED,
            source=source,
            language=participant.preferred_language,
            confirmed_at=timezone.now(),
        )
        return registration, True
    if registration.status == Registration.Status.CONFIRMED:
        return registration, False
    registration.status = Registration.Status.CONFIRMED
    registration.confirmed_at = timezone.now()
    registration.save(update_fields=["status", "confirmed_at", "updated_at"])
    return registration, True


def _check_can_record(*, registration: Registration, session: Session) -> None:
    if session.workshop_id != registration.workshop_id:
        raise AttendanceError(_("This session belongs to another workshop."))
    if session.is_cancelled:
        raise AttendanceError(_("This session is cancelled."))
    if not registration.is_live:
        raise AttendanceError(
            _("%(name)s's registration is %(status)s: they cannot be checked in.")
            % {
                "name": registration.participant.full_name,
                "status": registration.get_status_display(),
            }
        )


def attendance_check_in(
    *,
    registration: Registration,
    session: Session,
    by: AbstractBaseUser | None,
    method: str = Attendance.Method.DOOR,
) -> tuple[Attendance, bool]:
    """Mark the registration present at the session. Checking in twice changes nothing.

    Returns the attendance and whether it was newly marked present."""
    _check_can_record(registration=registration, session=session)
    attendance = Attendance.objects.filter(registration=registration, session=session).first()
    if attendance is not None and attendance.status in Attendance.ATTENDED_STATUSES:
        return attendance, False
    attendance, _created = Attendance.objects.update_or_create(
        registration=registration,
        session=session,
        defaults={"status": Attendance.Status.PRESENT, "method": method, "recorded_by": by},
    )
    return attendance, True


def attendance_undo(*, registration: Registration, session: Session) -> bool:
    """Remove the registration's record at the session (unrecorded means absent).

    simple-history keeps the deleted row. Returns whether there was one."""
    if session.workshop_id != registration.workshop_id:
        raise AttendanceError(_("This session belongs to another workshop."))
    deleted, _rows = Attendance.objects.filter(registration=registration, session=session).delete()
    return bool(deleted)


def attendance_set_status(
    *,
    registration: Registration,
    session: Session,
    status: str,
    by: AbstractBaseUser | None,
    method: str = Attendance.Method.STAFF,
    minutes_online: int | None = None,
) -> bool:
    """Record a status (present, late, excused, absent); an empty status removes the record.

    Returns whether anything changed."""
    if not status:
        return attendance_undo(registration=registration, session=session)
    if status not in Attendance.Status.values:
        raise AttendanceError(_("Unknown attendance status “%(status)s”.") % {"status": status})
    _check_can_record(registration=registration, session=session)
    attendance = Attendance.objects.filter(registration=registration, session=session).first()
    if attendance is None:
        Attendance.objects.create(
            registration=registration,
            session=session,
            status=status,
            method=method,
            minutes_online=minutes_online,
            recorded_by=by,
        )
        return True
    if attendance.status == status and (
        minutes_online is None or attendance.minutes_online == minutes_online
    ):
        return False
    attendance.status = status
    attendance.method = method
    attendance.recorded_by = by
    if minutes_online is not None:
        attendance.minutes_online = minutes_online
    attendance.save()
    return True


@transaction.atomic
def walk_in_check_in(
    *,
    workshop: Workshop,
    session: Session,
    full_name: str,
    email: str,
    organisation: str = "",
    by: AbstractBaseUser | None,
) -> Attendance:
    """Someone at the door who is not (or not yet) confirmed: register, confirm, check in.

    An existing person (same e-mail) keeps their details; one transaction, so a refused
    check-in leaves no half-made registration behind."""
    if session.workshop_id != workshop.pk:
        raise AttendanceError(_("This session belongs to another workshop."))
    try:
        participant, _created = participant_get_or_create(
            email=email, full_name=full_name, organisation=organisation
        )
    except ValidationError as error:
        raise AttendanceError(" ".join(error.messages)) from error
    registration, _changed = registration_confirm_for_staff(
        participant=participant, workshop=workshop, source=Registration.Source.WALK_IN
    )
    attendance, _marked = attendance_check_in(
        registration=registration, session=session, by=by, method=Attendance.Method.WALK_IN
    )
    return attendance


def registration_set_eligibility_override(
    *,
    registration: Registration,
    eligible: bool | None,
    reason: str,
    by: AbstractBaseUser | None,
) -> None:
    """Staff decide certificate eligibility over the rule (with a reason), or hand it back.

    simple-history keeps every earlier override with who set it."""
    reason = reason.strip()
    if eligible is None:
        registration.eligibility_override = None
        registration.eligibility_override_reason = ""
        registration.eligibility_override_by = None
    else:
        if not reason:
            raise AttendanceError(_("Give a reason for overriding the attendance rule."))
        registration.eligibility_override = eligible
        registration.eligibility_override_reason = reason
        registration.eligibility_override_by = by
    registration.save(
        update_fields=[
            "eligibility_override",
            "eligibility_override_reason",
            "eligibility_override_by",
            "updated_at",
        ]
    )


# ---------------------------------------------------------------------------------------
# Personal data: anonymisation after the retention period or on request (issue 10)
# ---------------------------------------------------------------------------------------

ANONYMISED_NAME = ""
WITHHELD_REASON = "(withheld: participant anonymised)"
# Stored, so in no particular interface language (like the other stored placeholders).
ANONYMISED_REPR = "anonymised participant"


class ErasureError(Exception):
    """An erasure request or confirmation that cannot be made; the message is for the person."""


def anonymised_email(participant_id: int) -> str:
    """Unique (the e-mail column is) and undeliverable: .invalid never resolves (RFC 2606)."""
    return f"anonymised-{participant_id}@invalid"


def _cancel_live_registrations_silently(participant: Participant, *, now: dt.datetime) -> None:
    """A person erased before their workshop: their seat goes to the waiting list (who are
    told); they are not written to, since their address is gone."""
    live = participant.registrations.filter(status__in=Registration.LIVE_STATUSES)
    for registration in live:
        workshop = _lock_workshop(registration.workshop_id)
        if workshop.is_past:
            continue
        _set_status(_lock_registration(registration.pk), Registration.Status.CANCELLED, now=now)
        _fill_free_seats(workshop, now=now)


def _erase_certificates(participant: Participant) -> None:
    """The name goes from each certificate and its history, and the PDF (which prints the
    name) is deleted after commit; the code, workshop and validity stay verifiable."""
    certificates = Certificate.objects.filter(registration__participant=participant)
    stored_files = [c.pdf.name for c in certificates if c.pdf]
    certificates.update(holder_name=ANONYMISED_NAME, pdf="")
    Certificate.history.filter(registration__participant=participant).update(
        holder_name=ANONYMISED_NAME, pdf=""
    )
    if stored_files:
        storage = Certificate._meta.get_field("pdf").storage

        def delete_files() -> None:
            for name in stored_files:
                storage.delete(name)

        transaction.on_commit(delete_files)


def _erase_registration_traces(participant: Participant) -> None:
    """New personal links (the old ones stop working), and no staff-written reason that may
    describe the person's circumstances, in the rows or their history."""
    registrations = participant.registrations.all()
    for registration in registrations:
        registration.token = new_personal_token()
        if registration.eligibility_override is not None:
            registration.eligibility_override_reason = WITHHELD_REASON
        registration.save(update_fields=["token", "eligibility_override_reason", "updated_at"])
    Registration.history.filter(participant=participant).exclude(
        eligibility_override_reason=""
    ).update(eligibility_override_reason=WITHHELD_REASON)


def _erase_admin_log(participant: Participant) -> None:
    """The admin's change log names the objects it touched (a participant is shown by name)."""
    registration_ids = [str(pk) for pk in participant.registrations.values_list("pk", flat=True)]
    for model, object_ids in (
        (Participant, [str(participant.pk)]),
        (Registration, registration_ids),
    ):
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=object_ids
        ).update(object_repr=ANONYMISED_REPR, change_message="")


def participant_anonymise(*, participant: Participant, now: dt.datetime | None = None) -> bool:
    """Erase what identifies the person, in one transaction: name, e-mail (replaced by a
    unique undeliverable address), organisation, job title, gender, needs, guardian, code and
    search text; the name on certificates and their PDFs, in the rows and their history; the
    personal links; the admin log's names. Live registrations at workshops still to come are
    cancelled (seats go to the waiting list).

    Kept for anonymous statistics: country, sector, whether under 18, language, and every
    registration and attendance row. Certificates stay verifiable (workshop and validity).
    Returns False when the person was already anonymised."""
    now = now or timezone.now()
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.anonymised_at is not None:
            return False
        _cancel_live_registrations_silently(participant, now=now)
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
        _erase_admin_log(participant)
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
