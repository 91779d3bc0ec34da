"""The staff pages for API tokens (list, create with the secret shown once, revoke) and for
webhooks (register with the secret shown once, remove, the delivery log)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from api import selectors, services
from api import webhooks as webhook_services
from api.forms import ApiTokenForm, WebhookForm
from api.models import WebhookEvent
from offices.permissions import staff_required


def _form_errors(form: forms.Form, errors: dict[str, list[str]]) -> None:
    """A service's refusals, each under its field (or the form's)."""
    for field, field_errors in errors.items():
        for message in field_errors:
            form.add_error(field if field in form.fields else None, message)


@staff_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    access = request.staff_access
    may_create = selectors.api_tokens_may_create(access)
    if request.method == "POST" and not may_create:
        raise PermissionDenied
    headquarters = access.office is None
    form = ApiTokenForm(
        request.POST if request.method == "POST" else None, headquarters=headquarters
    )
    secret = None
    if form.is_bound and form.is_valid():
        try:
            _token, secret = services.api_token_create(
                user=request.user,
                office=access.office,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.expires_at(),
            )
        except ValidationError as error:
            errors = error.message_dict
            if "expires_at" in errors:
                errors["expires_on"] = errors.pop("expires_at")
            _form_errors(form, errors)
        else:
            form = ApiTokenForm(headquarters=headquarters)
    response = render(
        request,
        "api/staff/api_tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": selectors.api_tokens_visible_to(access),
            "may_create": may_create,
            "headquarters": headquarters,
        },
    )
    # The secret is on this page once: never keep a copy in a cache.
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@staff_required
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    access = request.staff_access
    token = get_object_or_404(selectors.api_tokens_visible_to(access), pk=token_id)
    if not selectors.api_tokens_may_create(access):
        raise PermissionDenied
    services.api_token_revoke(token=token)
    messages.success(request, _("The token is revoked: it no longer works."))
    return redirect("staff:api_tokens")


@staff_required
def webhooks(request: HttpRequest) -> HttpResponse:
    """The office's webhooks: register one (its secret shown once), see each one's log."""
    access = request.staff_access
    may_manage = selectors.webhooks_may_manage(access)
    if request.method == "POST" and not may_manage:
        raise PermissionDenied
    form = WebhookForm(request.POST if request.method == "POST" else None)
    secret = None
    if form.is_bound and form.is_valid():
        try:
            _webhook, secret = webhook_services.webhook_create(
                office=access.office,
                url=form.cleaned_data["url"],
                description=form.cleaned_data["description"],
                by=request.user,
            )
        except ValidationError as error:
            _form_errors(form, error.message_dict)
        else:
            form = WebhookForm()
    response = render(
        request,
        "api/staff/webhooks.html",
        {
            "form": form,
            "secret": secret,
            "webhooks": selectors.webhooks_visible_to(access),
            "may_manage": may_manage,
            "events": WebhookEvent.choices,
        },
    )
    response["Cache-Control"] = "no-store"  # the secret is on this page once
    return response


@staff_required
def webhook_detail(request: HttpRequest, webhook_id: int) -> HttpResponse:
    """A webhook's delivery log, newest first."""
    access = request.staff_access
    webhook = get_object_or_404(selectors.webhooks_visible_to(access), pk=webhook_id)
    return render(
        request,
        "api/staff/webhook_detail.html",
        {
            "webhook": webhook,
            "deliveries": selectors.webhook_deliveries(webhook=webhook),
            "may_manage": selectors.webhooks_may_manage(access),
        },
    )


@require_POST
@staff_required
def webhook_remove(request: HttpRequest, webhook_id: int) -> HttpResponse:
    access = request.staff_access
    webhook = get_object_or_404(selectors.webhooks_visible_to(access), pk=webhook_id)
    if not selectors.webhooks_may_manage(access):
        raise PermissionDenied
    webhook_services.webhook_remove(webhook=webhook)
    messages.success(request, _("The webhook is removed: nothing more is sent to it."))
    return redirect("staff:webhooks")
