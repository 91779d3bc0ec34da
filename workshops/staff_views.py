"""The staff area's entry: sign-in, the list of one's workshops and a workshop's page.

Other apps add their own staff pages (check-in, certificates, documents) under /staff/ and a
section to the workshop page (templates/staff/sections/)."""

from django.contrib.auth import views as auth_views
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from participants.models import Registration
from workshops.permissions import staff_required, workshop_for_staff, workshops_visible_to


class StaffLoginView(auth_views.LoginView):
    template_name = "staff/login.html"
    redirect_authenticated_user = True


class StaffLogoutView(auth_views.LogoutView):
    next_page = "staff:login"


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    live = Q(registrations__status__in=Registration.LIVE_STATUSES)
    workshops = (
        workshops_visible_to(request.staff_access)
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            ),
            live_count=Count("registrations", filter=live),
        )
        .order_by("-start_date")
    )
    return render(
        request,
        "staff/dashboard.html",
        {"workshops": workshops},
    )


@staff_required
def workshop_detail(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_for_staff(request.staff_access, slug=slug)
    return render(
        request,
        "staff/workshop_detail.html",
        {
            "workshop": workshop,
            "sessions": workshop.sessions.all(),
            "can_manage": request.staff_access.can_manage_office(workshop.office_id),
        },
    )
