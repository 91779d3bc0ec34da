from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from workshops import selectors
from workshops.forms import WorkshopFilterForm
from workshops.models import Workshop

WORKSHOPS_PER_PAGE = 20


def home(request: HttpRequest) -> HttpResponse:
    upcoming = selectors.workshop_list_upcoming()[:12]
    return render(request, "workshops/home.html", {"workshops": upcoming})


def workshop_list(request: HttpRequest) -> HttpResponse:
    form = WorkshopFilterForm(request.GET or None)
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


def workshop_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        workshop = selectors.workshop_get_public(slug=slug)
    except Workshop.DoesNotExist:
        raise Http404 from None
    return render(request, "workshops/workshop_detail.html", {"workshop": workshop})
