"""Read-side queries for workshops. Each list selector returns a queryset whose cost does not
grow with the number of rows shown (related rows are joined or prefetched)."""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import get_language
from django_countries.fields import Country

from core.content_languages import column, columns, content_language
from offices.models import Region
from workshops.models import (
    Audience,
    NationalActivity,
    OutcomeDocument,
    OutcomeDocumentFile,
    Partner,
    Pillar,
    Session,
    Workshop,
    WorkshopPartner,
)


def any_language_contains(fields, query: str, *, prefix: str = "") -> Q:
    """A text of `fields` contains `query` in any of the six languages."""
    condition = Q()
    for name in columns(fields):
        condition |= Q(**{f"{prefix}{name}__icontains": query})
    return condition


def partner_order() -> tuple:
    """Partners by their name in the page's language, else in English (a name missing in the
    page's language would otherwise sort them in no particular order), then by slug."""
    name = Coalesce(
        NullIf(F(column("name", content_language(get_language()) or "en")), Value("")),
        F("name_en"),
        F("name"),
    )
    return (name.asc(), "slug")


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


def workshop_countries_public() -> list[str]:
    """ISO codes of the countries that have public workshops, for the filter form."""
    public = Workshop.objects.exclude(status=Workshop.Status.DRAFT)
    return list(public.order_by().values_list("country", flat=True).distinct())


def region_get(*, slug: str) -> Region:
    return Region.objects.get(slug=slug)


# Outcome documents, partners and countries ----------------------------------------------------


def _public_documents() -> QuerySet[OutcomeDocument]:
    """Published documents with at least one file, never those of a draft workshop."""
    return (
        OutcomeDocument.objects.filter(is_published=True)
        .filter(Q(workshop__isnull=True) | ~Q(workshop__status=Workshop.Status.DRAFT))
        .filter(Exists(OutcomeDocumentFile.objects.filter(document=OuterRef("pk"))))
    )


def document_list_public(
    *,
    language: str = "",
    kind: str = "",
    country: str = "",
    region: Region | None = None,
    year: int | None = None,
    pillar: Pillar | None = None,
    audience: Audience | None = None,
    query: str = "",
) -> QuerySet[OutcomeDocument]:
    """Public outcome documents, newest first, each with all its language versions. A document
    belongs to its own country, or its workshop's when it names none; to its workshop's region,
    or the region of the national work it documents."""
    documents = _public_documents()
    if language:
        documents = documents.filter(
            Exists(OutcomeDocumentFile.objects.filter(document=OuterRef("pk"), language=language))
        )
    if kind:
        documents = documents.filter(kind=kind)
    if country:
        country = country.upper()
        documents = documents.filter(Q(country=country) | Q(country="", workshop__country=country))
    if region is not None:
        in_national_work = NationalActivity.objects.filter(
            documents=OuterRef("pk"), office__region=region
        )
        documents = documents.filter(Q(workshop__office__region=region) | Exists(in_national_work))
    if year is not None:
        documents = documents.filter(year=year)
    if pillar is not None:
        documents = documents.filter(
            Exists(
                Workshop.pillars.through.objects.filter(
                    workshop=OuterRef("workshop"), pillar=pillar
                )
            )
        )
    if audience is not None:
        documents = documents.filter(
            Exists(
                Workshop.audiences.through.objects.filter(
                    workshop=OuterRef("workshop"), audience=audience
                )
            )
        )
    if query:
        matching_file_titles = OutcomeDocumentFile.objects.filter(
            document=OuterRef("pk"), title__icontains=query
        )
        # Every language's text, whatever the page's (README "Content in six languages").
        documents = documents.filter(
            any_language_contains(("title", "description"), query)
            | any_language_contains(("title", "city"), query, prefix="workshop__")
            | Exists(matching_file_titles)
        )
    return (
        documents.select_related("workshop__office__region")
        .prefetch_related(Prefetch("files", queryset=OutcomeDocumentFile.objects.order_by("id")))
        .order_by("-year", "title", "pk")
    )


