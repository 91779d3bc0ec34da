"""The credential's texts about its workshop, in whatever language is active (the caller
activates the certificate's)."""

from django.utils.translation import gettext as _

from certificates.texts import certificate_date_range
from workshops.models import Workshop


def criteria_text(workshop: Workshop) -> str:
    """The attendance rule, as the achievement's criteria."""
    rule = _("Attend at least %(percent)s%% of the workshop's sessions.") % {
        "percent": workshop.min_attendance_percent
    }
    mandatory = list(
        workshop.sessions.filter(is_mandatory=True, is_cancelled=False)
        .order_by("starts_at")
        .values_list("title", flat=True)
    )
    if mandatory:
        rule += " " + _("Every mandatory session must be attended: %(titles)s.") % {
            "titles": "; ".join(mandatory)
        }
    return rule


def description_text(workshop: Workshop, *, certificate_title: str, language: str) -> str:
    """One sentence saying what was attended, where and when."""
    return _("%(certificate)s: the workshop “%(title)s”, %(city)s, %(dates)s.") % {
        "certificate": certificate_title,
        "title": workshop.title,
        "city": workshop.city,
        "dates": certificate_date_range(workshop.start_date, workshop.end_date, language),
    }
