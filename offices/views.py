"""Signing in to the staff area: the sign-in and sign-out pages, the second step (TOTP), turning
the second factor on or off, and the page a locked-out login sees."""

from base64 import b32encode

import segno
from axes.helpers import get_cool_off as axes_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token

from core.http import posted_data
from offices import services, signin
from offices.forms import TokenForm
from offices.permissions import staff_required


class StaffLoginView(auth_views.LoginView):
    template_name = "staff/login.html"
    redirect_authenticated_user = True


class StaffLogoutView(auth_views.LogoutView):
    next_page = "staff:login"

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        # Signing out forgets what this browser kept for offline check-in (the roster in
        # IndexedDB, the stored pages, the service worker): nothing of it outlives the session.
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in, for a login with a confirmed TOTP device."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if not signin.needs_second_step(request.user):
        return redirect(next_url or "staff:dashboard")
    form = TokenForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["otp_token"].strip())
        if device is None:
            form.add_error(
                "otp_token", _("That code is not right, or it has expired. Try the current one.")
            )
        else:
            otp_login(request, device)
            return redirect(next_url or "staff:dashboard")
    return render(
        request,
        "staff/verify.html",
        {"form": form, "next": next_url},
        status=400 if form.errors else 200,
    )


@staff_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Turn the TOTP second factor on (scan the QR code, type a code) or off."""
    device = services.totp_device_for(user=request.user)
    form = TokenForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["otp_token"].strip()
        if request.POST.get("action") == "disable":
            if services.totp_device_remove(user=request.user, token=token):
                messages.success(request, _("The second step is off for your account."))
                return redirect("staff:two_factor")
        elif services.totp_device_confirm(device=device, token=token):
            otp_login(request, device)
            messages.success(
                request, _("The second step is on: from now on you will be asked for a code.")
            )
            return redirect("staff:two_factor")
        form.add_error(
            "otp_token", _("That code is not right, or it has expired. Try the current one.")
        )
    qr = None if device.confirmed else segno.make(device.config_url, error="m")
    return render(
        request,
        "staff/two_factor.html",
        {
            "device": device,
            "form": form,
            "qr_data_uri": qr.svg_data_uri(scale=4) if qr else "",
            "secret": b32encode(device.bin_key).decode() if not device.confirmed else "",
        },
        status=400 if form.errors else 200,
    )


def locked_out(request: HttpRequest, response, credentials) -> HttpResponse:
    """django-axes' answer once a username is locked at an address (AXES_LOCKOUT_CALLABLE):
    a page that says what happened and for how long, status 429."""
    return render(
        request,
        "staff/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "minutes": round(axes_cool_off(request).total_seconds() / 60),
        },
        status=429,
    )
