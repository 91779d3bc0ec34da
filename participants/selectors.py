"""Read-side queries about participants, registrations and attendance."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.utils import timezone

from certificates.models import Certificate
from participants.models import Attendance, Participant, Registration
from participants.search import fold
from workshops import selectors as workshop_selectors
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
    *, workshop: Workshop, registrations: QuerySet[Registration] | None = None
) -> dict[int, AttendanceSummary]:
    """Summary per registration id, in three queries whatever the number of people."""
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


class RegistrationWindow(StrEnum):
    """Whether a workshop takes registrations now, and if not, why (the page says so)."""

    OPEN = "open"
    NOT_YET_OPEN = "not_yet_open"
    CLOSED = "closed"
    WORKSHOP_CANCELLED = "cancelled"
    NOT_PUBLISHED = "not_published"


def workshop_registration_window(
    *, workshop: Workshop, now: dt.datetime | None = None
) -> RegistrationWindow:
    """Open while the workshop is published, its window has begun and not ended, and its last
    day (in its own time zone) has not passed."""
    now = now or timezone.now()
    if workshop.status == Workshop.Status.CANCELLED:
        return RegistrationWindow.WORKSHOP_CANCELLED
    if workshop.status == Workshop.Status.DRAFT:
        return RegistrationWindow.NOT_PUBLISHED
    if workshop.status != Workshop.Status.PUBLISHED:
        return RegistrationWindow.CLOSED
    if workshop.registration_opens_at and now < workshop.registration_opens_at:
        return RegistrationWindow.NOT_YET_OPEN
    if workshop.registration_closes_at and now >= workshop.registration_closes_at:
        return RegistrationWindow.CLOSED
    if workshop.end_date < now.astimezone(workshop.zone).date():
        return RegistrationWindow.CLOSED
    return RegistrationWindow.OPEN


def workshop_confirmed_count(*, workshop: Workshop) -> int:
    return workshop.registrations.filter(status=Registration.Status.CONFIRMED).count()


def workshop_seats_left(*, workshop: Workshop) -> int | None:
    """Free seats for confirmed participants; None when the workshop has no limit."""
    if workshop.capacity is None:
        return None
    return max(workshop.capacity - workshop_confirmed_count(workshop=workshop), 0)


def workshop_waitlist(*, workshop: Workshop) -> QuerySet[Registration]:
    """Waitlisted registrations, first come first served."""
    return workshop.registrations.filter(status=Registration.Status.WAITLISTED).order_by(
        "created_at", "id"
    )


def registration_waitlist_position(*, registration: Registration) -> int | None:
    """1 for the next person to get a seat; None when not on the waiting list."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = workshop_waitlist(workshop=registration.workshop).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, id__lt=registration.id)
    )
    return ahead.count() + 1


def registration_get_by_token(*, token: str) -> Registration:
    """The registration behind a personal link. Raises Registration.DoesNotExist."""
    return Registration.objects.select_related("participant", "workshop__office__region").get(
        token=token
    )


def find_participant_by_email(*, email: str) -> Participant | None:
    return Participant.objects.filter(email__iexact=email.strip()).first()


@dataclass(frozen=True)
class StaffRegistrationLists:
    """A workshop's registrations as the staff page shows them, each list in its order."""

    pending: list[Registration]
    waitlisted: list[Registration]
    confirmed: list[Registration]
    seats_left: int | None


def registration_lists_for_staff(*, workshop: Workshop) -> StaffRegistrationLists:
    """Three lists in one query, whatever the number of people."""
    live = (
        workshop.registrations.filter(status__in=Registration.LIVE_STATUSES)
        .select_related("participant")
        .order_by("created_at", "id")
    )
    by_status: dict[str, list[Registration]] = {status: [] for status in Registration.LIVE_STATUSES}
    for registration in live:
        by_status[registration.status].append(registration)
    confirmed = by_status[Registration.Status.CONFIRMED]
    seats_left = None if workshop.capacity is None else max(workshop.capacity - len(confirmed), 0)
    return StaffRegistrationLists(
        pending=by_status[Registration.Status.PENDING],
        waitlisted=by_status[Registration.Status.WAITLISTED],
        confirmed=confirmed,
        seats_left=seats_left,
    )


# --- personal calendar feed -------------------------------------------------------------------


def participant_get_by_feed_token(*, token: str) -> Participant:
    """The person a personal link belongs to. Unknown tokens and anonymised people raise
    Participant.DoesNotExist (the feed answers 404)."""
    return Participant.objects.filter(anonymised_at__isnull=True).get(registrations__token=token)