def document_countries_public() -> list[str]:
    """ISO codes of the countries public documents belong to (their own, or their workshop's
    when they name none), for the filter form's menu."""
    own = _public_documents().exclude(country="").values_list("country", flat=True)
    of_workshop = (
        _public_documents()
        .filter(country="", workshop__isnull=False)
        .values_list("workshop__country", flat=True)
    )
    return sorted(set(own.order_by().distinct()) | set(of_workshop.order_by().distinct()))


def document_file_get_public(*, document_id: int, language: str) -> OutcomeDocumentFile:
    """A published document's file in one language. Raises OutcomeDocumentFile.DoesNotExist."""
    return OutcomeDocumentFile.objects.select_related("document").get(
        document__in=_public_documents(), document_id=document_id, language=language
    )


def _public_partner_roles() -> Prefetch:
    return Prefetch(
        "workshop_roles",
        queryset=WorkshopPartner.objects.exclude(workshop__status=Workshop.Status.DRAFT)
        .select_related("workshop")
        .order_by("-workshop__start_date", "workshop__title", "role"),
        to_attr="public_roles",
    )


def partner_list_public() -> QuerySet[Partner]:
    """Every partner, by name, each with its roles at public workshops."""
    return Partner.objects.prefetch_related(_public_partner_roles()).order_by(*partner_order())


def partner_get_public(*, slug: str) -> Partner:
    """A partner with its roles at public workshops. Raises Partner.DoesNotExist."""
    return Partner.objects.prefetch_related(_public_partner_roles()).get(slug=slug)


@dataclass(frozen=True)
class CountryOverview:
    code: str
    name: str
    workshops_held: list[Workshop]
    national_activities: list[NationalActivity]


def country_overview(*, code: str) -> CountryOverview:
    """What the programme did in one country: public workshops held there and the national COP
    work recorded, with its published documents. Code: ISO 3166 alpha-2."""
    held = list(workshop_list_public(country=code))
    activities = (
        NationalActivity.objects.filter(country=code)
        .select_related("office__region")
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=_public_documents()
                .select_related("workshop")
                .prefetch_related(
                    Prefetch("files", queryset=OutcomeDocumentFile.objects.order_by("id"))
                ),
                to_attr="public_documents",
            )
        )
        .order_by(F("year").desc(nulls_last=True), "kind", "title")
    )
    return CountryOverview(
        code=code,
        name=str(Country(code).name),
        workshops_held=held,
        national_activities=list(activities),
    )


def country_list_public() -> list[tuple[str, str]]:
    """(code, name) of every country with a public workshop or recorded national work, by name."""
    codes = set(
        Workshop.objects.exclude(status=Workshop.Status.DRAFT).values_list("country", flat=True)
    ) | set(NationalActivity.objects.values_list("country", flat=True))
    return sorted(((code, str(Country(code).name)) for code in codes if code), key=lambda c: c[1])


# The staff dashboard ---------------------------------------------------------------------------


def sessions_today(workshops: QuerySet[Workshop], *, now: dt.datetime | None = None) -> list:
    """Sessions happening today in their own workshop's time zone (one query: every zone's
    "today" lies within a day and a half either side of now)."""
    now = now or timezone.now()
    candidates = (
        Session.objects.filter(
            workshop__in=workshops,
            is_cancelled=False,
            starts_at__gte=now - dt.timedelta(hours=36),
            starts_at__lte=now + dt.timedelta(hours=36),
        )
        .select_related("workshop")
        .order_by("starts_at")
    )
    return [
        s for s in candidates if s.local_start().date() == now.astimezone(s.workshop.zone).date()
    ]


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


def partner_search(*, query: str = "") -> QuerySet[Partner]:
    """The partners directory, by name or acronym containing `query` (all when empty)."""
    partners = Partner.objects.order_by(*partner_order())
    query = query.strip()
    if query:
        partners = partners.filter(
            any_language_contains(("name",), query) | Q(acronym__icontains=query)
        )
    return partners
