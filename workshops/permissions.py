"""Who may see and change what in the staff area: the one place every staff view, export,
import and admin queryset asks.

- office staff: manage their own office's workshops and everything under them;
- office viewer: read their own office's workshops, change nothing;
- headquarters: read every office, change nothing (unless also a superuser);
- superuser: everything.

Another office's object is answered with 404, so ids in URLs reveal nothing; a viewer asking
to change something of their own office gets 403."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from workshops.models import RegionalOffice, StaffMembership, Workshop


@dataclass(frozen=True)
class StaffAccess:
    role: str  # a StaffMembership.Role value, or "superuser"
    office: RegionalOffice | None

    @property
    def sees_every_office(self) -> bool:
        return self.role in ("superuser", StaffMembership.Role.HEADQUARTERS)

    @property
    def may_manage(self) -> bool:
        return self.role in ("superuser", StaffMembership.Role.OFFICE_STAFF)

    def can_view_office(self, office_id: int) -> bool:
        return self.sees_every_office or (self.office is not None and self.office.pk == office_id)

    def can_manage_office(self, office_id: int) -> bool:
        if self.role == "superuser":
            return True
        return self.may_manage and self.office is not None and self.office.pk == office_id


def staff_access(user: AbstractBaseUser | AnonymousUser) -> StaffAccess | None:
    """The user's access, or None for anyone who is not staff of the programme."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return StaffAccess(role="superuser", office=None)
    membership = StaffMembership.objects.select_related("office__region").filter(user=user).first()
    if membership is None:
        return None
    return StaffAccess(role=membership.role, office=membership.office)


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


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login required; then only programme staff, with their access on request.staff_access."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        access = staff_access(request.user)
        if access is None:
            raise PermissionDenied
        request.staff_access = access
        return view(request, *args, **kwargs)

    return wrapped
