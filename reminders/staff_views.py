"""Staff pages for scheduled mail: a workshop's own rules beside its office's defaults, with
when each goes out; and the office's defaults. Another office's workshop is a 404; a viewer
sees, only office staff change."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from offices.permissions import staff_required
from reminders import selectors
from reminders.forms import MailRuleFormSet
from reminders.services import mail_rules_save
from reminders.texts import PLACEHOLDERS
from workshops.access import workshop_for_staff


def _rules_page(request: HttpRequest, *, queryset, can_manage: bool, save, context: dict):
    formset = MailRuleFormSet(
        request.POST if request.method == "POST" else None, queryset=queryset, prefix="rules"
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if formset.is_valid():
            try:
                save(formset)
            except (IntegrityError, ValidationError):
                messages.error(request, _("There can be only one rule of each kind."))
            else:
                messages.success(request, _("The mail rules are saved."))
                return redirect(request.path)
    return render(
        request,
        "reminders/staff/rules.html",
        {**context, "formset": formset, "can_manage": can_manage, "placeholders": PLACEHOLDERS},
        status=400 if formset.is_bound else 200,
    )


@staff_required
def workshop_mail_rules(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug)
    return _rules_page(
        request,
        queryset=selectors.workshop_own_rules(workshop=workshop),
        can_manage=request.staff_access.can_manage_office(workshop.office_id),
        save=lambda formset: mail_rules_save(formset=formset, workshop=workshop),
        context={
            "workshop": workshop,
            "schedule": selectors.workshop_mail_schedule(workshop=workshop),
        },
    )


@staff_required
def office_mail_rules(request: HttpRequest) -> HttpResponse:
    office = request.staff_access.office
    if office is None:
        raise PermissionDenied  # headquarters and superusers: each office sets its own
    return _rules_page(
        request,
        queryset=selectors.office_default_rules(office_id=office.pk),
        can_manage=request.staff_access.can_manage_office(office.pk),
        save=lambda formset: mail_rules_save(formset=formset, office=office),
        context={"office": office},
    )
