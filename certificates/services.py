"""Issuing, correcting and revoking certificates, one at a time or for a whole workshop.

A certificate is never deleted: when what it prints changes (a corrected name, attendance
recorded late), issuing again makes a new one and marks the old one superseded; a mistake is
revoked with a reason. The database allows one current certificate per registration, so two
runs racing each other cannot both issue one."""

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.emails import CERTIFICATE_ISSUED
from certificates.finishing import finish_pdf
from certificates.models import (
    CERTIFICATE_FOLDER,
    Certificate,
    CertificateBatch,
    RevokedCategory,
    new_verification_code,
)
from certificates.pdf import CertificatePrint, certificate_pdf, render_certificate_chunks
from certificates.selectors import (
    EligibilityRow,
    batch_plan,
    registration_eligibility,
    verify_url,
)
from core.events import publish_on_commit
from core.storage import private_storage
from participants.models import Participant, Registration
from participants.tasks import participant_email_enqueue

logger = logging.getLogger(__name__)

# A store writes its file moments before its row: younger files may still get one.
STRAY_FILE_MIN_AGE = dt.timedelta(minutes=1)


class CertificateError(Exception):
    """A certificate action that cannot be done; the message says why, for people."""


class StaleRenderError(CertificateError):
    """The person was anonymised, or renamed, while their certificate was being rendered: the
    render is discarded and nothing is stored."""


@dataclass(frozen=True)
class RenderedCertificate:
    """A certificate rendered but not stored yet (certificate_render, then certificate_store)."""

    registration: Registration
    item: CertificatePrint
    pdf: bytes


@dataclass(frozen=True)
class IssueResult:
    certificate: Certificate
    created: bool  # False: the current certificate already printed the same


def _print_for(row: EligibilityRow) -> CertificatePrint:
    code = new_verification_code()
    return CertificatePrint(
        content=row.content,
        code=code,
        issued_on=timezone.localdate(),
        verify_url=verify_url(code),
    )


def _certificate_store(
    *, registration: Registration, item: CertificatePrint, pdf: bytes, by: AbstractBaseUser | None
) -> IssueResult:
    """Save a rendered certificate as the registration's current one, superseding the previous
    one in the same transaction; keep the previous one if it already printed the same."""
    try:
        return _certificate_store_once(registration=registration, item=item, pdf=pdf, by=by)
    except IntegrityError:
        # Another run issued one between our check and our insert (the partial unique
        # constraint refused a second current certificate): theirs stands.
        current = Certificate.objects.current().get(registration=registration)
        return IssueResult(certificate=current, created=False)


def _certificate_store_once(
    *, registration: Registration, item: CertificatePrint, pdf: bytes, by: AbstractBaseUser | None
) -> IssueResult:
    digest = item.content.digest()
    written: list[str] = []
    try:
        with transaction.atomic():
            # Locked first (erasure locks the person before their certificates): nobody can
            # anonymise or rename the person between this check and the insert.
            person = Participant.objects.select_for_update().get(pk=registration.participant_id)
            if person.anonymised_at is not None or person.full_name != item.content.holder_name:
                raise StaleRenderError(
                    _(
                        "The person's details changed while the certificate was made; it was not kept."
                    )
                )
            current = (
                Certificate.objects.select_for_update()
                .current()
                .filter(registration=registration)
                .first()
            )
            if current is not None and current.content_digest == digest:
                return IssueResult(certificate=current, created=False)
            if current is not None:
                # Before the insert: the partial unique constraint allows one current certificate.
                current.superseded_at = timezone.now()
                current.save(update_fields=["superseded_at"])
            content = item.content
            certificate = Certificate(
                registration=registration,
                code=item.code,
                holder_name=content.holder_name,
                language=content.language,
                sessions_attended=content.sessions_attended,
                sessions_held=content.sessions_held,
                content_digest=digest,
                issued_by=by,
            )
            # Saved first, so the finishing steps can refer to it; the history records the
            # certificate once, complete, by the second save.
            certificate.skip_history_when_saving = True
            certificate.save()
            del certificate.skip_history_when_saving
            pdf = finish_pdf(certificate=certificate, item=item, pdf=pdf)
            certificate.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
            certificate.pdf.save("certificate.pdf", ContentFile(pdf), save=False)
            written.append(certificate.pdf.name)
            certificate.save(update_fields=["pdf", "pdf_sha256"])
            if current is not None:
                current.superseded_by = certificate
                current.save(update_fields=["superseded_by"])
            publish_on_commit("certificate.issued", certificate_id=certificate.pk)
    except BaseException:
        # Rolled back: the file written for the row that was not kept goes too.
        for name in written:
            private_storage().delete(name)
        raise
    return IssueResult(certificate=certificate, created=True)


