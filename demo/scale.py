"""A large made-up history for measuring how costs grow: at scale 1, about 2,000 workshops over
the existing offices, 8,000 sessions, 100,000 participants, 300,000 registrations and
1,000,000 attendance rows. Rows go in with bulk_create in batches, and attendance with one
INSERT ... SELECT per batch of workshops, so scale 1 loads in a few minutes on PostgreSQL.

Everything is made up and marked as such (titles "Scale workshop N", addresses at
scale.invalid), is deterministic for a given seed, and never touches existing rows: it only
adds. `scale` multiplies every count, so a test can run it at 0.001."""

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from attendance.models import Attendance
from core.page_cache import content_changed
from offices.models import RegionalOffice
from participants.models import Participant, Registration
from participants.search import participant_search_text
from workshops.models import Session, Workshop

WORKSHOPS = 2_000
SESSIONS_PER_WORKSHOP = 4
PARTICIPANTS = 100_000
REGISTRATIONS_PER_PARTICIPANT = 3
# One workshop in a hundred draws ten times the people: the big ones (about 1,400 at scale 1).
BIG_WORKSHOP_EVERY = 100
BIG_WORKSHOP_WEIGHT = 10
BATCH = 5_000
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
FIRST_DAY = dt.date(2014, 1, 6)
PARTICIPANT_COUNTRIES = ("VU", "FJ", "EG", "TH", "ET", "BR", "RU", "CH", "KE", "PE")


@dataclass(frozen=True)
class ScaleReport:
    workshops: int
    sessions: int
    participants: int
    registrations: int
    attendance: int


class ScaleError(Exception):
    """The dataset cannot be built (no office to hold the workshops, or it is there already)."""


