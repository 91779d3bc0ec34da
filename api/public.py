"""Public endpoints: the same data as the public pages, read through the same selectors, with
no token. Labels follow the `lang` parameter (else the request's language, as on the pages)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django_countries.fields import Country
from django_ratelimit.core import is_ratelimited
from ninja import Query, Router
from ninja.errors import HttpError
from pydantic import BaseModel, Field

from api import schemas
from api.cursors import BadCursor, page_after
from api.limits import address_key
from api.problems import problem
from api.responses import Lang, answer_language, json_answer
from certificates.models import Certificate
from certificates.selectors import (
    certificate_by_code,
    certificate_current_version,
    certificates_by_codes,
    normalise_code,
)
from offices.models import Region
from workshops import selectors
from workshops.models import (
    OutcomeDocument,
    OutcomeDocumentFile,
    Partner,
    UNLanguage,
    Workshop,
)

router = Router(tags=["public"])

PAGE_SIZE = 20
PAGE_SIZE_MAX = 100
PROBLEMS = {
    400: schemas.Problem,
    404: schemas.Problem,
    422: schemas.Problem,
    429: schemas.Problem,
}


def _choice(code: str, name) -> schemas.Choice:
    return schemas.Choice(code=str(code), name=str(name))


def _country(code) -> schemas.Choice | None:
    code = str(code or "")
    return _choice(code, Country(code).name) if code else None


def _office(workshop: Workshop) -> schemas.Office:
    office = workshop.office
    return schemas.Office(
        slug=office.slug, name=office.name, region=_choice(office.region.slug, office.region.name)
    )


def _workshop_fields(request: HttpRequest, workshop: Workshop) -> dict:
    languages = dict(UNLanguage.choices)
    return {
        "slug": workshop.slug,
        "title": workshop.title,
        "summary": workshop.summary,
        "status": _choice(workshop.status, workshop.get_status_display()),
        "format": _choice(workshop.format, workshop.get_format_display()),
        "country": _country(workshop.country),
        "city": workshop.city,
        "start_date": workshop.start_date,
        "end_date": workshop.end_date,
        "time_zone": workshop.time_zone,
        "languages": [
            _choice(code, languages[code]) for code in workshop.languages if code in languages
        ],
        "office": _office(workshop),
        "partners": [
            schemas.PartnerRef(
                slug=role.partner.slug,
                name=role.partner.name,
                acronym=role.partner.acronym,
                role=_choice(role.role, role.get_role_display()),
            )
            for role in workshop.partner_roles.all()
        ],
        "url": request.build_absolute_uri(workshop.get_absolute_url()),
    }


def _document(request: HttpRequest, document: OutcomeDocument, files) -> schemas.DocumentOut:
    return schemas.DocumentOut(
        id=document.pk,
        title=document.title,
        kind=_choice(document.kind, document.get_kind_display()),
        description=document.description,
        year=document.year,
        country=_country(document.effective_country),
        workshop=document.workshop.slug if document.workshop_id else None,
        files=[_document_file(request, document_file) for document_file in files],
    )


def _document_file(request: HttpRequest, document_file: OutcomeDocumentFile):
    return schemas.DocumentFileOut(
        language=_choice(document_file.language, document_file.get_language_display()),
        title=document_file.title,
        content_type=document_file.content_type,
        size=document_file.size,
        sha256=document_file.sha256,
        download_url=request.build_absolute_uri(
            reverse(
                "workshops:document_download",
                args=[document_file.document_id, document_file.language],
            )
        ),
    )


def _bad_cursor() -> HttpError:
    return HttpError(400, _("The cursor is not one this API gave out."))


class WorkshopFilters(BaseModel):
    region: Region.Code | None = None
    country: str | None = Field(
        default=None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166 alpha-2."
    )
    year: int | None = Field(default=None, ge=1900, le=2200)
    cursor: str | None = Field(default=None, max_length=500)
    limit: int = Field(default=PAGE_SIZE, ge=1, le=PAGE_SIZE_MAX)
    lang: Lang | None = None


@router.get("/workshops", response={200: schemas.WorkshopPage, **PROBLEMS})
def workshop_list(request: HttpRequest, filters: Query[WorkshopFilters]) -> HttpResponse:
    """Published, completed and cancelled workshops, newest first (the list page's filters)."""
    region = Region.objects.filter(slug=filters.region).first() if filters.region else None
    if filters.region and region is None:
        workshops = Workshop.objects.none()
    else:
        workshops = selectors.workshop_list_public(
            region=region, country=filters.country or "", year=filters.year
        )
    try:
        rows, next_cursor = page_after(
            workshops,
            order=["-start_date", "title", "pk"],
            cursor=filters.cursor,
            limit=filters.limit,
        )
    except BadCursor:
        raise _bad_cursor() from None
    with answer_language(filters.lang) as language:
        page = schemas.WorkshopPage(
            items=[
                schemas.WorkshopSummary(**_workshop_fields(request, workshop)) for workshop in rows
            ],
            next_cursor=next_cursor,
        )
    return json_answer(request, page, language=language)


@router.get("/workshops/{slug}", response={200: schemas.WorkshopDetail, **PROBLEMS})
def workshop_detail(request: HttpRequest, slug: str, lang: Lang | None = None) -> HttpResponse:
    """A public workshop with its sessions, partners and published documents."""
    try:
        if "\x00" in slug:  # PostgreSQL refuses NUL in a query; no slug holds one
            raise Workshop.DoesNotExist
        workshop = selectors.workshop_get_public(slug=slug)
    except Workshop.DoesNotExist:
        return problem(request, "not-found", detail=_("No public workshop has this slug."))
    with answer_language(lang) as language:
        detail = schemas.WorkshopDetail(
            **_workshop_fields(request, workshop),
            description=workshop.description,
            venue=workshop.venue,
            sessions=[
                schemas.SessionOut(
                    title=session.title,
                    starts_at=session.starts_at,
                    ends_at=session.ends_at,
                    room=session.room,
                    speakers=session.speakers,
                    description=session.description,
                    is_mandatory=session.is_mandatory,
                    is_cancelled=session.is_cancelled,
                )
                for session in workshop.sessions.all()
            ],
            documents=[
                _document(request, document, document.files.all())
                for document in workshop.published_documents
                if document.files.all()
            ],
        )
    return json_answer(request, detail, language=language)


class DocumentFilters(BaseModel):
    language: UNLanguage | None = Field(default=None, description="Has a version in it.")
    kind: OutcomeDocument.Kind | None = None
    region: Region.Code | None = None
    country: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}$")
    year: int | None = Field(default=None, ge=1900, le=2200)
    cursor: str | None = Field(default=None, max_length=500)
    limit: int = Field(default=PAGE_SIZE, ge=1, le=PAGE_SIZE_MAX)
    lang: Lang | None = None


