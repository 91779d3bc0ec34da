"""The staff area's entry: sign-in, the list of one's workshops and a workshop's page.

Other apps add their own staff pages (check-in, certificates, documents) under /staff/ and a
section to the workshop page (templates/staff/sections/)."""

from base64 import b32encode

import segno
from axes.helpers import get_cool_off as axes_cool_off
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token

from participants import selectors as participant_selectors
from workshops import selectors, services, signin
from workshops.forms import DocumentFileForm, DocumentForm
from workshops.models import OutcomeDocument, OutcomeDocumentFile, Workshop
from workshops.permissions import staff_required, workshop_for_staff, workshops_visible_to
from workshops.views import file_download_response


class StaffLoginView(auth_views.LoginView):
    template_name = "staff/login.html"
    redirect_authenticated_user = True


class StaffLogoutView(auth_views.LogoutView):
    next_page = "staff:login"


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The office's day: what is coming, what waits for staff, what happens today."""
    access = request.staff_access
    visible = workshops_visible_to(access)
    workshops = list(
        selectors.staff_workshops_with_counts(visible).order_by("-start_date", "title")
    )
    # Not over yet in the workshop's own time zone, soonest first.
    upcoming = [
        w
        for w in reversed(workshops)
        if w.status in (Workshop.Status.DRAFT, Workshop.Status.PUBLISHED)
        and w.end_date >= w.local_today()
    ]
    past = [
        w
        for w in workshops
        if w.status in (Workshop.Status.PUBLISHED, Workshop.Status.COMPLETED) and w.is_past
    ]
    to_issue = participant_selectors.certificates_to_issue(workshops=past)
    return render(
        request,
        "staff/dashboard.html",
        {
            "workshops": workshops,
            "upcoming": upcoming,
            "pending": [w for w in upcoming if w.pending_count],
            "waitlisted": [w for w in upcoming if w.waitlisted_count],
            "sessions_today": selectors.sessions_today(visible),
            "certificates_to_issue": [(w, to_issue[w.pk]) for w in past if to_issue[w.pk]],
            "can_create": access.may_manage,
        },
    )


@staff_required
def workshop_detail(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug)
    return render(
        request,
        "staff/workshop_detail.html",
        {
            "workshop": workshop,
            "sessions": workshop.sessions.all(),
            "can_manage": request.staff_access.can_manage_office(workshop.office_id),
        },
    )


# Outcome documents --------------------------------------------------------------------------


def _staff_document(workshop: Workshop, document_id: int) -> OutcomeDocument:
    """A document of this workshop (404 for another workshop's, so ids reveal nothing)."""
    return get_object_or_404(OutcomeDocument, pk=document_id, workshop=workshop)


@staff_required
def workshop_documents(request: HttpRequest, slug: str) -> HttpResponse:
    """The workshop's outcome documents; office staff add one here (with its first file)."""
    # Viewers may look; only a change (POST) needs the right to manage.
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=request.method == "POST")
    form = DocumentForm(initial={"year": workshop.end_date.year})
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                document = services.document_create(
                    workshop=workshop,
                    title=data["title"],
                    kind=data["kind"],
                    year=data["year"],
                    description=data["description"],
                    is_published=data["is_published"],
                    language=data["language"],
                    upload=data["file"],
                )
            except services.DocumentError as error:
                form.add_error("file", str(error))
            else:
                messages.success(
                    request,
                    _("“%(title)s” was added.") % {"title": document.title},
                )
                return redirect("staff:workshop_documents", slug=workshop.slug)
    documents = list(
        workshop.documents.prefetch_related(
            Prefetch("files", queryset=OutcomeDocumentFile.objects.order_by("id"))
        ).order_by("-year", "title")
    )
    for document in documents:
        # One small form per document; distinct ids keep every label tied to its own field.
        document.file_form = DocumentFileForm(auto_id=f"id_document{document.pk}_%s")
    return render(
        request,
        "staff/workshop_documents.html",
        {
            "workshop": workshop,
            "documents": documents,
            "form": form,
            "can_manage": request.staff_access.can_manage_office(workshop.office_id),
            "max_megabytes": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
        },
        status=400 if form.errors else 200,
    )


@staff_required
@require_POST
def document_file_add(request: HttpRequest, slug: str, document_id: int) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    document = _staff_document(workshop, document_id)
    form = DocumentFileForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("staff:workshop_documents", slug=workshop.slug)
    try:
        added = services.document_file_add(
            document=document,
            language=form.cleaned_data["language"],
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
        )
    except services.DocumentError as error:
        messages.error(
            request,
            _("The file was not added to “%(title)s”: %(reason)s")
            % {"title": document.title, "reason": error},
        )
    else:
        messages.success(
            request,
            _("The %(language)s version of “%(title)s” was added.")
            % {"language": added.get_language_display(), "title": document.title},
        )
    return redirect("staff:workshop_documents", slug=workshop.slug)


@staff_required
@require_POST
def document_publish(request: HttpRequest, slug: str, document_id: int) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    document = _staff_document(workshop, document_id)
    publish = request.POST.get("publish") == "1"
    services.document_set_published(document=document, is_published=publish)
    if publish:
        messages.success(request, _("“%(title)s” is now public.") % {"title": document.title})
    else:
        messages.success(request, _("“%(title)s” is no longer public.") % {"title": document.title})
    return redirect("staff:workshop_documents", slug=workshop.slug)


@staff_required
@require_POST
def document_delete(request: HttpRequest, slug: str, document_id: int) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    document = _staff_document(workshop, document_id)
    title = document.title
    services.document_delete(document=document)
    messages.success(request, _("“%(title)s” was deleted.") % {"title": title})
    return redirect("staff:workshop_documents", slug=workshop.slug)


@staff_required
@require_POST
def document_file_delete(
    request: HttpRequest, slug: str, document_id: int, language: str
) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    document = _staff_document(workshop, document_id)
    document_file = get_object_or_404(document.files, language=language)
    services.document_file_delete(document_file=document_file)
    messages.success(
        request,
        _("The %(language)s version of “%(title)s” was removed.")
        % {"language": document_file.get_language_display(), "title": document.title},
    )
    return redirect("staff:workshop_documents", slug=workshop.slug)


@staff_required
def document_file_download(
    request: HttpRequest, slug: str, document_id: int, language: str
) -> FileResponse:
    """Staff may download any of their workshops' files, published or not."""
    workshop = workshop_for_staff(request.staff_access, slug=slug)
    document = _staff_document(workshop, document_id)
    return file_download_response(get_object_or_404(document.files, language=language))


# Sign-in security: the second step and enrolling a TOTP device ----------------------------------


def posted_data(request: HttpRequest):
    """The submitted data on a POST (even an empty one, so its errors show), else None."""
    return request.POST if request.method == "POST" else None


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


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