def _personal_feed_registrations(*, participant: Participant) -> QuerySet[Registration]:
    """The person's live registrations at public workshops (a cancelled registration drops out
    at once; a cancelled workshop stays marked cancelled for the retention period)."""
    return (
        Registration.objects.filter(participant=participant, status__in=Registration.LIVE_STATUSES)
        .exclude(workshop__status=Workshop.Status.DRAFT)
        .exclude(
            workshop__status=Workshop.Status.CANCELLED,
            workshop__end_date__lt=workshop_selectors.calendar_cutoff(),
        )
    )


def registration_list_personal_feed(*, participant: Participant) -> QuerySet[Registration]:
    """What the personal feed shows, workshops and sessions fetched in three queries."""
    return (
        _personal_feed_registrations(participant=participant)
        .select_related("workshop")
        .prefetch_related(workshop_selectors.calendar_sessions_prefetch("workshop__sessions"))
        .order_by("workshop__start_date", "pk")
    )


def personal_feed_version(*, participant: Participant) -> workshop_selectors.FeedVersion:
    """The personal feed's validators from two aggregates."""
    registrations = _personal_feed_registrations(participant=participant)
    registration_totals = registrations.aggregate(
        count=Count("pk"),
        updated=Max("updated_at"),
        workshops_updated=Max("workshop__updated_at"),
    )
    session_totals = Session.objects.filter(workshop__registrations__in=registrations).aggregate(
        count=Count("pk"), latest=Max("updated_at")
    )
    return workshop_selectors.feed_version(
        "personal",
        participant.pk,
        registration_totals,
        session_totals,
        last_modified=workshop_selectors.latest_moment(
            registration_totals["updated"],
            registration_totals["workshops_updated"],
            session_totals["latest"],
        ),
    )


# ---------------------------------------------------------------------------------------
# Check-in and the attendance matrix (issue 4)
# ---------------------------------------------------------------------------------------

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


# --- personal data (issue 10) -----------------------------------------------------------------


def participants_due_for_purge(*, now: dt.datetime | None = None) -> QuerySet[Participant]:
    """People not yet anonymised whose every workshop ended more than the retention period
    ago (PERSONAL_DATA_RETENTION_DAYS; MINORS_DATA_RETENTION_DAYS for under-18s). Someone
    with no registration at all counts from the day their record was created."""
    now = now or timezone.now()
    today = now.date()
    adult_cutoff = today - dt.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    minor_cutoff = today - dt.timedelta(days=settings.MINORS_DATA_RETENTION_DAYS)
    people = Participant.objects.filter(anonymised_at__isnull=True).annotate(
        last_workshop_end=Max("registrations__workshop__end_date")
    )

    def past(cutoff: dt.date) -> Q:
        return Q(last_workshop_end__lt=cutoff) | Q(
            last_workshop_end__isnull=True, created_at__date__lt=cutoff
        )

    return people.filter(
        (Q(is_minor=False) & past(adult_cutoff)) | (Q(is_minor=True) & past(minor_cutoff))
    ).order_by("pk")


@dataclass(frozen=True)
class StatisticsRow:
    country: str
    sector: str
    registrations: int


def registration_statistics(*, workshops: QuerySet[Workshop]) -> list[StatisticsRow]:
    """Confirmed registrations counted by country and sector: the anonymous figures that
    outlive the names (anonymisation keeps both columns)."""
    rows = (
        Registration.objects.filter(workshop__in=workshops, status=Registration.Status.CONFIRMED)
        .values("participant__country", "participant__sector")
        .annotate(total=Count("pk"))
        .order_by("participant__country", "participant__sector")
    )
    return [
        StatisticsRow(
            country=row["participant__country"],
            sector=row["participant__sector"],
            registrations=row["total"],
        )
        for row in rows
    ]


