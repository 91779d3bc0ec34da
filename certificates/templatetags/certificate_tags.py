"""Certificate data for pages other apps own (the staff workshop page, the participant page)."""

from django import template

from certificates.models import Certificate
from certificates.pdf import format_code
from certificates.selectors import latest_batch, workshop_eligibility
from participants.models import Registration
from workshops.models import Workshop

register = template.Library()


@register.simple_tag
def participant_certificate(registration: Registration) -> Certificate | None:
    return registration.certificates.filter(
        superseded_at__isnull=True, revoked_at__isnull=True
    ).first()


@register.simple_tag
def certificate_overview(workshop: Workshop) -> dict:
    """Who qualifies and why not, each one's certificate, and the latest batch."""
    rows = workshop_eligibility(workshop=workshop)
    return {
        "rows": rows,
        "eligible_count": sum(1 for row in rows if row.eligible),
        "current_count": sum(1 for row in rows if row.current),
        "batch": latest_batch(workshop=workshop),
    }


@register.filter
def grouped_code(code: str) -> str:
    """The code as the certificate prints it, in groups of four."""
    return format_code(code)
