"""Read-side queries about participants, registrations and attendance."""

import datetime as dt

from django.conf import settings
from django.db.models import (
    Max,
    Q,
    QuerySet,
)
from django.utils import timezone

from certificates.models import Certificate
from participants.models import Participant, Registration
from workshops.models import Workshop


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