@router.get("/documents", response={200: schemas.DocumentPage, **PROBLEMS})
def document_list(request: HttpRequest, filters: Query[DocumentFilters]) -> HttpResponse:
    """Published outcome documents, newest first, each with its language versions."""
    region = Region.objects.filter(slug=filters.region).first() if filters.region else None
    if filters.region and region is None:
        documents = OutcomeDocument.objects.none()
    else:
        documents = selectors.document_list_public(
            language=filters.language or "",
            kind=filters.kind or "",
            country=filters.country or "",
            region=region,
            year=filters.year,
        )
    try:
        rows, next_cursor = page_after(
            documents, order=["-year", "title", "pk"], cursor=filters.cursor, limit=filters.limit
        )
    except BadCursor:
        raise _bad_cursor() from None
    with answer_language(filters.lang) as language:
        page = schemas.DocumentPage(
            items=[_document(request, document, document.files.all()) for document in rows],
            next_cursor=next_cursor,
        )
    return json_answer(request, page, language=language)


def _partner(partner: Partner) -> schemas.PartnerOut:
    return schemas.PartnerOut(
        slug=partner.slug,
        name=partner.name,
        acronym=partner.acronym,
        kind=_choice(partner.kind, partner.get_kind_display()),
        country=_country(partner.country),
        website=partner.website,
        description=partner.description,
        workshops=[
            schemas.PartnerWorkshop(
                workshop=role.workshop.slug,
                title=role.workshop.title,
                role=_choice(role.role, role.get_role_display()),
            )
            for role in partner.public_roles
        ],
    )


