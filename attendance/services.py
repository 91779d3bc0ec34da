"""Writes about participants, registrations and attendance.

Registration rules: who gets a seat, who waits, who is told what.

Every change to a workshop's seats happens inside one transaction that first locks the
workshop row (``_lock_workshop``): on PostgreSQL a row lock, on SQLite the database write lock
that an IMMEDIATE transaction takes at BEGIN. Counting confirmed seats and writing the new
status therefore happen with no other writer in between, so a workshop is never overbooked.
E-mails are enqueued as tasks only once the transaction has committed."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from attendance.models import Attendance
from core.events import publish_on_commit
from participants.models import Registration
from participants.staff_services import participant_get_or_create, registration_confirm_for_staff
from workshops.models import Session, Workshop

QR_CONTENT_ID = "participant-qr"


class AttendanceError(Exception):
    """A check-in or attendance change that cannot be made; the message is for staff."""


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
    publish_on_commit("attendance.recorded", attendance_id=attendance.pk)
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
        attendance = Attendance.objects.create(
            registration=registration,
            session=session,
            status=status,
            method=method,
            minutes_online=minutes_online,
            recorded_by=by,
        )
        publish_on_commit("attendance.recorded", attendance_id=attendance.pk)
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
    publish_on_commit("attendance.recorded", attendance_id=attendance.pk)
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