def _certificate_store_announced(
    *, registration: Registration, item: CertificatePrint, pdf: bytes, by: AbstractBaseUser | None
) -> bool:
    """Store a batch's certificate and record its e-mail in the outbox, together or not at all.
    True when a new certificate was stored."""
    with transaction.atomic():
        result = _certificate_store(registration=registration, item=item, pdf=pdf, by=by)
        if result.created:
            participant_email_enqueue(
                kind=CERTIFICATE_ISSUED,
                registration_id=registration.pk,
                extra={"certificate_id": result.certificate.pk},
            )
    return result.created


def certificate_files_sweep(*, now: dt.datetime | None = None) -> list[str]:
    """Delete certificate PDFs that no certificate row names: written by a store whose
    transaction never committed (a worker killed between the two). Only files older than
    STRAY_FILE_MIN_AGE, so a store in progress keeps its file. Returns the names deleted."""
    storage = private_storage()
    try:
        _folders, names = storage.listdir(CERTIFICATE_FOLDER)
    except FileNotFoundError:
        return []
    cutoff = (now or timezone.now()) - STRAY_FILE_MIN_AGE
    kept = set(Certificate.objects.exclude(pdf="").values_list("pdf", flat=True))
    deleted = []
    for name in names:
        path = f"{CERTIFICATE_FOLDER}/{name}"
        if path in kept or storage.get_modified_time(path) >= cutoff:
            continue
        storage.delete(path)
        deleted.append(path)
    if deleted:
        logger.warning("Removed %s certificate file(s) that no certificate names.", len(deleted))
    return deleted


def certificate_render(
    *, registration: Registration, confirm_name: bool = False
) -> RenderedCertificate | IssueResult:
    """The first half of issuing: check the rule and render the PDF, outside any transaction
    (it takes a moment and needs no lock). An IssueResult when nothing needs issuing.

    A name that differs from the current certificate's (the person renamed themselves, or it
    was corrected) is not printed unless staff confirm it (`confirm_name`)."""
    row = registration_eligibility(registration=registration)
    if row.reasons:
        raise CertificateError(" ".join(row.reasons))
    if row.up_to_date:
        return IssueResult(certificate=row.current, created=False)
    if row.name_changed and not confirm_name:
        raise CertificateError(
            _(
                "The name changed since the current certificate (%(old)s, now %(new)s): "
                "confirm to re-issue it under the new name."
            )
            % {"old": row.current.holder_name, "new": row.content.holder_name}
        )
    item = _print_for(row)
    return RenderedCertificate(registration=registration, item=item, pdf=certificate_pdf(item))


def certificate_store(*, rendered: RenderedCertificate, by: AbstractBaseUser | None) -> IssueResult:
    """The second half of issuing: store the render, unless the person was anonymised or
    renamed meanwhile (StaleRenderError, nothing stored)."""
    return _certificate_store(
        registration=rendered.registration, item=rendered.item, pdf=rendered.pdf, by=by
    )


def certificate_issue(
    *, registration: Registration, by: AbstractBaseUser | None, confirm_name: bool = False
) -> IssueResult:
    """Issue the registration's certificate if it meets its workshop's rule.

    Idempotent: with nothing changed the current certificate is returned as it is; after a
    change to what it prints, a new certificate supersedes it (a changed name only once staff
    confirm it). Issuing after a revocation is a deliberate staff decision and makes a new
    certificate."""
    rendered = certificate_render(registration=registration, confirm_name=confirm_name)
    if isinstance(rendered, IssueResult):
        return rendered
    return certificate_store(rendered=rendered, by=by)


