"""The staff area's entry: sign-in, the list of one's workshops and a workshop's page.

Other apps add their own staff pages (check-in, certificates, documents) under /staff/ and a
section to the workshop page (templates/staff/sections/)."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offices.permissions import staff_required
from workshops import services
from workshops.access import workshop_for_staff
from workshops.forms import DocumentFileForm, DocumentForm
from workshops.models import OutcomeDocument, OutcomeDocumentFile, Workshop
from workshops.views import file_download_response

# Outcome documents --------------------------------------------------------------------------


def _staff_document(workshop: Workshop, document_id: int) -> OutcomeDocument:
    """A document of this workshop (404 for another workshop's, so ids reveal nothing)."""
    return get_object_or_404(OutcomeDocument, pk=document_id, workshop=workshop)


@staff_required
def workshop_documents(request: HttpRequest, slug: str) -> HttpResponse:
    """The workshop's outcome documents; office staff add one here (with its first file)."""
    # Viewers may look; only a change (POST) needs the right to manage.
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=request.method == "POST")
    form = DocumentForm(initial={"year": workshop.end_date.year}, workshop=workshop)
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES, workshop=workshop)
        if form.is_valid():
            data = form.cleaned_data
            try:
                document = services.document_create(
                    workshop=workshop,
                    texts=form.texts(),
                    kind=data["kind"],
                    year=data["year"],
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
