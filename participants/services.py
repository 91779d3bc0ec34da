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
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.events import publish_on_commit
from participants.emails import EmailKind
from participants.models import Participant, Registration, new_feed_token, new_personal_token
from participants.search import participant_search_text
from participants.selectors import (
    find_participant_by_email,
    workshop_confirmed_count,
    workshop_waitlist,
)
from participants.tasks import participant_email_enqueue
from workshops.models import Workshop
from workshops.selectors import RegistrationWindow, workshop_registration_window


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
    participant_email_enqueue(kind=kind.value, registration_id=registration.pk)


def _set_status(
    registration: Registration, status: str, *, now: dt.datetime, change_reason: str | None = None
) -> None:
    """`change_reason` goes on this write's history row (an API token's name, say), on exactly
    the instance written, so no other writer's row is ever labelled with it."""
    registration.status = status
    registration._change_reason = change_reason
    if status == Registration.Status.CONFIRMED:
        registration.confirmed_at = now
    if status == Registration.Status.CANCELLED:
        registration.cancelled_at = now
    registration.sequence += 1  # calendar clients replace the personal event
    registration.save(
        update_fields=["status", "confirmed_at", "cancelled_at", "sequence", "updated_at"]
    )
    publish_on_commit("registration.changed", registration_id=registration.pk)


def _seat_or_waitlist(workshop: Workshop) -> str:
    """Call with the workshop locked, after _fill_free_seats: a free seat then means nobody
    is waiting ahead."""
    if workshop.capacity is None or workshop_confirmed_count(workshop=workshop) < workshop.capacity:
        return Registration.Status.CONFIRMED
    return Registration.Status.WAITLISTED


def _fill_free_seats(
    workshop: Workshop, *, now: dt.datetime, change_reason: str | None = None
) -> list[Registration]:
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
        _set_status(
            registration, Registration.Status.CONFIRMED, now=now, change_reason=change_reason
        )
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
        publish_on_commit("registration.created", registration_id=registration.pk)
    return RegistrationResult(registration=registration, created=True)


def _cancel(
    registration: Registration,
    *,
    now: dt.datetime,
    email: EmailKind,
    change_reason: str | None = None,
) -> Registration:
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
        _set_status(
            registration, Registration.Status.CANCELLED, now=now, change_reason=change_reason
        )
        _email_after_commit(registration, email)
        _fill_free_seats(workshop, now=now, change_reason=change_reason)
    return registration


def registration_cancel(
    *, registration: Registration, now: dt.datetime | None = None
) -> Registration:
    """Cancel a live registration and, in the same transaction, give any seat it freed to the
    first person on the waiting list. Both are told by e-mail after commit."""
    return _cancel(registration, now=now or timezone.now(), email=EmailKind.CANCELLED)


def registration_cancel_by_staff(
    *,
    registration: Registration,
    now: dt.datetime | None = None,
    change_reason: str | None = None,
) -> Registration:
    """Staff cancel a live (confirmed, pending or waitlisted) registration: the same rules as
    the person's own cancellation (the freed seat goes to the first on the waiting list, in
    the same transaction), but the person is told that the organisers cancelled it. (Who did
    it is recorded by the history middleware; `change_reason` labels every history row this
    cancellation writes, the freed seat's too.)"""
    return _cancel(
        registration,
        now=now or timezone.now(),
        email=EmailKind.CANCELLED_BY_STAFF,
        change_reason=change_reason,
    )


