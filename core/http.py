"""Project-wide pages that belong to no domain: error pages; the client address that rate
limits count by."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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
