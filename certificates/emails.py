"""The certificate e-mail, a kind of participant e-mail (participants/emails.py).

Registered when this module is imported, from CertificatesConfig.ready(), because it needs the Certificate model
that the participants app below may not import; ready() runs in web and worker processes
alike, so both know the kind."""

from typing import Any

from django.conf import settings
from django.urls import reverse

from certificates.models import Certificate
from certificates.selectors import verify_url
from participants.emails import KINDS, ParticipantEmail
from participants.models import Registration

CERTIFICATE_ISSUED = "certificate_issued"


def _certificate_context(registration: Registration, extra: dict[str, Any]) -> dict[str, Any]:
    """Raises Certificate.DoesNotExist when the certificate is gone (the e-mail is dropped)."""
    certificate = Certificate.objects.get(pk=extra["certificate_id"], registration=registration)
    return {
        "certificate": certificate,
        "name": registration.participant.full_name,
        "personal_page_url": f"{settings.SITE_URL}/me/{registration.token}/",
        "certificate_url": settings.SITE_URL + reverse("me:certificate", args=[registration.token]),
        "verify_url": verify_url(certificate.code),
    }


KINDS[CERTIFICATE_ISSUED] = ParticipantEmail(
    subject_template="emails/certificate_issued_subject.txt",
    text_template="emails/certificate_issued.txt",
    context=_certificate_context,
)