def registration_promote(
    *,
    registration: Registration,
    now: dt.datetime | None = None,
    change_reason: str | None = None,
) -> list[Registration]:
    """Staff move a waitlisted person up to a free seat, with the workshop locked so that
    capacity and the waiting list's order hold: everyone ahead of them on the list moves up
    first, then they do; each is told by e-mail. Refused, changing nothing, when the free seats
    do not reach them. Returns the registrations confirmed, in waiting-list order."""
    now = now or timezone.now()
    with transaction.atomic():
        workshop = _lock_workshop(registration.workshop_id)
        registration = _lock_registration(registration.pk)
        if registration.status != Registration.Status.WAITLISTED:
            raise RegistrationError(
                str(_("Only a registration on the waiting list can be moved up.")),
                code="not_waitlisted",
            )
        if workshop.is_past or workshop.status == Workshop.Status.CANCELLED:
            raise RegistrationError(
                str(_("The workshop is over or cancelled; nobody can move up any more.")),
                code="workshop_over",
            )
        waiting = list(workshop_waitlist(workshop=workshop).select_related("participant"))
        ahead_and_them = waiting[: waiting.index(registration) + 1]
        if workshop.capacity is not None:
            free = workshop.capacity - workshop_confirmed_count(workshop=workshop)
            if free <= 0:
                raise RegistrationError(
                    str(_("No seat is free: cancel a registration or raise the capacity first.")),
                    code="no_seat",
                )
            if len(ahead_and_them) > free:
                raise RegistrationError(
                    str(
                        _(
                            "%(ahead)s people wait ahead of this person for %(free)s free "
                            "seat(s): they move up first."
                        )
                    )
                    % {"ahead": len(ahead_and_them) - 1, "free": free},
                    code="others_ahead",
                )
        for waiting_registration in ahead_and_them:
            _set_status(
                waiting_registration,
                Registration.Status.CONFIRMED,
                now=now,
                change_reason=change_reason,
            )
            _email_after_commit(waiting_registration, EmailKind.PROMOTED)
    return ahead_and_them


def _lock_pending(registration: Registration, *, refusal: str) -> tuple[Workshop, Registration]:
    """Inside a transaction: the workshop and the registration locked, the registration still
    pending (someone else may have decided a moment ago)."""
    workshop = _lock_workshop(registration.workshop_id)
    registration = _lock_registration(registration.pk)
    if registration.status != Registration.Status.PENDING:
        raise RegistrationError(refusal, code="not_pending")
    return workshop, registration


def registration_approve(
    *,
    registration: Registration,
    now: dt.datetime | None = None,
    change_reason: str | None = None,
) -> Registration:
    """Staff approve a pending registration: it takes a free seat, or joins the waiting list
    when the workshop is full. The person is told either way. (Who did it is recorded by the
    history middleware.)"""
    now = now or timezone.now()
    with transaction.atomic():
        workshop, registration = _lock_pending(
            registration, refusal=str(_("Only a registration pending approval can be approved."))
        )
        _fill_free_seats(workshop, now=now, change_reason=change_reason)
        _set_status(registration, _seat_or_waitlist(workshop), now=now, change_reason=change_reason)
        _email_after_commit(registration, EmailKind.APPROVED)
    return registration


def registration_decline(
    *,
    registration: Registration,
    now: dt.datetime | None = None,
    change_reason: str | None = None,
) -> Registration:
    """Staff decline a pending registration; the person is told."""
    now = now or timezone.now()
    with transaction.atomic():
        _workshop, registration = _lock_pending(
            registration, refusal=str(_("Only a registration pending approval can be declined."))
        )
        _set_status(
            registration, Registration.Status.DECLINED, now=now, change_reason=change_reason
        )
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


def registration_revoke_feed_token(*, registration: Registration) -> Registration:
    """Replace the calendar feed key: calendars subscribed with the old address stop
    receiving the feed at once (it answers 404); the personal link is unchanged."""
    with transaction.atomic():
        registration = _lock_registration(registration.pk)
        registration.feed_token = new_feed_token()
        registration.save(update_fields=["feed_token", "updated_at"])
    return registration


def participant_refresh_search_text(participant: Participant) -> None:
    """Set (not save) the folded search column from the participant's name, e-mail and code.

    Every service that creates or renames a participant calls this before saving."""
    participant.search_text = participant_search_text(
        full_name=participant.full_name, email=participant.email, code=participant.code
    )


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
