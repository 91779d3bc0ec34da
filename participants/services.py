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
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from participants.emails import EmailAttachment, EmailKind, render_registration_email
from participants.models import Participant, Registration, new_personal_token
from participants.qr import participant_qr_png
from participants.search import participant_search_text
from participants.selectors import (
    find_participant_by_email,
    workshop_confirmed_count,
    workshop_waitlist,
)
from workshops.calendar import workshop_ics
from workshops.models import Workshop
from workshops.selectors import RegistrationWindow, workshop_registration_window
from workshops.services import WorkshopError, workshop_save

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


def workshop_cancel(*, workshop: Workshop, message: str = "") -> Workshop:
    """Cancel a workshop: calendars show it cancelled (SEQUENCE raised, `cancelled_at` set by
    workshop_save) and, once committed, everyone registered is told by e-mail in the
    background. Registrations stay as they were, so the record shows who was affected."""
    if workshop.status == Workshop.Status.CANCELLED:
        raise WorkshopError(_("This workshop is already cancelled."))
    if workshop.status == Workshop.Status.COMPLETED:
        raise WorkshopError(_("A completed workshop cannot be cancelled."))
    from participants.tasks import send_workshop_cancelled_emails

    with transaction.atomic():
        was_public = workshop.status != Workshop.Status.DRAFT
        workshop.status = Workshop.Status.CANCELLED
        workshop_save(workshop=workshop)
        if was_public:
            workshop_id = workshop.pk
            transaction.on_commit(
                lambda: send_workshop_cancelled_emails.enqueue(
                    workshop_id=workshop_id, message=message
                )
            )
    return workshop


def workshop_cancelled_notify(*, workshop_id: int, message: str = "") -> int:
    """E-mail everyone with a live registration that the workshop is cancelled, each in the
    language they registered in. Returns the number of e-mails sent."""
    workshop = Workshop.objects.select_related("office").get(pk=workshop_id)
    registrations = workshop.registrations.filter(
        status__in=Registration.LIVE_STATUSES, participant__anonymised_at__isnull=True
    ).select_related("participant")
    sent = 0
    for registration in registrations:
        with translation.override(registration.language):
            context = {
                "workshop": workshop,
                "participant": registration.participant,
                "message": message,
                "site_url": settings.SITE_URL,
            }
            subject = render_to_string("emails/workshop_cancelled_subject.txt", context).strip()
            body = render_to_string("emails/workshop_cancelled.txt", context)
        sent += send_mail(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [registration.participant.email],
        )
    return sent


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


def participant_cancel_upcoming_silently(*, participant: Participant, now: dt.datetime) -> None:
    """Cancel the person's live registrations to workshops not yet over, without writing to
    them (for a person erased before their workshop: their address is gone). Each freed seat
    goes to the waiting list, who are told."""
    live = participant.registrations.filter(status__in=Registration.LIVE_STATUSES)
    for registration in live:
        workshop = _lock_workshop(registration.workshop_id)
        if workshop.is_past:
            continue
        _set_status(_lock_registration(registration.pk), Registration.Status.CANCELLED, now=now)
        _fill_free_seats(workshop, now=now)