@router.get("/partners", response={200: schemas.PartnerList, **PROBLEMS})
def partner_list(request: HttpRequest, lang: Lang | None = None) -> HttpResponse:
    """Every partner, by name, with its roles at public workshops."""
    with answer_language(lang) as language:
        partners = schemas.PartnerList(
            items=[_partner(partner) for partner in selectors.partner_list_public()]
        )
    return json_answer(request, partners, language=language)


@router.get("/partners/{slug}", response={200: schemas.PartnerOut, **PROBLEMS})
def partner_detail(request: HttpRequest, slug: str, lang: Lang | None = None) -> HttpResponse:
    try:
        if "\x00" in slug:
            raise Partner.DoesNotExist
        partner = selectors.partner_get_public(slug=slug)
    except Partner.DoesNotExist:
        return problem(request, "not-found", detail=_("No partner has this slug."))
    with answer_language(lang) as language:
        answer = _partner(partner)
    return json_answer(request, answer, language=language)


@router.get("/countries", response={200: schemas.CountryList, **PROBLEMS})
def country_list(request: HttpRequest, lang: Lang | None = None) -> HttpResponse:
    """Countries with a public workshop or recorded national work, by name in `lang`."""
    with answer_language(lang) as language:
        countries = schemas.CountryList(
            items=[_choice(code, name) for code, name in selectors.country_list_public()]
        )
    return json_answer(request, countries, language=language)


# Certificate verification --------------------------------------------------------------------


def _verification(code: str, certificate: Certificate | None) -> schemas.Verification:
    if certificate is None:
        return schemas.Verification(code=code, status="unknown")
    workshop = certificate.registration.workshop
    current = certificate_current_version(certificate=certificate)
    if certificate.is_revoked:
        status = "revoked"
    elif certificate.is_superseded:
        status = "superseded"
    else:
        status = "valid"
    return schemas.Verification(
        code=certificate.code,
        status=status,
        holder_name=certificate.holder_name,
        workshop=workshop.title,
        start_date=workshop.start_date,
        end_date=workshop.end_date,
        issuing_office=workshop.office.name,
        issued_at=certificate.issued_at,
        pdf_sha256=certificate.pdf_sha256,
        # The category only: the staff's own words about a revocation never leave the staff area.
        revoked_category=certificate.revoked_category if certificate.is_revoked else None,
        current_code=current.code if certificate.is_superseded else None,
    )


def _over_verify_limit(request: HttpRequest) -> bool:
    # The same limit, counted together, as the public verification page.
    return is_ratelimited(
        request,
        group="certificates:verify",
        key=address_key,
        rate=settings.RATELIMIT_VERIFY,
        increment=True,
    )


def _rate_limited(request: HttpRequest) -> HttpResponse:
    return problem(request, "rate-limited", headers={"Retry-After": "60"})


@router.get(
    "/verify/{code}",
    response={200: schemas.Verification, **PROBLEMS},
)
def verify(request: HttpRequest, code: str, lang: Lang | None = None) -> HttpResponse:
    """One certificate by its code (any case, dashes and spaces allowed). An unknown code is
    not found; the bulk endpoint answers it with status `unknown` instead."""
    if _over_verify_limit(request):
        return _rate_limited(request)
    canonical = normalise_code(code)
    certificate = None if "\x00" in canonical else certificate_by_code(code=canonical)
    if certificate is None:
        return problem(request, "not-found", detail=_("No certificate has this code."))
    with answer_language(lang) as language:
        answer = _verification(canonical, certificate)
    return json_answer(request, answer, language=language)


@router.post(
    "/verify",
    response={200: schemas.VerificationList, **PROBLEMS},
)
def verify_many(
    request: HttpRequest, payload: schemas.VerifyRequest, lang: Lang | None = None
) -> HttpResponse:
    """Up to 100 codes at once; the answers come in the order of the codes."""
    if _over_verify_limit(request):
        return _rate_limited(request)
    canonical = [normalise_code(code) for code in payload.codes]
    found = certificates_by_codes(codes=[code for code in canonical if "\x00" not in code])
    with answer_language(lang) as language:
        answer = schemas.VerificationList(
            items=[_verification(code, found.get(code)) for code in canonical]
        )
    return json_answer(request, answer, language=language)
