"""The staff page for API tokens: list, create (the secret shown once), revoke."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from api import selectors, services
from api.forms import ApiTokenForm
from offices.permissions import staff_required


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
            for field, field_errors in error.message_dict.items():
                target = "expires_on" if field == "expires_at" else field
                for message in field_errors:
                    form.add_error(target if target in form.fields else None, message)
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
