"""Which workshops a staff login may see and change: offices.permissions' rules applied to
the catalogue. Another office's workshop is a 404, a viewer asking to change one a 403."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from offices.permissions import StaffAccess
from workshops.models import NationalActivity, Workshop


def workshops_visible_to(access: StaffAccess) -> QuerySet[Workshop]:
    workshops = Workshop.objects.select_related("office__region")
    if access.sees_every_office:
        return workshops
    return workshops.filter(office=access.office)


def workshop_for_staff(access: StaffAccess, *, slug: str, manage: bool = False) -> Workshop:
    """The workshop if this access may see it (404 otherwise) and, with manage, change it (403)."""
    try:
        workshop = workshops_visible_to(access).get(slug=slug)
    except Workshop.DoesNotExist:
        raise Http404 from None
    if manage and not access.can_manage_office(workshop.office_id):
        raise PermissionDenied
    return workshop


def national_activities_visible_to(access: StaffAccess) -> QuerySet[NationalActivity]:
    activities = NationalActivity.objects.select_related("office")
    if access.sees_every_office:
        return activities
    return activities.filter(office=access.office)


def national_activity_for_staff(
    access: StaffAccess, *, activity_id: int, manage: bool = False
) -> NationalActivity:
    """The office's national activity (404 for another office's) and, with manage, only for a
    role that may change it (403)."""
    try:
        activity = national_activities_visible_to(access).get(pk=activity_id)
    except NationalActivity.DoesNotExist:
        raise Http404 from None
    if manage and not access.can_manage_office(activity.office_id):
        raise PermissionDenied
    return activity
