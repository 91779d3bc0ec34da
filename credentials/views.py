"""The public credential documents (issuer profile, status lists, a certificate's credential)
and the check of an uploaded certificate PDF or credential JSON."""

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from certificates.models import Certificate
from certificates.selectors import certificate_by_code, current_certificate_for_token
from core.http import rate_limited
from credentials import documents
from credentials.forms import CredentialUploadForm
from credentials.selectors import UploadRefused, published_keys, status_list_by_name, upload_check
from credentials.services import credential_for_certificate, status_list_document

LD_JSON = "application/ld+json"
PUBLIC_DOCUMENT_SECONDS = 5 * 60  # a revocation reaches caches within five minutes


def _ld_response(content: str, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(content, content_type=f"{LD_JSON}; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    # Anyone's verifier or wallet may fetch these from a page of its own.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _over_limit(request: HttpRequest, group: str) -> bool:
    return is_ratelimited(
        request, group=group, key="ip", rate=settings.RATELIMIT_VERIFY, increment=True
    )


@require_GET
def issuer(request: HttpRequest) -> HttpResponse:
    profile = documents.issuer_profile(published_keys())
    response = _ld_response(json.dumps(profile, indent=2))
    patch_cache_control(response, public=True, max_age=PUBLIC_DOCUMENT_SECONDS)
    return response


@require_GET
def status_list(request: HttpRequest, name: str) -> HttpResponse:
    found = status_list_by_name(name=name)
    if found is None:
        raise Http404
    response = _ld_response(status_list_document(status_list=found))
    patch_cache_control(response, public=True, max_age=PUBLIC_DOCUMENT_SECONDS)
    return response


def _credential_response(certificate: Certificate | None) -> HttpResponse:
    entry = credential_for_certificate(certificate=certificate) if certificate else None
    if entry is None:
        raise Http404
    return _ld_response(entry.signed_json, filename=f"credential-{certificate.code}.json")


@require_GET
def verify_credential(request: HttpRequest, code: str) -> HttpResponse:
    """The credential of the certificate with this code, revoked or not (its status says)."""
    if _over_limit(request, "certificates:verify"):
        return rate_limited(request)
    return _credential_response(certificate_by_code(code=code))


@require_GET
def me_credential(request: HttpRequest, token: str) -> HttpResponse:
    """The participant's current certificate's credential, behind their personal key."""
    response = _credential_response(current_certificate_for_token(token=token))
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_http_methods(["GET", "POST"])
def verify_file(request: HttpRequest) -> HttpResponse:
    """Check an uploaded certificate PDF or credential JSON: genuine, unchanged, not revoked."""
    result = error = None
    if request.method == "POST":
        if _over_limit(request, "credentials:verify_file"):
            return rate_limited(request)
        form = CredentialUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = upload_check(data=form.cleaned_data["file"].read(), keys=published_keys())
            except UploadRefused as refused:
                error = str(refused)
    else:
        form = CredentialUploadForm()
    status = 400 if request.method == "POST" and result is None else 200
    return render(
        request,
        "credentials/verify_file.html",
        {"form": form, "result": result, "error": error},
        status=status,
    )
