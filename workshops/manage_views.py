"""Workshop management in the staff area, without the admin: create, edit, publish, cancel,
duplicate, sessions and partners (cancelling, which tells everyone registered, is
participants.staff_views). Office staff manage their own office's workshops (a
superuser any); viewers and headquarters get 403, another office's workshop 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.http import posted_data
from core.importing import upload_discard, upload_stash, upload_unstash
from core.tabular import ImportFileError
from offices.permissions import offices_manageable_by, staff_required
from workshops import services
from workshops.access import workshop_for_staff
from workshops.manage_forms import (
    DuplicateForm,
    SessionForm,
    TranslationsConfirmForm,
    TranslationsImportForm,
    WorkshopForm,
    WorkshopPartnerForm,
    time_zone_of,
)
from workshops.models import Session, Workshop, WorkshopPartner
from workshops.translation_workbook import (
    WorkbookError,
    translations_import,
    translations_workbook,
)


def form_page(request, template: str, context: dict, form) -> HttpResponse:
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)


@staff_required
def workshop_create(request: HttpRequest) -> HttpResponse:
    access = request.staff_access
    offices = offices_manageable_by(access)
    if not access.may_manage:
        raise PermissionDenied
    choose_office = access.office is None  # a superuser picks the office
    zone = time_zone_of(request.POST, access.office.time_zone if access.office else "UTC")
    with timezone.override(zone):
        form = WorkshopForm(posted_data(request), offices=offices if choose_office else None)
        if request.method == "POST" and form.is_valid():
            office = form.cleaned_data["office"] if choose_office else access.office
            try:
                workshop = services.workshop_create(
                    office=office,
                    fields=form.service_fields(),
                    pillars=form.cleaned_data["pillars"],
                    audiences=form.cleaned_data["audiences"],
                )
            except services.WorkshopError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("The draft “%(title)s” was created.") % {"title": workshop.title}
                )
                return redirect("staff:workshop", slug=workshop.slug)
        return form_page(request, "staff/workshop_form.html", {"workshop": None}, form)


@staff_required
def workshop_edit(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    with timezone.override(time_zone_of(request.POST, workshop.time_zone)):
        form = WorkshopForm(posted_data(request), instance=workshop)
        if request.method == "POST" and form.is_valid():
            try:
                services.workshop_update(
                    workshop=workshop,
                    fields=form.service_fields(),
                    pillars=form.cleaned_data["pillars"],
                    audiences=form.cleaned_data["audiences"],
                )
            except services.WorkshopError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The changes were saved."))
                return redirect("staff:workshop", slug=workshop.slug)
        if form.errors:
            # The form changed the instance while validating; show the stored title and slug.
            workshop.refresh_from_db()
        return form_page(request, "staff/workshop_form.html", {"workshop": workshop}, form)


@staff_required
@require_POST
def workshop_publish(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    try:
        services.workshop_publish(workshop=workshop)
    except services.WorkshopError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("“%(title)s” is now public.") % {"title": workshop.title})
    return redirect("staff:workshop", slug=workshop.slug)


@staff_required
def workshop_duplicate(request: HttpRequest, slug: str) -> HttpResponse:
    source = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    form = DuplicateForm(posted_data(request), initial={"title": source.title})
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.workshop_duplicate(
                source=source,
                title=form.cleaned_data["title"],
                slug=form.cleaned_data["slug"],
                start_date=form.cleaned_data["start_date"],
            )
        except services.WorkshopError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The draft “%(title)s” was made from “%(source)s”; check it, then publish it.")
                % {"title": copy.title, "source": source.title},
            )
            return redirect("staff:workshop", slug=copy.slug)
    return form_page(request, "staff/workshop_duplicate.html", {"workshop": source}, form)


# Sessions -------------------------------------------------------------------------------------


@staff_required
def session_create(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    return _session_form(request, workshop, Session(workshop=workshop))


@staff_required
def session_edit(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    session = get_object_or_404(workshop.sessions, pk=session_id)
    return _session_form(request, workshop, session)


def _session_form(request: HttpRequest, workshop: Workshop, session: Session) -> HttpResponse:
    is_new = session.pk is None
    with timezone.override(workshop.zone):
        form = SessionForm(posted_data(request), instance=session)
        if request.method == "POST" and form.is_valid():
            fields = form.cleaned_data
            try:
                if is_new:
                    services.session_create(workshop=workshop, fields=fields)
                else:
                    services.session_update(session=session, fields=fields)
            except services.WorkshopError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("The session “%(title)s” was saved.") % {"title": form.instance.title},
                )
                return redirect("staff:workshop", slug=workshop.slug)
        return form_page(
            request,
            "staff/session_form.html",
            {"workshop": workshop, "session": None if is_new else session},
            form,
        )


@staff_required
@require_POST
def session_delete(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    session = get_object_or_404(workshop.sessions, pk=session_id)
    try:
        services.session_delete(session=session)
    except services.WorkshopError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The session “%(title)s” was deleted.") % {"title": session.title}
        )
    return redirect("staff:workshop", slug=workshop.slug)


# Partners -------------------------------------------------------------------------------------


@staff_required
def workshop_partners(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=request.method == "POST")
    form = WorkshopPartnerForm(posted_data(request), instance=WorkshopPartner(workshop=workshop))
    if request.method == "POST" and form.is_valid():
        try:
            services.workshop_partner_add(
                workshop=workshop,
                partner=form.cleaned_data["partner"],
                role=form.cleaned_data["role"],
            )
        except services.WorkshopError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The partner was added."))
            return redirect("staff:workshop_partners", slug=workshop.slug)
    return form_page(
        request,
        "staff/workshop_partners.html",
        {
            "workshop": workshop,
            "roles": workshop.partner_roles.select_related("partner"),
            "can_manage": request.staff_access.can_manage_office(workshop.office_id),
        },
        form,
    )


@staff_required
@require_POST
def workshop_partner_remove(request: HttpRequest, slug: str, partner_role_id: int) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    role = get_object_or_404(workshop.partner_roles, pk=partner_role_id)
    services.workshop_partner_remove(workshop_partner=role)
    messages.success(request, _("The partner was removed."))
    return redirect("staff:workshop_partners", slug=workshop.slug)


# Audit trail ----------------------------------------------------------------------------------


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@staff_required
@require_safe
def workshop_translations(request: HttpRequest, slug: str) -> HttpResponse:
    """The translator's workbook of the workshop's texts (README "Content in six languages");
    `manage.py import_translations` reads it back."""
    workshop = workshop_for_staff(request.staff_access, slug=slug)
    response = HttpResponse(translations_workbook(workshop), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{workshop.slug}-translations.xlsx"'
    return response


# A confirmation reads the copy kept at the preview, never one the browser sends back: the
# token is tied to this uploader's session and to the workshop.
PENDING_TRANSLATIONS_KEY = "pending_translation_imports"


@staff_required
def workshop_translations_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload the filled translator's workbook, see what it changes (nothing is saved), then
    confirm: all or nothing, as `manage.py import_translations`."""
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    pending = request.session.get(PENDING_TRANSLATIONS_KEY, {})
    form = TranslationsImportForm()
    report = None
    errors: list[str] = []
    token = ""
    if request.method == "POST" and "token" in request.POST:
        confirm = TranslationsConfirmForm(request.POST)
        token = request.POST.get("token", "")
        try:
            if not confirm.is_valid() or pending.get(token) != workshop.pk:
                raise ImportFileError(_("This import has expired; upload the file again."))
            data = upload_unstash(token)
            report = translations_import(workshop=workshop, content=data)
        except (ImportFileError, WorkbookError) as error:
            messages.error(request, str(error))
            return redirect("staff:workshop_translations_import", slug=workshop.slug)
        finally:
            if pending.pop(token, None) is not None:
                request.session[PENDING_TRANSLATIONS_KEY] = pending
                upload_discard(token)
        messages.success(
            request,
            _("Translations imported: %(changed)s texts changed, %(unchanged)s unchanged.")
            % {"changed": len(report.changes), "unchanged": report.unchanged},
        )
        return redirect("staff:workshop", slug=workshop.slug)
    if request.method == "POST":
        form = TranslationsImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data["file"].read()
            try:
                report = translations_import(workshop=workshop, content=data, dry_run=True)
            except WorkbookError as error:
                errors = error.errors
            else:
                if report.changes:
                    token = upload_stash(data)
                    pending[token] = workshop.pk
                    request.session[PENDING_TRANSLATIONS_KEY] = pending
    return render(
        request,
        "staff/workshop_translations_import.html",
        {
            "workshop": workshop,
            "form": form,
            "report": report,
            "errors": errors,
            "confirm_form": TranslationsConfirmForm(initial={"token": token}) if token else None,
        },
    )
