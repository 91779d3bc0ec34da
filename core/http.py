"""Project-wide pages that belong to no domain: error pages; the client address that rate
limits count by; public media served without letting a stored file act as a web page."""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils._os import safe_join

from core.uploads import ACCEPTED_TYPES, JPEG, PNG, FileRefused, FileType, detect_type


def rate_limited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "429.html", status=429)


def client_ip(request: HttpRequest) -> str:
    """The visitor's address. Behind TRUSTED_PROXY_COUNT reverse proxies, REMOTE_ADDR is the
    nearest proxy's (every visitor would share one limit), so take the address the outermost
    trusted proxy appended to X-Forwarded-For; entries to its left are whatever the client
    typed and are never trusted. Empty for a request that never came over the network (a
    test client's force_login signs in without one)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def posted_data(request: HttpRequest):
    """The submitted data on a POST (even an empty one, so its errors show), else None."""
    return request.POST if request.method == "POST" else None


# What the project itself writes under MEDIA_ROOT: partner logos (PNG, JPEG) and outcome
# documents (PDF and office formats), each checked by core.uploads before it was stored.
PUBLIC_MEDIA_TYPES = {ext: kind for kind in ACCEPTED_TYPES for ext in kind.extensions}
# Images the project checked may show in a page; everything else is downloaded, never rendered.
INLINE_MEDIA_TYPES = (PNG, JPEG)


def media_headers(response: HttpResponse, *, file_type: FileType, filename: str) -> None:
    disposition = "inline" if file_type in INLINE_MEDIA_TYPES else "attachment"
    response["Content-Type"] = file_type.content_type
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser were to render it, a stored file runs no script and reaches nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"


def serve_public_media(request: HttpRequest, path: str) -> FileResponse:
    """A file under MEDIA_ROOT, only when its name and its content are a type the project
    writes; anything else (a .html, a .js, an SVG, a web page named .png) is not found. The
    production proxy follows the same rule (README "Deployment")."""
    extension = PurePosixPath(path).suffix.lower()
    file_type = PUBLIC_MEDIA_TYPES.get(extension)
    if file_type is None:
        raise Http404
    try:
        full_path = safe_join(settings.MEDIA_ROOT, path)
        handle = open(full_path, "rb")  # noqa: SIM115 (FileResponse closes it)
    except (SuspiciousFileOperation, ValueError, OSError):
        raise Http404 from None
    try:
        if detect_type(handle) != file_type:
            raise Http404
    except (FileRefused, Http404):
        handle.close()
        raise Http404 from None
    handle.seek(0)
    response = FileResponse(handle)
    media_headers(response, file_type=file_type, filename=PurePosixPath(path).name)
    return response
