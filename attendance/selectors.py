"""Read-side queries about participants, registrations and attendance."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import (
    Case,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.models import Attendance
from attendance.qr_signing import QrCodeInvalid, qr_payload_verify
from core.text import fold
from participants.models import Registration
from workshops.models import Session, Workshop


@dataclass(frozen=True)
class AttendanceSummary:
    """Where one registration stands against its workshop's certificate rule."""

    sessions_held: int
    sessions_attended: int
    missed_mandatory: tuple[str, ...]
    rule_percent: int
    override: bool | None = None
    override_reason: str = ""

    @property
    def percent(self) -> int:
        if not self.sessions_held:
            return 0
        return round(100 * self.sessions_attended / self.sessions_held)

    @property
    def meets_rule(self) -> bool:
        """At least the rule's share of the sessions held, and every mandatory one."""
        if not self.sessions_held:
            return False
        share_met = self.sessions_attended * 100 >= self.rule_percent * self.sessions_held
        return share_met and not self.missed_mandatory

    @property
    def eligible(self) -> bool:
        """A staff override, when set, decides; otherwise the rule does."""
        return self.meets_rule if self.override is None else self.override


def sessions_held(*, workshop: Workshop) -> QuerySet[Session]:
    """Sessions that count for attendance: not cancelled, and already started."""
    return workshop.sessions.filter(is_cancelled=False, starts_at__lte=timezone.now())


def attendance_summaries(
    *,
    workshop: Workshop,
    registrations: QuerySet[Registration] | None = None,
    held: list[Session] | None = None,
) -> dict[int, AttendanceSummary]:
    """Summary per registration id, in three queries whatever the number of people (two when
    the caller passes the workshop's `held` sessions it has read already)."""
    if held is None:
        held = list(sessions_held(workshop=workshop))
    held_ids = {s.id for s in held}
    if registrations is None:
        registrations = workshop.registrations.exclude(
            status__in=[Registration.Status.CANCELLED, Registration.Status.DECLINED]
        )
    registrations = list(registrations)
    attended: dict[int, set[int]] = {r.id: set() for r in registrations}
    rows = Attendance.objects.filter(
        registration_id__in=attended.keys(),
        session_id__in=held_ids,
        status__in=Attendance.ATTENDED_STATUSES,
    ).values_list("registration_id", "session_id")
    for registration_id, session_id in rows:
        attended[registration_id].add(session_id)
    mandatory = [s for s in held if s.is_mandatory]
    return {
        r.id: AttendanceSummary(
            sessions_held=len(held),
            sessions_attended=len(attended[r.id]),
            missed_mandatory=tuple(s.title for s in mandatory if s.id not in attended[r.id]),
            rule_percent=workshop.min_attendance_percent,
            override=r.eligibility_override,
            override_reason=r.eligibility_override_reason,
        )
        for r in registrations
    }


def attendance_summary(*, registration: Registration) -> AttendanceSummary:
    summaries = attendance_summaries(
        workshop=registration.workshop,
        registrations=Registration.objects.filter(pk=registration.pk),
    )
    return summaries[registration.pk]


CHECKIN_RESULTS_LIMIT = 20


def checkin_search(*, workshop: Workshop, session: Session, query: str) -> list[Registration]:
    """Registrations whose name, e-mail or code contains the query, folded; one query.

    Each carries `session_status`: its attendance status at the session, or None."""
    folded = fold(query.strip())
    if not folded:
        return []
    status_here = Attendance.objects.filter(registration=OuterRef("pk"), session=session)
    return list(
        workshop.registrations.exclude(status=Registration.Status.DECLINED)
        .filter(participant__search_text__contains=folded)
        .select_related("participant")
        .annotate(session_status=Subquery(status_here.values("status")[:1]))
        .order_by("participant__full_name", "-created_at")[:CHECKIN_RESULTS_LIMIT]
    )


def registration_by_code(*, workshop: Workshop, code: str) -> Registration | None:
    """The live registration of the participant whose code this is (as scanned from a QR)."""
    code = code.strip().upper()
    if not code:
        return None
    return (
        workshop.registrations.filter(participant__code=code)
        .select_related("participant")
        .order_by(
            # A live registration before a cancelled one of the same person.
            Case(
                When(status__in=Registration.LIVE_STATUSES, then=0),
                default=1,
                output_field=IntegerField(),
            ),
            "-created_at",
        )
        .first()
    )


def registration_by_signed_code(*, workshop: Workshop, payload: str) -> Registration:
    """The registration a signed QR code names, once its signature is checked; QrCodeInvalid
    for a forged or altered code, or one of another workshop."""
    claims = qr_payload_verify(payload)
    registration = (
        workshop.registrations.select_related("participant")
        .filter(pk=claims.registration_id)
        .first()
        if claims.workshop_id == workshop.pk
        else None
    )
    if registration is None:
        raise QrCodeInvalid(_("This QR code is for another workshop."))
    return registration


def present_count(*, session: Session) -> int:
    return Attendance.objects.filter(
        session=session,
        status__in=Attendance.ATTENDED_STATUSES,
        registration__status__in=Registration.LIVE_STATUSES,
    ).count()


