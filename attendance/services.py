"""Writes about participants, registrations and attendance.

Registration rules: who gets a seat, who waits, who is told what.

Every change to a workshop's seats happens inside one transaction that first locks the
workshop row (``_lock_workshop``): on PostgreSQL a row lock, on SQLite the database write lock
that an IMMEDIATE transaction takes at BEGIN. Counting confirmed seats and writing the new
status therefore happen with no other writer in between, so a workshop is never overbooked.
E-mails are enqueued as tasks only once the transaction has committed."""

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import dateformat, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from attendance.models import Attendance, CheckinAction
from attendance.qr_signing import QrCodeInvalid, qr_payload_verify
from core.events import publish_on_commit
from participants.models import Registration
from participants.selectors import workshop_confirmed_count
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


# --- Check-in actions from devices (offline queues, and the JSON API) ---


@dataclass(frozen=True)
class CheckinActionInput:
    """One action as a device recorded it. `registration_id` names the person, or
    `walk_in_ref` the client id of a walk-in queued before it (not yet given an id); `qr` is the
    scanned signed code, checked again here; a walk-in carries the person's details."""

    client_id: uuid.UUID
    kind: str
    session_id: int
    occurred_at: datetime.datetime
    registration_id: int | None = None
    walk_in_ref: uuid.UUID | None = None
    qr: str = ""
    full_name: str = ""
    email: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class CheckinActionResult:
    """What became of one action: `outcome` is applied, duplicate (seen before: `original`
    says what it was then), lost (another action decided the person's state: `by_device` and
    `by_at` name it, `message` says why) or refused (`message` says why)."""

    client_id: str
    outcome: str
    message: str = ""
    registration_id: int | None = None
    participant_code: str = ""
    present: bool | None = None
    original: str = ""
    by_device: str = ""
    by_at: datetime.datetime | None = None
    warning: str = ""

    def as_json(self) -> dict:
        data = {
            "id": self.client_id,
            "outcome": self.outcome,
            "message": self.message,
            "registration": self.registration_id,
            "code": self.participant_code,
            "present": self.present,
        }
        if self.original:
            data["original"] = self.original
        if self.by_device or self.by_at:
            data["by_device"] = self.by_device
            data["by_at"] = self.by_at.isoformat() if self.by_at else None
        if self.warning:
            data["warning"] = self.warning
        return data


class _Refused(Exception):
    pass


@dataclass(frozen=True)
class _Step:
    """One entry of a person's timeline at a session: a logged action, or (action None) an
    attendance recorded some other way (the online page, the matrix, an import)."""

    at: datetime.datetime
    checks_in: bool
    order: str
    action: CheckinAction | None = None
    recorded_by: str = ""


def _time_label(workshop: Workshop, moment: datetime.datetime) -> str:
    return dateformat.format(timezone.localtime(moment, workshop.zone), "j M H:i:s")


def _device_of(step: _Step) -> str:
    if step.action is None:
        return gettext("the online check-in page (%(user)s)") % {"user": step.recorded_by or "-"}
    actor = step.action.actor.get_username() if step.action.actor else "-"
    return f"{step.action.device_label or gettext('a device')} ({actor})"


def _timeline(
    registration: Registration, session: Session
) -> tuple[list[_Step], Attendance | None]:
    logged = list(
        CheckinAction.objects.filter(
            registration=registration,
            session=session,
            outcome__in=[CheckinAction.Outcome.APPLIED, CheckinAction.Outcome.LOST],
        ).select_related("actor")
    )
    steps = [
        _Step(
            at=action.occurred_at,
            checks_in=action.kind != CheckinAction.Kind.UNDO,
            order=str(action.client_id),
            action=action,
        )
        for action in logged
    ]
    attendance = (
        Attendance.objects.filter(registration=registration, session=session)
        .select_related("recorded_by")
        .first()
    )
    logged_times = {step.at for step in steps if step.checks_in}
    if (
        attendance is not None
        and attendance.status in Attendance.ATTENDED_STATUSES
        and attendance.recorded_at not in logged_times
    ):
        # Recorded some other way: it counts as a check-in at the time it was recorded.
        steps.append(
            _Step(
                at=attendance.recorded_at,
                checks_in=True,
                order="",
                recorded_by=attendance.recorded_by.get_username() if attendance.recorded_by else "",
            )
        )
    steps.sort(key=lambda step: (step.at, step.order))
    return steps, attendance