def certificate_revoke(
    *,
    certificate: Certificate,
    category: str,
    reason: str,
    by: AbstractBaseUser | None,
) -> Certificate:
    """Mark a certificate revoked: the category is what the verification page shows, the
    reason is the staff's own note (staff-only, erased with the person)."""
    reason = (reason or "").strip()
    if category not in RevokedCategory.values or not reason:
        raise CertificateError(_("Say why the certificate is revoked."))
    if certificate.is_revoked:
        raise CertificateError(_("This certificate is already revoked."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_category = category
    certificate.revoked_reason = reason[:500]
    certificate.revoked_by = by
    certificate.save(
        update_fields=["revoked_at", "revoked_category", "revoked_reason", "revoked_by"]
    )
    publish_on_commit("certificate.revoked", certificate_id=certificate.pk)
    return certificate


def batch_run(*, batch_id: int) -> CertificateBatch | None:
    """Issue every qualifying certificate of the batch's workshop that is missing or out of
    date, in chunks rendered by worker processes, recording progress after each chunk.

    Resumable and idempotent per registration (a task taken up again after its worker died, a
    batch resumed by staff, a second batch): each certificate and its e-mail are stored in one
    transaction, so a certificate issued before the interruption is up to date now, neither
    reissued nor e-mailed again, and none is stored without its e-mail. Files a killed run left
    without a row are removed first. Returns None, having logged it, when the batch is gone."""
    batch = (
        CertificateBatch.objects.select_related("workshop__office", "requested_by")
        .filter(pk=batch_id)
        .first()
    )
    if batch is None:
        logger.info("Certificate batch %s not run: it is gone.", batch_id)
        return None
    if batch.status == CertificateBatch.Status.DONE:
        return batch
    certificate_files_sweep()
    plan = batch_plan(workshop=batch.workshop)
    batch.started_at = batch.started_at or timezone.now()
    # A resumed batch counts what it issued before it was cut short (saved with each chunk,
    # but a kill may come between a store and that save): those are up to date in the plan.
    batch.done_count = (
        Certificate.objects.current()
        .filter(registration__workshop=batch.workshop, issued_at__gte=batch.started_at)
        .count()
        if batch.runs
        else 0
    )
    batch.runs += 1
    batch.status = CertificateBatch.Status.RUNNING
    batch.finished_at = None
    batch.total = len(plan.to_issue) + len(plan.unchanged)
    batch.unchanged_count = max(len(plan.unchanged) - batch.done_count, 0)
    batch.failed_count = 0
    batch.error = ""
    batch.save()
    progress_fields = ["done_count", "unchanged_count", "failed_count", "error"]
    try:
        items = [_print_for(row) for row in plan.to_issue]
        registrations = {
            item.code: row.registration for item, row in zip(items, plan.to_issue, strict=True)
        }
        for chunk, outcome in render_certificate_chunks(
            items,
            chunk_size=settings.CERTIFICATE_CHUNK_SIZE,
            workers=settings.CERTIFICATE_RENDER_WORKERS,
        ):
            if isinstance(outcome, Exception):
                logger.error("Certificate batch %s: a chunk failed: %s", batch.pk, outcome)
                batch.failed_count += len(chunk)
                batch.error = str(outcome)[:1000]
            else:
                for item, pdf in zip(chunk, outcome, strict=True):
                    try:
                        created = _certificate_store_announced(
                            registration=registrations[item.code],
                            item=item,
                            pdf=pdf,
                            by=batch.requested_by,
                        )
                    except StaleRenderError as error:
                        batch.failed_count += 1
                        batch.error = str(error)
                        continue
                    if created:
                        batch.done_count += 1
                    else:
                        batch.unchanged_count += 1
            batch.save(update_fields=progress_fields)
    except Exception as error:
        batch.status = CertificateBatch.Status.FAILED
        batch.error = str(error)[:1000]
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "error", "finished_at"])
        raise
    batch.status = CertificateBatch.Status.DONE
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "finished_at"])
    return batch
