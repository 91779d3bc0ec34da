"""The staff area's directory pages: the shared partners directory and each office's national
work. Everyone in the staff area reads them; office staff (and a superuser) change them;
viewers and headquarters get 403 on any change, and another office's national work is 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import posted_data
from offices.permissions import offices_manageable_by, staff_required
from workshops import directory_services as services
from workshops.access import national_activities_visible_to, national_activity_for_staff
from workshops.manage_forms import NationalActivityForm, PartnerForm
from workshops.models import NationalActivity, Partner
from workshops.selectors import partner_search


def _form_page(request, template: str, context: dict, form) -> HttpResponse:
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)


def _require_manage(request: HttpRequest) -> None:
    if request.method == "POST" and not request.staff_access.may_manage:
        raise PermissionDenied


# Partners -------------------------------------------------------------------------------------


@staff_required
def partner_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    return render(
        request,
        "staff/partner_list.html",
        {
            "partners": partner_search(query=query),
            "query": query,
            "can_manage": request.staff_access.may_manage,
        },
    )


@staff_required
def partner_create(request: HttpRequest) -> HttpResponse:
    return _partner_form(request, Partner())


@staff_required
def partner_edit(request: HttpRequest, partner_slug: str) -> HttpResponse:
    return _partner_form(request, get_object_or_404(Partner, slug=partner_slug))


def _partner_form(request: HttpRequest, partner: Partner) -> HttpResponse:
    _require_manage(request)
    is_new = partner.pk is None
    form = PartnerForm(posted_data(request), request.FILES or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_save(
                partner=partner,
                fields=form.service_fields(),
                logo=form.cleaned_data["logo_upload"],
            )
        except services.DirectoryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("“%(name)s” was saved.") % {"name": partner.name})
            return redirect("staff:partner_list")
    if form.errors and not is_new:
        partner.refresh_from_db()  # validating changed the instance; show the stored one
    return _form_page(
        request,
        "staff/partner_form.html",
        {"partner": None if is_new else partner, "can_manage": request.staff_access.may_manage},
        form,
    )


# National work --------------------------------------------------------------------------------


@staff_required
def national_work_list(request: HttpRequest) -> HttpResponse:
    access = request.staff_access
    return render(
        request,
        "staff/national_work_list.html",
        {
            "activities": national_activities_visible_to(access).order_by("country", "-year"),
            "can_manage": access.may_manage,
        },
    )


@staff_required
def national_work_create(request: HttpRequest) -> HttpResponse:
    access = request.staff_access
    _require_manage(request)
    return _national_work_form(request, NationalActivity(office=access.office))


@staff_required
def national_work_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = national_activity_for_staff(
        request.staff_access, activity_id=activity_id, manage=request.method == "POST"
    )
    return _national_work_form(request, activity)


def _national_work_form(request: HttpRequest, activity: NationalActivity) -> HttpResponse:
    access = request.staff_access
    is_new = activity.pk is None
    choose_office = is_new and access.office is None  # a superuser picks the office
    form = NationalActivityForm(
        posted_data(request),
        instance=activity,
        offices=offices_manageable_by(access) if choose_office else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.national_activity_save(
                activity=activity,
                fields=form.service_fields(),
                office=form.cleaned_data["office"] if choose_office else access.office,
            )
        except services.DirectoryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("“%(title)s” was saved.") % {"title": activity.title})
            return redirect("staff:national_work_list")
    if form.errors and not is_new:
        activity.refresh_from_db()
    can_manage = access.may_manage if is_new else access.can_manage_office(activity.office_id)
    return _form_page(
        request,
        "staff/national_work_form.html",
        {"activity": None if is_new else activity, "can_manage": can_manage},
        form,
    )


@staff_required
@require_POST
def national_work_delete(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = national_activity_for_staff(
        request.staff_access, activity_id=activity_id, manage=True
    )
    services.national_activity_delete(activity=activity)
    messages.success(request, _("“%(title)s” was deleted.") % {"title": activity.title})
    return redirect("staff:national_work_list")
