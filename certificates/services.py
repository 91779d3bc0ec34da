"""Issuing, correcting and revoking certificates, one at a time or for a whole workshop.

A certificate is never deleted: when what it prints changes (a corrected name, attendance
recorded late), issuing again makes a new one and marks the old one superseded; a mistake is
revoked with a reason. The database allows one current certificate per registration, so two
runs racing each other cannot both issue one."""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from certificates.models import Certificate, CertificateBatch, new_verification_code
from certificates.pdf import CertificatePrint, certificate_pdf, render_certificate_chunks
from certificates.selectors import (
    EligibilityRow,
    registration_eligibility,
    verify_url,
    workshop_eligibility,
)
from participants.models import Registration
from workshops.models import Workshop

logger = logging.getLogger(__name__)


class CertificateError(Exception):
    """A certificate action that cannot be done; the message says why, for people."""


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
    with transaction.atomic():
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
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            issued_by=by,
        )
        certificate.pdf.save(f"{item.code}.pdf", ContentFile(pdf), save=False)
        certificate.save()
        if current is not None:
            current.superseded_by = certificate
            current.save(update_fields=["superseded_by"])
    return IssueResult(certificate=certificate, created=True)


def certificate_issue(*, registration: Registration, by: AbstractBaseUser | None) -> IssueResult:
    """Issue the registration's certificate if it meets its workshop's rule.

    Idempotent: with nothing changed the current certificate is returned as it is; after a
    change to what it prints, a new certificate supersedes it. Issuing after a revocation is a
    deliberate staff decision and makes a new certificate."""
    row = registration_eligibility(registration=registration)
    if row.reasons:
        raise CertificateError(" ".join(row.reasons))
    if row.up_to_date:
        return IssueResult(certificate=row.current, created=False)
    item = _print_for(row)
    # Rendered outside the transaction: it takes a moment and needs no lock.
    return _certificate_store(
        registration=registration, item=item, pdf=certificate_pdf(item), by=by
    )


def certificate_revoke(
    *, certificate: Certificate, reason: str, by: AbstractBaseUser | None
) -> Certificate:
    """Mark a certificate revoked, with the reason the verification page shows."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Say why the certificate is revoked."))
    if certificate.is_revoked:
        raise CertificateError(_("This certificate is already revoked."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason[:500]
    certificate.revoked_by = by
    certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    return certificate


@dataclass(frozen=True)
class BatchPlan:
    """A workshop's qualifying registrations, sorted by what issuing would do to them."""

    to_issue: list[EligibilityRow]
    unchanged: list[EligibilityRow]
    revoked: list[EligibilityRow]  # left alone: revoking stays until staff issue one by one
    not_eligible: list[EligibilityRow]


def batch_plan(*, workshop: Workshop) -> BatchPlan:
    rows = workshop_eligibility(workshop=workshop)
    plan = BatchPlan(to_issue=[], unchanged=[], revoked=[], not_eligible=[])
    for row in rows:
        if not row.eligible:
            plan.not_eligible.append(row)
        elif row.up_to_date:
            plan.unchanged.append(row)
        elif row.current is None and row.latest_revoked is not None:
            plan.revoked.append(row)
        else:
            plan.to_issue.append(row)
    return plan


def batch_create(*, workshop: Workshop, by: AbstractBaseUser | None) -> CertificateBatch:
    """Queue the issue of a whole workshop's certificates; a batch already waiting or running
    for the workshop is returned instead of a second one."""
    from certificates.tasks import run_certificate_batch

    with transaction.atomic():
        pending = workshop.certificate_batches.filter(
            status__in=[CertificateBatch.Status.QUEUED, CertificateBatch.Status.RUNNING]
        ).first()
        if pending is not None:
            return pending
        batch = CertificateBatch.objects.create(workshop=workshop, requested_by=by)

        def enqueue() -> None:
            result = run_certificate_batch.enqueue(batch_id=batch.pk)
            CertificateBatch.objects.filter(pk=batch.pk, task_result_id="").update(
                task_result_id=str(result.id)[:64]
            )

        transaction.on_commit(enqueue)
    return batch


def batch_run(*, batch_id: int) -> CertificateBatch:
    """Issue every qualifying certificate of the batch's workshop that is missing or out of
    date, in chunks rendered by worker processes, recording progress after each chunk.

    Safe to run again (a retried task, a second batch): unchanged certificates are counted,
    not reissued. Each participant who got a new certificate is e-mailed a link to it."""
    batch = CertificateBatch.objects.select_related("workshop__office", "requested_by").get(
        pk=batch_id
    )
    if batch.status == CertificateBatch.Status.DONE:
        return batch
    plan = batch_plan(workshop=batch.workshop)
    batch.status = CertificateBatch.Status.RUNNING
    batch.started_at = timezone.now()
    batch.total = len(plan.to_issue) + len(plan.unchanged)
    batch.unchanged_count = len(plan.unchanged)
    batch.done_count = batch.failed_count = 0
    batch.error = ""
    batch.save()
    progress_fields = ["done_count", "unchanged_count", "failed_count", "error"]
    issued: list[int] = []
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
                    result = _certificate_store(
                        registration=registrations[item.code],
                        item=item,
                        pdf=pdf,
                        by=batch.requested_by,
                    )
                    if result.created:
                        batch.done_count += 1
                        issued.append(result.certificate.pk)
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
    transaction.on_commit(lambda: _enqueue_certificate_emails(issued))
    return batch


def _enqueue_certificate_emails(certificate_ids: list[int]) -> None:
    from certificates.tasks import send_certificate_email

    for certificate_id in certificate_ids:
        send_certificate_email.enqueue(certificate_id=certificate_id)


def certificate_email_send(*, certificate: Certificate) -> None:
    """E-mail the holder the links to their page and their certificate, in their language."""
    registration = certificate.registration
    participant = registration.participant
    if not participant.email or participant.anonymised_at is not None:
        return
    context = {
        "certificate": certificate,
        "workshop": registration.workshop,
        "name": participant.full_name,
        "personal_page_url": f"{settings.SITE_URL}/me/{registration.token}/",
        "certificate_url": settings.SITE_URL + reverse("me:certificate", args=[registration.token]),
        "verify_url": verify_url(certificate.code),
    }
    with translation.override(registration.language or participant.preferred_language):
        subject = render_to_string("emails/certificate_issued_subject.txt", context).strip()
        body = render_to_string("emails/certificate_issued.txt", context)
    EmailMessage(subject=subject, body=body, to=[participant.email]).send()
