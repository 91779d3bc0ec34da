"""Read-side queries for workshops. Each list selector returns a queryset whose cost does not
grow with the number of rows shown (related rows are joined or prefetched)."""

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from workshops.models import (
    OutcomeDocument,
    OutcomeDocumentFile,
    Region,
    Workshop,
    WorkshopPartner,
)


def _public_workshops() -> QuerySet[Workshop]:
    return (
        Workshop.objects.exclude(status=Workshop.Status.DRAFT)
        .select_related("office__region")
        .prefetch_related(
            Prefetch(
                "partner_roles",
                queryset=WorkshopPartner.objects.select_related("partner"),
            )
        )
    )


def workshop_list_public(
    *, region: Region | None = None, country: str = "", year: int | None = None
) -> QuerySet[Workshop]:
    """Published, completed and cancelled workshops (never drafts), newest first."""
    workshops = _public_workshops()
    if region is not None:
        workshops = workshops.filter(office__region=region)
    if country:
        workshops = workshops.filter(country=country.upper())
    if year is not None:
        # A workshop belongs to every year it touches (a New Year's Eve workshop counts twice).
        workshops = workshops.filter(start_date__year__lte=year, end_date__year__gte=year)
    return workshops.order_by("-start_date", "title")


def workshop_list_upcoming(*, today: dt.date | None = None) -> QuerySet[Workshop]:
    """Published workshops not yet over, soonest first. A day of slack covers every time zone."""
    today = today or timezone.now().date()
    return (
        _public_workshops()
        .filter(status=Workshop.Status.PUBLISHED, end_date__gte=today - dt.timedelta(days=1))
        .order_by("start_date", "title")
    )


def workshop_get_public(*, slug: str) -> Workshop:
    """A public workshop with everything its page shows. Raises Workshop.DoesNotExist."""
    published_files = OutcomeDocumentFile.objects.order_by("language")
    return (
        _public_workshops()
        .prefetch_related(
            "sessions",
            "pillars",
            "audiences",
            Prefetch(
                "documents",
                queryset=OutcomeDocument.objects.filter(is_published=True).prefetch_related(
                    Prefetch("files", queryset=published_files)
                ),
                to_attr="published_documents",
            ),
        )
        .get(slug=slug)
    )


def workshop_years_public() -> list[int]:
    """Years that have public workshops, newest first, for the filter form."""
    dates = Workshop.objects.exclude(status=Workshop.Status.DRAFT).dates("start_date", "year")
    return sorted({d.year for d in dates}, reverse=True)


def region_list() -> QuerySet[Region]:
    return Region.objects.all()


def region_get(*, slug: str) -> Region:
    return Region.objects.get(slug=slug)