def _analyze(*models) -> None:
    """Fresh planner statistics for the tables just filled. Until autovacuum gets to them the
    planner takes them for nearly empty: on this dataset it chose a nested loop over every
    session for the attendance matrix (410 ms for one page of it, 2 ms after ANALYZE) and the
    dashboard (365 ms, 69 ms after). The same holds after any bulk load or restore (README)."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _code(number: int) -> str:
    """A participant code that cannot collide: the number in the code alphabet, nine
    characters long where the random codes have eight."""
    digits = ""
    while True:
        number, rest = divmod(number, len(CODE_ALPHABET))
        digits = CODE_ALPHABET[rest] + digits
        if number == 0:
            return "Z" + digits.rjust(8, "2")


def _status(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.85:
        return Registration.Status.CONFIRMED
    if roll < 0.90:
        return Registration.Status.PENDING
    if roll < 0.95:
        return Registration.Status.WAITLISTED
    return Registration.Status.CANCELLED


def build_scale_dataset(*, scale: float = 1.0, seed: int = 16) -> ScaleReport:
    """Add the scaled history. Workshops spread over the years from 2014 to a year from now,
    a few cancelled; past ones get one attendance row per confirmed person and session (one in
    ten absent). Raises ScaleError when there is no office or the dataset exists already."""
    offices = list(RegionalOffice.objects.order_by("pk"))
    if not offices:
        raise ScaleError("No regional office: run seed_demo first.")
    if Workshop.objects.filter(slug__startswith="scale-").exists():
        raise ScaleError("The scale dataset is loaded already.")
    rng = random.Random(seed)
    workshop_count = max(1, round(WORKSHOPS * scale))
    participant_count = max(REGISTRATIONS_PER_PARTICIPANT, round(PARTICIPANTS * scale))
    today = timezone.now().date()
    span = (today + dt.timedelta(days=365) - FIRST_DAY).days

    with transaction.atomic():
        workshops = Workshop.objects.bulk_create(
            [
                _workshop(index, offices[index % len(offices)], span, workshop_count, today)
                for index in range(workshop_count)
            ],
            batch_size=BATCH,
        )
        sessions = Session.objects.bulk_create(
            [s for w in workshops for s in _sessions(w)], batch_size=BATCH
        )
        participants = Participant.objects.bulk_create(
            (_participant(number) for number in range(participant_count)), batch_size=BATCH
        )
        weights = [
            BIG_WORKSHOP_WEIGHT if index % BIG_WORKSHOP_EVERY == 0 else 1
            for index in range(workshop_count)
        ]
        registrations = []
        for participant in participants:
            chosen: set[int] = set()
            wanted = min(REGISTRATIONS_PER_PARTICIPANT, workshop_count)
            while len(chosen) < wanted:
                chosen.add(rng.choices(range(workshop_count), weights)[0])
            registrations += [
                Registration(participant=participant, workshop=workshops[i], status=_status(rng))
                for i in sorted(chosen)
            ]
        Registration.objects.bulk_create(registrations, batch_size=BATCH)
        past = [w.pk for w in workshops if w.end_date < today]
        attendance = sum(
            _insert_attendance(past[start : start + 100]) for start in range(0, len(past), 100)
        )
        content_changed()  # bulk_create sends no signals: the public pages must not lag
    _analyze(Workshop, Session, Participant, Registration, Attendance)
    return ScaleReport(
        workshops=len(workshops),
        sessions=len(sessions),
        participants=len(participants),
        registrations=len(registrations),
        attendance=attendance,
    )


def _workshop(
    index: int, office: RegionalOffice, span: int, count: int, today: dt.date
) -> Workshop:
    start = FIRST_DAY + dt.timedelta(days=index * span // count)
    end = start + dt.timedelta(days=1)
    if index % 50 == 7:
        status = Workshop.Status.CANCELLED
    elif end < today:
        status = Workshop.Status.COMPLETED if index % 3 else Workshop.Status.PUBLISHED
    else:
        status = Workshop.Status.PUBLISHED
    return Workshop(
        title=f"Scale workshop {index}",
        slug=f"scale-{index}",
        office=office,
        country=office.country,
        city=office.city,
        venue="Conference centre",
        time_zone=office.time_zone,
        start_date=start,
        end_date=end,
        status=status,
        summary="A made-up workshop of the scale dataset.",
    )


def _sessions(workshop: Workshop) -> list[Session]:
    zone = zoneinfo.ZoneInfo(workshop.time_zone)
    sessions = []
    for number in range(SESSIONS_PER_WORKSHOP):
        day = workshop.start_date + dt.timedelta(days=number // 2)
        starts = dt.datetime.combine(day, dt.time(9 + 4 * (number % 2)), tzinfo=zone)
        sessions.append(
            Session(
                workshop=workshop,
                title=f"Session {number + 1}",
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=3),
                room="Room A",
                is_mandatory=number == 0,
            )
        )
    return sessions


def _participant(number: int) -> Participant:
    full_name = f"Scale Participant {number}"
    email = f"participant{number}@scale.invalid"
    code = _code(number)
    return Participant(
        full_name=full_name,
        email=email,
        code=code,
        organisation=f"Organisation {number % 500}",
        country=PARTICIPANT_COUNTRIES[number % len(PARTICIPANT_COUNTRIES)],
        search_text=participant_search_text(full_name=full_name, email=email, code=code),
    )


def _insert_attendance(workshop_ids: list[int]) -> int:
    """One row per confirmed registration and session of these workshops, in one statement
    (a tenth absent, the rest present)."""
    if not workshop_ids:
        return 0
    attendance = Attendance._meta.db_table
    registration = Registration._meta.db_table
    session = Session._meta.db_table
    placeholders = ", ".join(["%s"] * len(workshop_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {attendance} (registration_id, session_id, status, method, recorded_at)
            SELECT r.id, s.id,
                   CASE WHEN (r.id + s.id) %% 10 = 0 THEN %s ELSE %s END, %s, s.ends_at
            FROM {registration} r JOIN {session} s ON s.workshop_id = r.workshop_id
            WHERE r.status = %s AND r.workshop_id IN ({placeholders})
            """,  # table names come from the models, every value is a parameter
            [
                Attendance.Status.ABSENT,
                Attendance.Status.PRESENT,
                Attendance.Method.DOOR,
                Registration.Status.CONFIRMED,
                *workshop_ids,
            ],
        )
        return cursor.rowcount