def participant_personal_data(*, participant: Participant) -> dict:
    """Everything held about one person, as plain JSON-ready values (their data.json)."""
    fields = [
        "full_name",
        "email",
        "organisation",
        "sector",
        "job_title",
        "gender",
        "needs",
        "preferred_language",
        "is_minor",
        "guardian_name",
        "guardian_email",
        "code",
    ]
    person: dict[str, object] = {name: getattr(participant, name) for name in fields}
    person["country"] = participant.country.code or ""
    for moment in ("consent_at", "guardian_consent_at", "created_at", "updated_at"):
        value = getattr(participant, moment)
        person[moment] = value.isoformat() if value else None
    registrations = (
        participant.registrations.select_related("workshop")
        .prefetch_related("attendances__session")
        .order_by("created_at", "pk")
    )
    certificates_by_registration: dict[int, list[dict]] = {}
    for certificate in Certificate.objects.filter(registration__participant=participant).order_by(
        "issued_at", "pk"
    ):
        certificates_by_registration.setdefault(certificate.registration_id, []).append(
            {
                "code": certificate.code,
                "name_on_certificate": certificate.holder_name,
                "language": certificate.language,
                "issued_at": certificate.issued_at.isoformat(),
                "status": "revoked"
                if certificate.is_revoked
                else "superseded"
                if certificate.is_superseded
                else "valid",
            }
        )

    def moment(value: dt.datetime | None) -> str | None:
        return value.isoformat() if value else None

    person["registrations"] = [
        {
            "workshop": {
                "title": registration.workshop.title,
                "slug": registration.workshop.slug,
                "start_date": registration.workshop.start_date.isoformat(),
                "end_date": registration.workshop.end_date.isoformat(),
                "city": registration.workshop.city,
            },
            "status": registration.status,
            "source": registration.source,
            "language": registration.language,
            "registered_at": moment(registration.created_at),
            "confirmed_at": moment(registration.confirmed_at),
            "cancelled_at": moment(registration.cancelled_at),
            "erasure_requested_at": moment(registration.erasure_requested_at),
            "certificate_eligibility_override": registration.eligibility_override,
            "attendance": [
                {
                    "session": attendance.session.title,
                    "starts_at": moment(attendance.session.starts_at),
                    "status": attendance.status,
                    "recorded_by_way_of": attendance.method,
                    "minutes_online": attendance.minutes_online,
                }
                for attendance in sorted(
                    registration.attendances.all(), key=lambda a: a.session.starts_at
                )
            ],
            "certificates": certificates_by_registration.get(registration.pk, []),
        }
        for registration in registrations
    ]
    return person


def erasure_requests_for_office(*, workshops: QuerySet[Workshop]) -> QuerySet[Registration]:
    """Pending erasure requests on these workshops, oldest first."""
    return (
        Registration.objects.filter(
            workshop__in=workshops,
            erasure_requested_at__isnull=False,
            participant__anonymised_at__isnull=True,
        )
        .select_related("participant", "workshop")
        .order_by("erasure_requested_at", "pk")
    )


# ---------------------------------------------------------------------------------------
# The staff dashboard (issue 8)
# ---------------------------------------------------------------------------------------


def certificates_to_issue(*, workshops: list[Workshop]) -> dict[int, int]:
    """Per workshop id: confirmed registrations eligible for a certificate (the workshop's rule
    or a staff override) that hold no current certificate. Three queries for any number of
    workshops."""
    by_id = {w.pk: w for w in workshops}
    now = timezone.now()
    held: dict[int, list[Session]] = {pk: [] for pk in by_id}
    for session in Session.objects.filter(
        workshop_id__in=by_id, is_cancelled=False, starts_at__lte=now
    ):
        held[session.workshop_id].append(session)
    current = Certificate.objects.filter(
        registration=OuterRef("pk"), superseded_at__isnull=True, revoked_at__isnull=True
    )
    registrations = list(
        Registration.objects.filter(workshop_id__in=by_id, status=Registration.Status.CONFIRMED)
        .exclude(Exists(current))
        .only("id", "workshop_id", "eligibility_override", "eligibility_override_reason")
    )
    attended: dict[int, set[int]] = {r.id: set() for r in registrations}
    for registration_id, session_id in Attendance.objects.filter(
        registration_id__in=attended.keys(),
        session__is_cancelled=False,
        session__starts_at__lte=now,
        status__in=Attendance.ATTENDED_STATUSES,
    ).values_list("registration_id", "session_id"):
        attended[registration_id].add(session_id)
    counts = dict.fromkeys(by_id, 0)
    for registration in registrations:
        sessions = held[registration.workshop_id]
        mine = attended[registration.id]
        summary = AttendanceSummary(
            sessions_held=len(sessions),
            sessions_attended=len(mine),
            missed_mandatory=tuple(
                s.title for s in sessions if s.is_mandatory and s.id not in mine
            ),
            rule_percent=by_id[registration.workshop_id].min_attendance_percent,
            override=registration.eligibility_override,
            override_reason=registration.eligibility_override_reason,
        )
        if summary.eligible:
            counts[registration.workshop_id] += 1
    return counts
