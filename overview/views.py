"""Pages that bring several domains together, each from the selectors of the apps it shows:
a workshop's page in the staff area, a participant's own page, a country's page. They live
here, above every domain app they draw on, so no lower app reaches up for them."""

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_countries import countries

from attendance import selectors as attendance_selectors
from attendance.qr_signing import registration_qr_payload
from certificates import selectors as certificate_selectors
from core.page_cache import public_page
from learning import selectors as learning_selectors
from offices.permissions import staff_required
from participants import selectors as participant_selectors
from participants.qr import participant_qr_svg
from participants.views import registration_or_404
from privacy import selectors as privacy_selectors
from reminders import selectors as reminder_selectors
from workshops import selectors as workshop_selectors
from workshops.access import workshop_for_staff
from workshops.models import Workshop

# The two lists that grow with the number of people are shown a page at a time (their totals
# still count everyone); pending approvals and the waiting list are work to do, shown whole.
PEOPLE_PER_PAGE = 100


def _people_page(request: HttpRequest, rows: list, *, param: str) -> tuple[Page, str]:
    """One page of `rows`, chosen by the query parameter `param`, and the query string without
    it (so each list pages on its own)."""
    query = request.GET.copy()
    query.pop(param, None)
    return Paginator(rows, PEOPLE_PER_PAGE).get_page(request.GET.get(param)), query.urlencode()


@staff_required
def workshop_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A workshop's page in the staff area: its facts and sessions, then a section for each
    concern (registrations, documents, attendance, erasure requests, certificates)."""
    workshop = workshop_for_staff(request.staff_access, slug=slug)
    registration_lists = participant_selectors.registration_lists_for_staff(workshop=workshop)
    certificate_overview = certificate_selectors.workshop_certificate_overview(workshop=workshop)
    confirmed_page, confirmed_query = _people_page(
        request, registration_lists.confirmed, param="confirmed_page"
    )
    certificates_page, certificates_query = _people_page(
        request, certificate_overview.rows, param="certificates_page"
    )
    return render(
        request,
        "staff/workshop_detail.html",
        {
            "workshop": workshop,
            "sessions": workshop.sessions.all(),
            "can_manage": request.staff_access.can_manage_office(workshop.office_id),
            "registration_lists": registration_lists,
            "confirmed_page": confirmed_page,
            "confirmed_query": confirmed_query,
            "erasure_requests": list(
                privacy_selectors.erasure_requests_for_office(
                    workshops=Workshop.objects.filter(pk=workshop.pk)
                )
            ),
            "certificate_overview": certificate_overview,
            "certificates_page": certificates_page,
            "certificates_query": certificates_query,
            "missed_mail": [
                row
                for row in reminder_selectors.workshop_mail_schedule(workshop=workshop)
                if row["missed"]
            ],
        },
    )


@staff_required
def registration_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One person's page in the staff area, for one registration: who they are, their
    attendance, and their knowledge-check scores and gain. The results page shows scores only
    as aggregates; a person's own scores are read here, on purpose, one person at a time.
    Viewers may read it; another office's workshop is a 404."""
    workshop = workshop_for_staff(request.staff_access, slug=slug)
    registration = get_object_or_404(
        workshop.registrations.select_related("participant", "workshop"), pk=pk
    )
    return render(
        request,
        "staff/registration_detail.html",
        {
            "workshop": workshop,
            "registration": registration,
            "participant": registration.participant,
            "can_manage": request.staff_access.can_manage_office(workshop.office_id),
            "attendance": attendance_selectors.attendance_summary(registration=registration),
            "knowledge_check": learning_selectors.registration_knowledge_check(
                registration=registration
            ),
        },
    )


@never_cache
def me(request: HttpRequest, token: str) -> HttpResponse:
    """The participant's own page: their registration, what they can change, their
    certificate, their calendar and their data."""
    registration = registration_or_404(token)
    participant = registration.participant
    return render(
        request,
        "participants/me.html",
        {
            "registration": registration,
            "participant": participant,
            "workshop": registration.workshop,
            "waitlist_position": participant_selectors.registration_waitlist_position(
                registration=registration
            ),
            "certificate": certificate_selectors.registration_current_certificate(
                registration=registration
            ),
            "learning_checks": [
                state
                for state in learning_selectors.registration_check_states(registration=registration)
                if state.allowed
            ],
            "certificate_conditions": learning_selectors.certificate_conditions_unmet(
                registrations=[registration]
            )[registration.pk],
            # segno escapes the title and the signed code is [0-9A-Za-z._-]: safe to inline.
            "qr_svg": mark_safe(
                participant_qr_svg(
                    registration_qr_payload(registration),
                    title=_("QR code of participant code %(code)s") % {"code": participant.code},
                )
            ),
        },
    )


@public_page
def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    """ISO 3166 alpha-2 in upper case; a lower-case code redirects (permanently) to it, so a
    hand-typed /countries/vu/ works and each country has one address."""
    if code.upper() not in countries:
        raise Http404
    if code != code.upper():
        return redirect("overview:country", code=code.upper(), permanent=True)
    return render(
        request,
        "workshops/country_detail.html",
        {
            "country": workshop_selectors.country_overview(code=code),
            "workshops_attended": participant_selectors.workshops_attended_from(country=code),
        },
    )
