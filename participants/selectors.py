"""Read-side queries about participants, registrations and attendance."""

from dataclasses import dataclass

from django.db.models import (
    Count,
    Max,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.utils import timezone

from offices.permissions import StaffAccess, scope_to_office
from participants.models import OutgoingEmail, Participant, Registration
from workshops import calendar_selectors
from workshops.models import Session, Workshop


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


def email_is(field: str, email: str) -> Exact:
    """A filter: the address in `field` is `email`, whatever the case of either, compared as
    the participants' unique constraint compares them (LOWER on both sides), so that
    PostgreSQL finds it in that constraint's index. `iexact` compares UPPER()s, which no index
    holds: a scan of every participant (32 ms at 100,000, inside the workshop's lock of every
    registration; 0.5 ms by the index)."""
    return Exact(Lower(field), Lower(Value(email.strip())))


def find_participant_by_email(*, email: str) -> Participant | None:
    return Participant.objects.filter(email_is("email", email)).first()


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
    """The person a calendar feed key belongs to. Unknown or replaced feed keys, personal link
    keys and anonymised people raise Participant.DoesNotExist (the feed answers 404)."""
    return Participant.objects.filter(anonymised_at__isnull=True).get(
        registrations__feed_token=token
    )


def _personal_feed_registrations(*, participant: Participant) -> QuerySet[Registration]:
    """The person's live registrations at public workshops (a cancelled registration drops out
    at once; a cancelled workshop stays marked cancelled for the retention period)."""
    return (
        Registration.objects.filter(participant=participant, status__in=Registration.LIVE_STATUSES)
        .exclude(workshop__status=Workshop.Status.DRAFT)
        .exclude(
            workshop__status=Workshop.Status.CANCELLED,
            workshop__end_date__lt=calendar_selectors.calendar_cutoff(),
        )
    )


def registration_list_personal_feed(*, participant: Participant) -> QuerySet[Registration]:
    """What the personal feed shows, workshops and sessions fetched in three queries."""
    return (
        _personal_feed_registrations(participant=participant)
        .select_related("workshop")
        .prefetch_related(calendar_selectors.calendar_sessions_prefetch("workshop__sessions"))
        .order_by("workshop__start_date", "pk")
    )


def personal_feed_version(*, participant: Participant) -> calendar_selectors.FeedVersion:
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
    return calendar_selectors.feed_version(
        "personal",
        participant.pk,
        registration_totals,
        session_totals,
        last_modified=calendar_selectors.latest_moment(
            registration_totals["updated"],
            registration_totals["workshops_updated"],
            session_totals["latest"],
        ),
    )


@dataclass(frozen=True)
class WorkshopAttendedFrom:
    workshop: Workshop
    participants: int


def workshops_attended_from(*, country: str) -> list[WorkshopAttendedFrom]:
    """Public workshops that have begun and that people from this country took part in
    (confirmed registrations, counted, never named; shown through core.counts, so 1 or 2 read
    "fewer than 3"). Upcoming workshops are left out: who plans to travel where is not public.
    Country: ISO 3166 alpha-2."""
    # Counted from this country's confirmed registrations, then the workshops fetched: as one
    # filtered aggregate over every registration the plan sorted all 300,000 of them (480 ms
    # on the scale dataset, EXPLAIN ANALYZE); this way 54 ms. No index: a tenth of the people
    # are from the country, and their table's sequential scan is 7 ms of that.
    from_here = dict(
        Registration.objects.filter(
            participant__country=country, status=Registration.Status.CONFIRMED
        )
        .values("workshop_id")
        .annotate(people=Count("id"))
        .values_list("workshop_id", "people")
    )
    attended = (
        Workshop.objects.exclude(status=Workshop.Status.DRAFT)
        .filter(pk__in=from_here, start_date__lte=timezone.now().date())
        .select_related("office__region")
        .order_by("-start_date", "title")
    )
    return [WorkshopAttendedFrom(w, from_here[w.pk]) for w in attended]


def outgoing_emails_unsent(*, access: StaffAccess) -> QuerySet[OutgoingEmail]:
    """Failed e-mails first, then those still waiting for a try, of the workshops this staff
    member may see; newest first within each."""
    emails = OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).select_related(
        "registration__participant", "registration__workshop"
    )
    return scope_to_office(emails, access, office_path="registration__workshop__office").order_by(
        "status", "-created_at", "-pk"
    )


def registration_count_live(*, workshop: Workshop) -> int:
    """Pending, confirmed and waitlisted registrations: the people a cancellation reaches."""
    return workshop.registrations.filter(status__in=Registration.LIVE_STATUSES).count()
