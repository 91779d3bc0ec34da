"""Which workshops a staff login may see and change: offices.permissions' rules applied to
the catalogue. Another office's workshop is a 404, a viewer asking to change one a 403."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from offices.permissions import StaffAccess
from workshops.models import Workshop


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


def workshops_manageable_by(access: StaffAccess | None) -> QuerySet[Workshop]:
    if access is None or not access.may_manage:
        return Workshop.objects.none()
    return workshops_visible_to(access)
