"""Public certificate pages: verification by code, and a participant's own download."""

from django.conf import settings
from django.core.files import File
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited

from certificates.forms import VerifyForm
from certificates.models import Certificate
from certificates.selectors import (
    certificate_by_code,
    certificate_current_version,
    current_certificate_for_token,
    normalise_code,
)
from core.http import rate_limited
from core.page_cache import public_page


def _wants_json(request: HttpRequest) -> bool:
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def _negotiated_type(request: HttpRequest) -> str:
    """What else a verification page depends on (core.page_cache keeps each apart)."""
    return "json" if _wants_json(request) else "html"


def _over_limit(request: HttpRequest) -> bool:
    return is_ratelimited(
        request,
        group="certificates:verify",
        key="ip",
        rate=settings.RATELIMIT_VERIFY,
        increment=True,
    )


def _status(certificate: Certificate) -> str:
    if certificate.is_revoked:
        return "revoked"
    if certificate.is_superseded:
        return "superseded"
    return "valid"


def _as_json(certificate: Certificate, current: Certificate | None) -> dict:
    workshop = certificate.registration.workshop
    return {
        "code": certificate.code,
        "status": _status(certificate),
        "holder_name": certificate.holder_name,
        "workshop": workshop.title,
        "start_date": workshop.start_date.isoformat(),
        "end_date": workshop.end_date.isoformat(),
        "issuing_office": workshop.office.name,
        "issued_at": certificate.issued_at.isoformat(),
        "pdf_sha256": certificate.pdf_sha256,
        # The category only: the staff's own words about a revocation never leave the staff area.
        "revoked_category": certificate.revoked_category if certificate.is_revoked else None,
        "current_code": current.code if current is not None else None,
    }


@require_GET
@public_page
def verify_form(request: HttpRequest) -> HttpResponse:
    if _over_limit(request):
        return rate_limited(request)
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("certificates:verify", code=form.cleaned_data["code"])
    return render(request, "certificates/verify_form.html", {"form": form})


@require_GET
@public_page(variant=_negotiated_type)
def verify(request: HttpRequest, code: str) -> HttpResponse:
    wants_json = _wants_json(request)
    if _over_limit(request):
        if wants_json:
            return JsonResponse({"status": "rate_limited"}, status=429)
        return rate_limited(request)
    canonical = normalise_code(code)
    if canonical != code:
        return redirect("certificates:verify", code=canonical, permanent=True)
    certificate = certificate_by_code(code=canonical)
    if certificate is None:
        if wants_json:
            response = JsonResponse({"code": canonical, "status": "unknown"}, status=404)
        else:
            response = render(
                request,
                "certificates/verify_form.html",
                {"form": VerifyForm(initial={"code": code}), "not_found": code},
                status=404,
            )
    else:
        current = None
        if certificate.is_superseded:
            current = certificate_current_version(certificate=certificate)
        status = 410 if certificate.is_revoked else 200
        if wants_json:
            response = JsonResponse(_as_json(certificate, current), status=status)
        else:
            response = render(
                request,
                "certificates/verify_detail.html",
                {
                    "certificate": certificate,
                    "workshop": certificate.registration.workshop,
                    "current": current,
                    "status": _status(certificate),
                },
                status=status,
            )
    patch_vary_headers(response, ["Accept"])
    return response


def _open_pdf(certificate: Certificate) -> File | None:
    """The certificate's PDF from the private storage (it has no URL), or None when there is
    none or the file is missing."""
    if not certificate.pdf:
        return None
    try:
        return certificate.pdf.storage.open(certificate.pdf.name, "rb")
    except FileNotFoundError:
        return None


def certificate_pdf_bytes(certificate: Certificate) -> bytes | None:
    source = _open_pdf(certificate)
    if source is None:
        return None
    with source:
        return source.read()


def certificate_file_response(certificate: Certificate) -> FileResponse:
    """Stream the PDF; callers have checked who asks (staff views, the personal key)."""
    source = _open_pdf(certificate)
    if source is None:
        raise Http404
    return FileResponse(
        source,
        content_type="application/pdf",
        filename=f"certificate-{certificate.code}.pdf",
    )


@require_GET
def me_certificate(request: HttpRequest, token: str) -> HttpResponse:
    """The participant's current certificate, behind their personal key (404 otherwise)."""
    certificate = current_certificate_for_token(token=token)
    if certificate is None:
        raise Http404
    return certificate_file_response(certificate)
