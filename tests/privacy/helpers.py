"""Building blocks for the personal-data tests: a past workshop, a certificate."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from certificates.models import Certificate
from participants.models import Registration
from tests.factories import RegistrationFactory, WorkshopFactory


def past_workshop(days_ago: int, **fields):
    """A completed workshop whose last day was this many days ago."""
    end = timezone.now().date() - dt.timedelta(days=days_ago)
    return WorkshopFactory(
        start_date=end - dt.timedelta(days=1),
        end_date=end,
        registration_opens_at=None,
        registration_closes_at=None,
        status="completed",
        **fields,
    )


def certificate_for(registration: Registration, **fields) -> Certificate:
    certificate = Certificate(
        registration=registration,
        holder_name=registration.participant.full_name,
        sessions_attended=2,
        sessions_held=2,
        **fields,
    )
    certificate.pdf.save("certificate.pdf", ContentFile(b"%PDF-1.4 name inside"), save=False)
    certificate.save()
    return certificate


def registration_at(workshop, **fields) -> Registration:
    return RegistrationFactory(workshop=workshop, **fields)