def _settle(registration: Registration, session: Session) -> _Step:
    """Bring the person's attendance at the session in line with every logged action: the
    latest action decides whether they are present, and when they are, the time is that of
    the earliest check-in since the last undo. A pure function of the set of actions, so
    batches arriving late, twice or in another order end in the same state. Returns the step
    that decided."""
    steps, attendance = _timeline(registration, session)
    last = steps[-1]
    if not last.checks_in:
        if attendance is not None and attendance.status in Attendance.ATTENDED_STATUSES:
            attendance.delete()
        return last
    since = max((i for i, step in enumerate(steps) if not step.checks_in), default=-1)
    winner = steps[since + 1]
    if winner.action is None:
        return winner
    method = {
        CheckinAction.Kind.WALK_IN: Attendance.Method.WALK_IN,
        CheckinAction.Kind.CHECK_IN: Attendance.Method.DOOR,
    }[winner.action.kind]
    if winner.action.scanned:
        method = Attendance.Method.QR
    if attendance is None or attendance.status not in Attendance.ATTENDED_STATUSES:
        attendance, _created = Attendance.objects.update_or_create(
            registration=registration,
            session=session,
            defaults={
                "status": Attendance.Status.PRESENT,
                "method": method,
                "recorded_by": winner.action.actor,
            },
        )
        publish_on_commit("attendance.recorded", attendance_id=attendance.pk)
    if attendance.recorded_at != winner.at:
        # recorded_at is auto_now: the time the person came in is written past save().
        Attendance.objects.filter(pk=attendance.pk).update(recorded_at=winner.at)
    return winner


def _lost_message(action: CheckinAction, winner: _Step, name: str, workshop: Workshop) -> str:
    values = {
        "name": name,
        "time": _time_label(workshop, winner.at),
        "device": _device_of(winner),
    }
    if action.kind == CheckinAction.Kind.UNDO:
        return gettext("%(name)s was checked in again at %(time)s on %(device)s.") % values
    if winner.checks_in:
        return gettext("%(name)s was already checked in at %(time)s on %(device)s.") % values
    return gettext("%(name)s's check-in was undone at %(time)s on %(device)s.") % values


def _registration_for(
    workshop: Workshop, item: CheckinActionInput, walk_ins: dict[uuid.UUID, int | None]
) -> Registration:
    registration_id = item.registration_id
    if item.walk_in_ref is not None:
        if item.walk_in_ref not in walk_ins:
            referred = CheckinAction.objects.filter(
                client_id=item.walk_in_ref, workshop=workshop
            ).first()
            walk_ins[item.walk_in_ref] = referred.registration_id if referred else None
        registration_id = walk_ins[item.walk_in_ref]
        if registration_id is None:
            raise _Refused(gettext("The walk-in this action refers to was not registered."))
    if item.qr:
        try:
            claims = qr_payload_verify(item.qr)
        except QrCodeInvalid as error:
            raise _Refused(str(error)) from None
        if claims.workshop_id != workshop.pk or (
            registration_id is not None and claims.registration_id != registration_id
        ):
            raise _Refused(gettext("This QR code is for another workshop or another person."))
        registration_id = claims.registration_id
    registration = (
        workshop.registrations.select_related("participant").filter(pk=registration_id).first()
        if registration_id is not None
        else None
    )
    if registration is None:
        raise _Refused(gettext("Nobody with this registration in this workshop."))
    return registration


def _walk_in_registration(workshop: Workshop, item: CheckinActionInput) -> tuple[Registration, str]:
    """The walk-in's registration through the participants' services (a known person keeps
    their details; confirmed whatever the capacity) and a warning when past capacity."""
    try:
        participant, _created = participant_get_or_create(
            email=item.email, full_name=item.full_name, organisation=item.organisation
        )
    except ValidationError as error:
        raise _Refused(" ".join(error.messages)) from None
    registration, _changed = registration_confirm_for_staff(
        participant=participant, workshop=workshop, source=Registration.Source.WALK_IN
    )
    warning = ""
    if workshop.capacity is not None:
        confirmed = workshop_confirmed_count(workshop=workshop)
        if confirmed > workshop.capacity:
            warning = gettext(
                "The workshop is over capacity: %(confirmed)s confirmed for %(capacity)s seats."
            ) % {"confirmed": confirmed, "capacity": workshop.capacity}
    return registration, warning