def matrix_registrations(*, workshop: Workshop) -> QuerySet[Registration]:
    """Who appears in the attendance matrix and exports: everyone not cancelled or declined."""
    return workshop.registrations.exclude(
        status__in=[Registration.Status.CANCELLED, Registration.Status.DECLINED]
    ).order_by("participant__full_name", "id")


MATRIX_ROW_FIELDS = {
    "registration_id": "id",
    "full_name": "participant__full_name",
    "email": "participant__email",
    "organisation": "participant__organisation",
    "country": "participant__country",
    "sector": "participant__sector",
    "job_title": "participant__job_title",
    "code": "participant__code",
    "status": "status",
    "override": "eligibility_override",
    "override_reason": "eligibility_override_reason",
}


def attendance_matrix_rows(
    *,
    workshop: Workshop,
    registrations: QuerySet[Registration] | None = None,
    chunk_size: int = 1000,
) -> Iterator[dict]:
    """One flat dict per registration: its details, `session_<id>` statuses and totals.

    Streams: registrations are read in chunks by primary key, each chunk with its attendance,
    so memory stays flat whatever the number of people (four queries per chunk)."""
    sessions = list(workshop.sessions.all())
    held = {s.id for s in sessions_held(workshop=workshop)}
    mandatory = {s.id: s.title for s in sessions if s.is_mandatory and s.id in held}
    if registrations is None:
        registrations = matrix_registrations(workshop=workshop)
    ordered_ids = list(registrations.values_list("id", flat=True))
    for start in range(0, len(ordered_ids), chunk_size):
        chunk_ids = ordered_ids[start : start + chunk_size]
        values = {
            row["id"]: row
            for row in Registration.objects.filter(id__in=chunk_ids).values(
                *MATRIX_ROW_FIELDS.values()
            )
        }
        statuses: dict[int, dict[int, str]] = {rid: {} for rid in chunk_ids}
        for registration_id, session_id, status in Attendance.objects.filter(
            registration_id__in=chunk_ids
        ).values_list("registration_id", "session_id", "status"):
            statuses[registration_id][session_id] = status
        for registration_id in chunk_ids:
            source = values[registration_id]
            row = {key: source[field] for key, field in MATRIX_ROW_FIELDS.items()}
            mine = statuses[registration_id]
            attended = {
                sid
                for sid, status in mine.items()
                if sid in held and status in Attendance.ATTENDED_STATUSES
            }
            for session in sessions:
                row[f"session_{session.id}"] = mine.get(session.id, "")
            row["summary"] = AttendanceSummary(
                sessions_held=len(held),
                sessions_attended=len(attended),
                missed_mandatory=tuple(t for sid, t in mandatory.items() if sid not in attended),
                rule_percent=workshop.min_attendance_percent,
                override=row["override"],
                override_reason=row["override_reason"],
            )
            yield row


def attendance_list(*, workshop: Workshop) -> QuerySet[Attendance]:
    """Every attendance record of the workshop, by session then person."""
    return (
        Attendance.objects.filter(registration__workshop=workshop)
        .select_related("session")
        .order_by("session__starts_at", "session_id", "registration_id")
    )


def checkin_revoked_ids(*, workshop: Workshop) -> list[int]:
    """Registrations whose QR code no longer admits anyone: cancelled (a person registering
    again gets a new registration, so the replaced one is here too) or declined."""
    return sorted(
        workshop.registrations.filter(
            status__in=[Registration.Status.CANCELLED, Registration.Status.DECLINED]
        ).values_list("pk", flat=True)
    )


def checkin_roster(*, workshop: Workshop) -> dict:
    """What a check-in device keeps to work offline: the sessions, and per registration (not
    declined) the name and its folded form for search, organisation, participant code, status
    and the sessions it is checked in at. Least data: no e-mail addresses. Three queries."""
    sessions = list(workshop.sessions.all())
    present: dict[int, list[int]] = {}
    for registration_id, session_id in Attendance.objects.filter(
        registration__workshop=workshop, status__in=Attendance.ATTENDED_STATUSES
    ).values_list("registration_id", "session_id"):
        present.setdefault(registration_id, []).append(session_id)
    people = [
        {
            "id": registration.pk,
            "name": registration.participant.full_name,
            "search": f"{fold(registration.participant.full_name)} {fold(registration.participant.code)}",
            "organisation": registration.participant.organisation,
            "code": registration.participant.code,
            "status": registration.get_status_display(),
            "live": registration.is_live,
            "present": sorted(present.get(registration.pk, [])),
        }
        for registration in workshop.registrations.exclude(status=Registration.Status.DECLINED)
        .select_related("participant")
        .order_by("participant__full_name", "pk")
    ]
    return {
        "workshop": {
            "id": workshop.pk,
            "slug": workshop.slug,
            "title": workshop.title,
            "last_day": workshop.end_date.isoformat(),
        },
        "sessions": [
            {
                "id": session.pk,
                "title": session.title,
                "starts_at": session.starts_at.isoformat(),
                "cancelled": session.is_cancelled,
            }
            for session in sessions
        ],
        "people": people,
    }


def checkin_roster_expires_at(*, workshop: Workshop, days: int) -> datetime.datetime:
    """When a device must forget the roster: the end of the workshop's last day, in its time
    zone, plus `days`."""
    last = datetime.datetime.combine(
        workshop.end_date + datetime.timedelta(days=days + 1), datetime.time.min
    )
    return last.replace(tzinfo=workshop.zone)
