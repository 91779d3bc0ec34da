"""RFC 9457 problem details: every error of the API in one shape, with a stable `type` URI per
kind of problem, so a client can branch on the kind without parsing the English title."""

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "/api/v1/problems/"

# kind -> (HTTP status, title). The kind is the last part of the `type` URI and never changes.
KINDS: dict[str, int] = {
    "malformed-request": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "not-found": 404,
    "method-not-allowed": 405,
    "conflict": 409,
    "validation": 422,
    "rate-limited": 429,
}


def _title(kind: str) -> str:
    titles = {
        "malformed-request": _("The request could not be read."),
        "unauthorized": _("A valid API token is needed."),
        "forbidden": _("This token may not do that."),
        "not-found": _("Not found."),
        "method-not-allowed": _("This method is not allowed here."),
        "conflict": _("The rules refuse this change; nothing was changed."),
        "validation": _("Some values are not valid."),
        "rate-limited": _("Too many requests."),
    }
    return titles[kind]


def problem(
    request: HttpRequest,
    kind: str,
    *,
    detail: str = "",
    errors: list[dict] | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    body: dict = {
        "type": PROBLEM_BASE + kind,
        "title": _title(kind),
        "status": KINDS[kind],
        "instance": request.path,
    }
    if detail:
        body["detail"] = detail
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(body, status=KINDS[kind], content_type=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response
