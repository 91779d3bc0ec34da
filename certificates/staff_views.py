"""Staff pages for a workshop's certificates: issue one or all, follow a batch, download one or
a ZIP of all, revoke. Every view goes through offices.permissions."""

import zipfile
from collections.abc import Iterator

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from certificates.batches import (
    PENDING,
    BatchError,
    batch_create,
    batch_resume,
    batch_settle,
    batch_task,
)
from certificates.forms import RevokeForm
from certificates.models import Certificate, CertificateBatch
from certificates.selectors import current_certificates
from certificates.services import (
    CertificateError,
    certificate_issue,
    certificate_revoke,
)
from certificates.views import certificate_file_response, certificate_pdf_bytes
from offices.permissions import staff_required
from participants.models import Registration
from workshops.access import workshop_for_staff


def _section_url(slug: str) -> str:
    return reverse("staff:workshop", args=[slug]) + "#certificates-heading"


@require_POST
@staff_required
def issue_one(request: HttpRequest, slug: str, registration_id: int) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    registration = get_object_or_404(Registration, pk=registration_id, workshop=workshop)
    try:
        result = certificate_issue(
            registration=registration,
            by=request.user,
            confirm_name=request.POST.get("confirm_name") == "1",
        )
    except CertificateError as error:
        messages.error(request, str(error))
    else:
        name = registration.participant.full_name
        if result.created:
            messages.success(request, _("Certificate issued to %(name)s.") % {"name": name})
        else:
            messages.info(
                request, _("%(name)s's certificate is already up to date.") % {"name": name}
            )
    return redirect(_section_url(slug))


@require_POST
@staff_required
def issue_all(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    batch = batch_create(workshop=workshop, by=request.user)
    return redirect("staff:certificate_batch", slug=slug, batch_id=batch.pk)


@require_GET
@staff_required
def batch_detail(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug)
    batch = batch_settle(batch=get_object_or_404(CertificateBatch, pk=batch_id, workshop=workshop))
    running = batch.status in PENDING
    return render(
        request,
        "certificates/staff/batch_detail.html",
        {
            "workshop": workshop,
            "batch": batch,
            "running": running,
            "task": batch_task(batch=batch) if running else None,
            "can_manage": request.staff_access.can_manage_office(workshop.office_id),
        },
    )


@require_POST
@staff_required
def batch_resume_view(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    batch = get_object_or_404(CertificateBatch, pk=batch_id, workshop=workshop)
    try:
        batch_resume(batch=batch, by=request.user)
    except BatchError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The batch is queued again; it issues what is missing."))
    return redirect("staff:certificate_batch", slug=slug, batch_id=batch.pk)


def _workshop_certificate(
    request: HttpRequest, slug: str, code: str, *, manage: bool
) -> Certificate:
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=manage)
    return get_object_or_404(
        Certificate.objects.select_related("registration"),
        code=code,
        registration__workshop=workshop,
    )


@require_GET
@staff_required
def download(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    return certificate_file_response(_workshop_certificate(request, slug, code, manage=False))


@require_POST
@staff_required
def revoke(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    certificate = _workshop_certificate(request, slug, code, manage=True)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the certificate is revoked."))
        return redirect(_section_url(slug))
    try:
        certificate_revoke(
            certificate=certificate,
            category=form.cleaned_data["category"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except CertificateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Certificate %(code)s revoked.") % {"code": certificate.code})
    return redirect(_section_url(slug))


class _ChunkBuffer:
    """A write-only file for zipfile that hands over what was written so far."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.position = 0

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self.chunks = b"".join(self.chunks), []
        return data


def zip_stream(certificates: list[Certificate]) -> Iterator[bytes]:
    """The PDFs one after another in a ZIP, streamed: memory holds one PDF at a time."""
    buffer = _ChunkBuffer()
    # PDFs are already compressed: store them.
    with zipfile.ZipFile(buffer, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in certificates:
            data = certificate_pdf_bytes(certificate)
            if data is None:
                continue
            archive.writestr(f"certificate-{certificate.code}.pdf", data)
            yield buffer.take()
    yield buffer.take()


@require_GET
@staff_required
def download_zip(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug)
    certificates = list(current_certificates(workshop=workshop))
    if not certificates:
        raise Http404
    response = StreamingHttpResponse(zip_stream(certificates), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="certificates-{workshop.slug}.zip"'
    return response
