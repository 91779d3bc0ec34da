"""Figures for the staff dashboard and the reports."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from participants.models import Registration
from workshops.models import Workshop


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


def staff_workshops_with_counts(workshops: QuerySet[Workshop]) -> QuerySet[Workshop]:
    """Workshops with their registrations counted by status, in the same query."""

    def count(status: str) -> Count:
        return Count("registrations", filter=Q(registrations__status=status))

    return workshops.annotate(
        confirmed_count=count(Registration.Status.CONFIRMED),
        pending_count=count(Registration.Status.PENDING),
        waitlisted_count=count(Registration.Status.WAITLISTED),
    )
