from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from api.problems import problem


def docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI over /api/v1/openapi.json, from vendored files, started by a static script."""
    return render(request, "api/docs.html")


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under /api/: a problem document, not the site's HTML page."""
    return problem(request, "not-found", detail=_("No endpoint answers at this address."))
