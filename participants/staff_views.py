"""Staff actions on registrations: approve or decline a pending one, cancel a live one, move
a waitlisted one up to a free seat; correct a registered person's details. The lists themselves are sections of the workshop's staff page
(templates/staff/sections/registrations.html, erasure.html)."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.http import posted_data
from offices.permissions import staff_required
from participants import selectors, services, staff_services
from participants.forms import PersonCorrectionForm
from participants.models import Registration
from workshops.access import workshop_for_staff
from workshops.manage_forms import CancelForm
from workshops.manage_views import form_page
from workshops.services import WorkshopError


def _act_on_registration(
    request: HttpRequest,
    slug: str,
    pk: int,
    action: Callable[..., Registration],
    done: str,
) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    registration = get_object_or_404(
        Registration.objects.select_related("participant"), workshop=workshop, pk=pk
    )
    try:
        registration = action(registration=registration)
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            done
            % {
                "name": registration.participant.full_name,
                "status": registration.get_status_display(),
            },
        )
    return redirect("staff:workshop", slug=workshop.slug)


@require_POST
@staff_required
def registration_approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _act_on_registration(
        request, slug, pk, services.registration_approve, _("%(name)s approved: %(status)s.")
    )


@require_POST
@staff_required
def registration_decline(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _act_on_registration(
        request, slug, pk, services.registration_decline, _("%(name)s declined.")
    )


@require_POST
@staff_required
def registration_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _act_on_registration(
        request,
        slug,
        pk,
        services.registration_cancel_by_staff,
        _("%(name)s's registration is cancelled; they are told by e-mail."),
    )


@require_POST
@staff_required
def registration_promote(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    registration = get_object_or_404(Registration, workshop=workshop, pk=pk)
    try:
        promoted = services.registration_promote(registration=registration)
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Moved up from the waiting list and told by e-mail: %(names)s.")
            % {"names": ", ".join(r.participant.full_name for r in promoted)},
        )
    return redirect("staff:workshop", slug=workshop.slug)


@staff_required
def person_correct(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET: the person's details as a form; POST: the corrections, through the service."""
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    registration = get_object_or_404(
        Registration.objects.select_related("participant"),
        workshop=workshop,
        pk=pk,
        participant__anonymised_at__isnull=True,
    )
    participant = registration.participant
    fields = staff_services.participant_correctable_fields(participant=participant)
    initial = {name: getattr(participant, name) for name in fields}
    form = PersonCorrectionForm(posted_data(request), fields=fields, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = staff_services.participant_correct_details(
                registration=registration, changes=form.cleaned_data, by=request.user
            )
        except services.RegistrationError as error:
            form.add_error(None, error.message)
        else:
            if changed:
                messages.success(
                    request,
                    _("%(name)s's details are corrected.")
                    % {"name": form.cleaned_data["full_name"]},
                )
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("staff:workshop", slug=workshop.slug)
    return form_page(
        request,
        "staff/person_correct.html",
        {"workshop": workshop, "registration": registration, "participant": participant},
        form,
    )


@staff_required
def workshop_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    form = CancelForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            staff_services.workshop_cancel(workshop=workshop, message=form.cleaned_data["message"])
        except WorkshopError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("“%(title)s” is cancelled; everyone registered is being told by e-mail.")
                % {"title": workshop.title},
            )
        return redirect("staff:workshop", slug=workshop.slug)
    live = selectors.registration_count_live(workshop=workshop)
    return form_page(
        request, "staff/workshop_cancel.html", {"workshop": workshop, "live_count": live}, form
    )


@staff_required
def mail_list(request: HttpRequest) -> HttpResponse:
    """E-mails to participants not sent yet: failed for good, or waiting for their next try."""
    return render(
        request,
        "participants/staff/mail.html",
        {
            "emails": selectors.outgoing_emails_unsent(access=request.staff_access)[:500],
            "can_manage": request.staff_access.may_manage,
        },
    )


def _resend(request: HttpRequest, email_ids: list[int] | None) -> HttpResponse:
    if not request.staff_access.may_manage:
        raise PermissionDenied
    count = staff_services.outgoing_emails_resend(access=request.staff_access, email_ids=email_ids)
    messages.success(
        request,
        ngettext(
            "%(count)d e-mail queued to be sent again.",
            "%(count)d e-mails queued to be sent again.",
            count,
        )
        % {"count": count},
    )
    return redirect("staff:mail")


@require_POST
@staff_required
def mail_resend(request: HttpRequest, email_id: int) -> HttpResponse:
    email = get_object_or_404(
        selectors.outgoing_emails_unsent(access=request.staff_access), pk=email_id
    )
    return _resend(request, [email.pk])


@require_POST
@staff_required
def mail_resend_all(request: HttpRequest) -> HttpResponse:
    return _resend(request, None)
