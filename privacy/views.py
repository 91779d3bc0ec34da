"""The privacy notice and the person's own rights on their page: a copy of everything held
about them (data.json), and asking for erasure."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.page_cache import public_page
from participants.emails import personal_path
from participants.forms import ErasureRequestForm
from participants.views import registration_or_404
from privacy import selectors, services


@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "participants/privacy.html",
        {
            "contact_email": settings.PRIVACY_CONTACT_EMAIL,
            "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
            "minors_retention_days": settings.MINORS_DATA_RETENTION_DAYS,
        },
    )


@never_cache
@require_safe
def me_data(request: HttpRequest, token: str) -> HttpResponse:
    """Everything held about the person, as a JSON download (their right of access)."""
    registration = registration_or_404(token)
    data = selectors.participant_personal_data(participant=registration.participant)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-cop-workshops-data.json"'
    response["Cache-Control"] = "no-store, private"
    return response


@never_cache
def me_erase(request: HttpRequest, token: str) -> HttpResponse:
    """Ask for erasure (a confirmation box ticked), or withdraw the request."""
    registration = registration_or_404(token)
    form = ErasureRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if request.POST.get("withdraw"):
            services.registration_withdraw_erasure_request(registration=registration)
            messages.success(request, _("Your request for erasure is withdrawn."))
            return redirect(personal_path(registration))
        if form.is_valid():
            services.registration_request_erasure(registration=registration)
            messages.success(
                request,
                _("Your request is recorded. The organisers will erase your data and tell you."),
            )
            return redirect(personal_path(registration))
    return render(
        request,
        "participants/me_erase.html",
        {"registration": registration, "workshop": registration.workshop, "form": form},
        status=400 if form.is_bound else 200,
    )
