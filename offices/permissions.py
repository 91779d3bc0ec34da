"""Who may see and change what in the staff area: the one place every staff view, export and
import asks. (The Django admin is not part of it: it is for superusers only, core.admin_site.)

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
from django.http import HttpRequest, HttpResponse

from offices.models import RegionalOffice, StaffMembership


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


def offices_manageable_by(access: StaffAccess | None) -> QuerySet[RegionalOffice]:
    if access is None or not access.may_manage:
        return RegionalOffice.objects.none()
    if access.role == "superuser":
        return RegionalOffice.objects.all()
    return RegionalOffice.objects.filter(pk=access.office.pk)


def scope_to_office(queryset: QuerySet, access: StaffAccess | None, *, office_path: str):
    """`queryset` narrowed to what `access` may see; `office_path` leads from its model to the
    RegionalOffice (for example "workshop__office"). None (not programme staff) sees nothing."""
    if access is None:
        return queryset.none()
    if access.sees_every_office:
        return queryset
    scoped = queryset.filter(**{office_path: access.office})
    # A path through a one-to-many relation (a participant's registrations) repeats rows.
    return scoped.distinct() if "registrations__" in office_path else scoped
