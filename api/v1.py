"""Version 1 of the API: one NinjaAPI, its error handlers (every error a problem details
document), and the routers of the public and office endpoints."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from api import office, public
from api.limits import AddressLimit, TokenLimit
from api.problems import KINDS, PROBLEM_CONTENT_TYPE, problem

DESCRIPTION = """The programme's workshops, outcome documents, partners and certificate
verification, for partner sites, ministries and the offices' own tools.

Errors are RFC 9457 problem details (`application/problem+json`). Their `type` is one of
`/api/v1/problems/<kind>`, where kind is malformed-request, unauthorized, forbidden,
not-found, method-not-allowed, conflict, validation or rate-limited. Validation problems list each
field at fault in `errors`, with its location in `loc`.

Answers carry an ETag; send it back in `If-None-Match` to get 304 when nothing changed.
Labels (statuses, formats, country names) follow the `lang` parameter, else the request's
Accept-Language; `Content-Language` says which was used."""


class ProblemAwareAPI(NinjaAPI):
    """Describes every error answer as what it is: application/problem+json."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")
        return schema


api = ProblemAwareAPI(
    title="COP Workshops API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url=None,  # our own page serves the vendored Swagger UI (api.views.docs)
    throttle=[AddressLimit(), TokenLimit()],
)
api.add_router("", public.router)
api.add_router("", office.router)


@api.exception_handler(ValidationError)
def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"loc": [str(part) for part in error.get("loc", ())], "msg": str(error.get("msg", ""))}
        for error in exc.errors
    ]
    fields = ", ".join(".".join(error["loc"][1:] or error["loc"]) for error in errors)
    detail = _("Not valid: %(fields)s.") % {"fields": fields}
    return problem(request, "validation", detail=detail, errors=errors)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Throttled (429) is an HttpError too: ninja adds Retry-After to this answer.
    kinds = {status: kind for kind, status in KINDS.items()}
    kind = kinds.get(exc.status_code, "malformed-request")
    return problem(request, kind, detail=str(exc))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, "not-found")