def _apply_one(
    *,
    workshop: Workshop,
    item: CheckinActionInput,
    actor: AbstractBaseUser | None,
    device_label: str,
    walk_ins: dict[uuid.UUID, int | None],
) -> CheckinActionResult:
    action = CheckinAction(
        client_id=item.client_id,
        workshop=workshop,
        kind=item.kind,
        occurred_at=item.occurred_at,
        device_label=device_label[:80],
        actor=actor,
        scanned=bool(item.qr),
    )
    warning = ""
    try:
        with transaction.atomic():
            session = workshop.sessions.filter(pk=item.session_id).first()
            if session is None:
                raise _Refused(gettext("This session belongs to another workshop."))
            action.session = session
            if item.kind == CheckinAction.Kind.WALK_IN:
                registration, warning = _walk_in_registration(workshop, item)
                walk_ins[item.client_id] = registration.pk
            else:
                registration = _registration_for(workshop, item, walk_ins)
            try:
                _check_can_record(registration=registration, session=session)
            except AttendanceError as error:
                raise _Refused(str(error)) from None
            action.registration = registration
            action.outcome = CheckinAction.Outcome.APPLIED
            action.save()
            winner = _settle(registration, session)
    except _Refused as refusal:
        action.outcome = CheckinAction.Outcome.REFUSED
        action.message = str(refusal)[:300]
        action.session = workshop.sessions.filter(pk=item.session_id).first()
        action.save()
        if item.kind == CheckinAction.Kind.WALK_IN:
            walk_ins[item.client_id] = None
        return CheckinActionResult(
            client_id=str(item.client_id), outcome=action.outcome, message=action.message
        )
    name = registration.participant.full_name
    present = winner.checks_in
    wanted = item.kind != CheckinAction.Kind.UNDO
    won = winner.action is not None and winner.action.pk == action.pk
    if won or (not wanted and not present):
        action.message = (
            gettext("%(name)s is checked in.")
            if present
            else gettext("%(name)s is no longer checked in.")
        ) % {"name": name}
        result_outcome = CheckinAction.Outcome.APPLIED
        by_device, by_at = "", None
    else:
        action.message = _lost_message(action, winner, name, workshop)
        result_outcome = CheckinAction.Outcome.LOST
        by_device, by_at = _device_of(winner), winner.at
    if item.kind == CheckinAction.Kind.WALK_IN:
        action.message = gettext("%(name)s is registered and checked in.") % {"name": name}
    CheckinAction.objects.filter(pk=action.pk).update(
        outcome=result_outcome, message=action.message[:300]
    )
    return CheckinActionResult(
        client_id=str(item.client_id),
        outcome=result_outcome,
        message=action.message,
        registration_id=registration.pk,
        participant_code=registration.participant.code,
        present=present,
        by_device=by_device,
        by_at=by_at,
        warning=warning,
    )


def _duplicate_result(workshop: Workshop, earlier: CheckinAction) -> CheckinActionResult:
    if earlier.workshop_id != workshop.pk:
        return CheckinActionResult(
            client_id=str(earlier.client_id),
            outcome=CheckinAction.Outcome.REFUSED,
            message=gettext("This action id was already used for another workshop."),
        )
    present = None
    if earlier.registration_id is not None and earlier.session_id is not None:
        present = Attendance.objects.filter(
            registration_id=earlier.registration_id,
            session_id=earlier.session_id,
            status__in=Attendance.ATTENDED_STATUSES,
        ).exists()
    return CheckinActionResult(
        client_id=str(earlier.client_id),
        outcome="duplicate",
        original=earlier.outcome,
        message=earlier.message,
        registration_id=earlier.registration_id,
        participant_code=earlier.registration.participant.code if earlier.registration else "",
        present=present,
    )


def checkin_undo_logged(
    *,
    workshop: Workshop,
    registration: Registration,
    session: Session,
    by: AbstractBaseUser | None,
) -> None:
    """The online check-in page's undo, logged like a device's, so that a device's check-in
    made before it and synced after it does not bring the person back: the log settles the
    order things happened in, not the order they arrived in."""
    apply_checkin_actions(
        workshop=workshop,
        actions=[
            CheckinActionInput(
                client_id=uuid.uuid4(),
                kind=CheckinAction.Kind.UNDO,
                session_id=session.pk,
                occurred_at=timezone.now(),
                registration_id=registration.pk,
            )
        ],
        actor=by,
        device_label=gettext("the online check-in page"),
    )


def apply_checkin_actions(
    *,
    workshop: Workshop,
    actions: Sequence[CheckinActionInput],
    actor: AbstractBaseUser | None,
    device_label: str = "",
) -> list[CheckinActionResult]:
    """Apply a batch of a device's check-ins, undos and walk-ins to the workshop, each once
    whatever the retries (its client id is remembered), and answer for each in the order given.

    All in one transaction holding the workshop's lock, so two devices syncing at once are
    settled one after the other. Actions are applied in the order they happened (a walk-in
    before the undo that refers to it); each person's state at a session is then settled from
    every action logged on it (`_settle`), so the end state does not depend on the order or the
    number of times batches arrive. Each action has its own savepoint: a refused walk-in leaves
    no half-made registration."""
    results: dict[int, CheckinActionResult] = {}
    walk_ins: dict[uuid.UUID, int | None] = {}
    with transaction.atomic():
        Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
        ids = [item.client_id for item in actions]
        earlier = {
            action.client_id: action
            for action in CheckinAction.objects.filter(client_id__in=ids).select_related(
                "registration__participant"
            )
        }
        first_of: dict[uuid.UUID, CheckinActionResult] = {}
        by_time = sorted(enumerate(actions), key=lambda pair: (pair[1].occurred_at, pair[0]))
        for index, item in by_time:
            if item.client_id in first_of:  # twice in this batch
                first = first_of[item.client_id]
                results[index] = replace(first, outcome="duplicate", original=first.outcome)
                continue
            if item.client_id in earlier:
                results[index] = _duplicate_result(workshop, earlier[item.client_id])
            else:
                results[index] = _apply_one(
                    workshop=workshop,
                    item=item,
                    actor=actor,
                    device_label=device_label,
                    walk_ins=walk_ins,
                )
            first_of[item.client_id] = results[index]
    return [results[index] for index in range(len(actions))]
