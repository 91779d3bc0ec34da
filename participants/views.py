"""Public pages of registration: the form, the participant's own page (reached only through
the personal link), and the privacy notice. Each view: form -> service -> response."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from core.http import rate_limited
from participants import selectors, services
from participants.emails import personal_path
from participants.forms import (
    ParticipantDetailsForm,
    RegistrationForm,
    looks_like_spam,
)
from participants.models import Registration
from workshops import selectors as workshop_selectors
from workshops.models import Workshop


def registration_rate(group: str, request: HttpRequest) -> str:
    """Read at each request, so the setting can change without a restart of this module."""
    return settings.RATELIMIT_REGISTRATION


def _public_workshop(slug: str) -> Workshop:
    workshop = (
        Workshop.objects.select_related("office__region")
        .exclude(status=Workshop.Status.DRAFT)
        .filter(slug=slug)
        .first()
    )
    if workshop is None:
        raise Http404
    return workshop


def _closed(
    request: HttpRequest, workshop: Workshop, window: workshop_selectors.RegistrationWindow
) -> HttpResponse:
    return render(
        request,
        "participants/registration_closed.html",
        {"workshop": workshop, "window": window.value},
    )


@ratelimit(key="ip", rate=registration_rate, method="POST", block=False)
def register(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = _public_workshop(slug)
    window = workshop_selectors.workshop_registration_window(workshop=workshop)
    if window != workshop_selectors.RegistrationWindow.OPEN:
        return _closed(request, workshop, window)
    if request.method == "POST" and getattr(request, "limited", False):
        return rate_limited(request)
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if looks_like_spam(request.POST):
            return redirect("participants:register_sent", slug=workshop.slug)
        if form.is_valid():
            try:
                services.registration_create(
                    workshop=workshop,
                    details=form.registration_details(),
                    language=request.LANGUAGE_CODE,
                )
            except services.RegistrationClosedError as error:
                return _closed(request, workshop, error.window)
            except services.RegistrationError as error:
                form.add_error(None, error.message)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("participants:register_sent", slug=workshop.slug)
    return render(
        request,
        "participants/register.html",
        {
            "workshop": workshop,
            "form": form,
            "seats_left": selectors.workshop_seats_left(workshop=workshop),
        },
        status=400 if form.is_bound else 200,
    )


def register_sent(request: HttpRequest, slug: str) -> HttpResponse:
    """The same page whatever happened (new, already registered, or a bot), so that the page
    reveals nothing about whether an address is known."""
    workshop = _public_workshop(slug)
    return render(request, "participants/register_sent.html", {"workshop": workshop})


def registration_or_404(token: str) -> Registration:
    """The same 404 for an unknown, replaced or anonymised person's link."""
    try:
        registration = selectors.registration_get_by_token(token=token)
    except Registration.DoesNotExist:
        raise Http404 from None
    if registration.participant.anonymised_at is not None:
        raise Http404
    return registration


@never_cache
def me_edit(request: HttpRequest, token: str) -> HttpResponse:
    registration = registration_or_404(token)
    participant = registration.participant
    form = ParticipantDetailsForm(
        request.POST if request.method == "POST" else None,
        initial=ParticipantDetailsForm.initial_from(participant),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_update_details(
                participant=participant, details=form.details(email=participant.email)
            )
        except services.RegistrationError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your details are saved."))
            return redirect(personal_path(registration))
    return render(
        request,
        "participants/me_edit.html",
        {"registration": registration, "participant": participant, "form": form},
        status=400 if form.is_bound else 200,
    )


@never_cache
def me_cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = registration_or_404(token)
    error = ""
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration)
        except services.RegistrationError as refusal:
            error = refusal.message
        else:
            messages.success(
                request, _("Your registration is cancelled. We have sent you an e-mail.")
            )
            return redirect(personal_path(registration))
    return render(
        request,
        "participants/me_cancel.html",
        {"registration": registration, "workshop": registration.workshop, "error": error},
        status=409 if error else 200,
    )


@never_cache
@require_POST
def me_new_link(request: HttpRequest, token: str) -> HttpResponse:
    registration = registration_or_404(token)
    services.registration_revoke_token(registration=registration)
    return render(
        request, "participants/me_new_link_sent.html", {"workshop": registration.workshop}
    )


@never_cache
@require_POST
def me_new_calendar_link(request: HttpRequest, token: str) -> HttpResponse:
    registration = registration_or_404(token)
    services.registration_revoke_feed_token(registration=registration)
    messages.success(
        request,
        _(
            "Your calendar link is new: the old one no longer works. Subscribe again with the "
            "link below."
        ),
    )
    return redirect(personal_path(registration))
