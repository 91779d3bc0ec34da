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


# Django's admin ------------------------------------------------------------------------------
# Groups give each role its Django model permissions (a data migration creates them and
# `staff_membership_save` puts each login in its role's group); the mixins below add the office
# on top: the lists hold only the office's rows, an object of another office is "not found",
# foreign-key choices are the office's own, and only a role that may manage gets to change.

ROLE_GROUPS = {
    StaffMembership.Role.OFFICE_STAFF: "Office staff",
    StaffMembership.Role.OFFICE_VIEWER: "Office viewers",
    StaffMembership.Role.HEADQUARTERS: "Headquarters",
}


# Where each kind of row finds its office, by the field it holds (checked in this order).
OFFICE_PATHS_BY_FIELD = (
    ("office", "office"),
    ("workshop", "workshop__office"),
    ("registration", "registration__workshop__office"),
)


def office_path_of(model: type) -> str | None:
    """The lookup from `model` to its RegionalOffice, or None for a model no office owns."""
    field_names = {field.name for field in model._meta.get_fields()}
    return next((path for field, path in OFFICE_PATHS_BY_FIELD if field in field_names), None)


def _scoped_choices(model: type, access: StaffAccess | None) -> QuerySet | None:
    """Foreign-key choices a user may pick, for the office-owned models (None: not scoped)."""
    if model is RegionalOffice:
        return offices_manageable_by(access)
    office_path = office_path_of(model)
    if office_path is None:
        return None
    offices = offices_manageable_by(access)
    return model._default_manager.filter(**{f"{office_path}__in": offices})


class OfficeScopedAdminMixin:
    """For a ModelAdmin whose rows belong to an office through `office_path`."""

    office_path = "workshop__office"

    def get_queryset(self, request):
        return scope_to_office(
            super().get_queryset(request), staff_access(request.user), office_path=self.office_path
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = _scoped_choices(db_field.related_model, staff_access(request.user))
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _may_manage(self, request, obj) -> bool:
        access = staff_access(request.user)
        if access is None or not access.may_manage:
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and self._may_manage(request, None)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_manage(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_manage(request, obj)


class OfficeScopedInlineMixin(OfficeScopedAdminMixin):
    """For an inline: its rows and choices scoped; `obj` is the parent, already checked."""

    def has_view_permission(self, request, obj=None):
        return super(OfficeScopedAdminMixin, self).has_view_permission(request, obj)

    def _may_manage(self, request, obj) -> bool:
        access = staff_access(request.user)
        return access is not None and access.may_manage
