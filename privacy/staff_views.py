"""Staff pages for erasure requests: the list of pending ones, and confirming one."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from offices.permissions import staff_required
from participants.models import Registration
from privacy import selectors, services
from workshops.access import workshop_for_staff, workshops_visible_to


@staff_required
def erasure_requests(request: HttpRequest) -> HttpResponse:
    """Every pending erasure request on the workshops this login may see."""
    requests = selectors.erasure_requests_for_office(
        workshops=workshops_visible_to(request.staff_access)
    )
    return render(
        request,
        "participants/staff/erasure_requests.html",
        {"erasure_requests": requests, "access": request.staff_access},
    )


@require_POST
@staff_required
def erasure_confirm(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Office staff confirm a person's request: they are anonymised at once."""
    workshop = workshop_for_staff(request.staff_access, slug=slug, manage=True)
    registration = get_object_or_404(
        Registration.objects.select_related("participant"), workshop=workshop, pk=pk
    )
    try:
        services.participant_confirm_erasure(registration=registration)
    except services.ErasureError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The person's data is erased."))
    if request.POST.get("next") == "list":
        return redirect("staff:erasure_requests")
    return redirect("staff:workshop", slug=workshop.slug)
