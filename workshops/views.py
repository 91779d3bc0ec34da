from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from core.page_cache import public_page
from workshops import selectors
from workshops.forms import DocumentFilterForm, WorkshopFilterForm
from workshops.models import OutcomeDocumentFile, Partner, Workshop

WORKSHOPS_PER_PAGE = 20


@public_page
def home(request: HttpRequest) -> HttpResponse:
    upcoming = selectors.workshop_list_upcoming()[:12]
    return render(request, "workshops/home.html", {"workshops": upcoming})


@public_page
def workshop_list(request: HttpRequest) -> HttpResponse:
    form = WorkshopFilterForm(
        request.GET or None,
        countries_offered=selectors.workshop_countries_public(),
        years_offered=selectors.workshop_years_public(),
    )
    filters = {}
    if form.is_bound:
        form.is_valid()
        filters = {
            name: value
            for name, value in form.cleaned_data.items()
            if value not in (None, "") and name not in form.errors
        }
    workshops = selectors.workshop_list_public(**filters)
    page = Paginator(workshops, WORKSHOPS_PER_PAGE).get_page(request.GET.get("page"))
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return render(
        request,
        "workshops/workshop_list.html",
        {
            "form": form,
            "page": page,
            "workshops": page.object_list,
            "query_without_page": query_without_page.urlencode(),
        },
    )


@public_page
def workshop_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        workshop = selectors.workshop_get_public(slug=slug)
    except Workshop.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            "workshop": workshop,
            "registration_window": selectors.workshop_registration_window(workshop=workshop).value,
        },
    )


DOCUMENTS_PER_PAGE = 20


@public_page
def document_list(request: HttpRequest) -> HttpResponse:
    form = DocumentFilterForm(
        request.GET or None, countries_offered=selectors.document_countries_public()
    )
    filters = form.filters()
    if "q" in filters:
        filters["query"] = filters.pop("q")
    documents = selectors.document_list_public(**filters)
    page = Paginator(documents, DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return render(
        request,
        "workshops/document_list.html",
        {
            "form": form,
            "page": page,
            "documents": page.object_list,
            "query_without_page": query_without_page.urlencode(),
        },
    )


def document_download(request: HttpRequest, document_id: int, language: str) -> FileResponse:
    """A published document's file, as an attachment with its checked content type."""
    try:
        document_file = selectors.document_file_get_public(
            document_id=document_id, language=language
        )
    except OutcomeDocumentFile.DoesNotExist:
        raise Http404 from None
    return file_download_response(document_file)


def file_download_response(document_file: OutcomeDocumentFile) -> FileResponse:
    """The stored file under its sanitised original name. The content type was decided from the
    content at upload; nosniff keeps browsers from second-guessing it."""
    try:
        stream = document_file.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=document_file.original_filename or f"document-{document_file.language}",
        content_type=document_file.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@public_page
def partner_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "workshops/partner_list.html", {"partners": selectors.partner_list_public()}
    )


@public_page
def partner_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        partner = selectors.partner_get_public(slug=slug)
    except Partner.DoesNotExist:
        raise Http404 from None
    return render(request, "workshops/partner_detail.html", {"partner": partner})


@public_page
def country_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "workshops/country_list.html", {"countries": selectors.country_list_public()}
    )
