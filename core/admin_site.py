"""The Django admin as a system tool for superusers only.

Everyone else works through the staff area, where every read and write goes through the
permission layer and the services. So the admin keeps no per-role or per-office rules of its
own: a signed-in login that is not a superuser gets 403 for every admin URL (not a redirect to
the admin's sign-in page, which would hide the refusal); anonymous visitors get the sign-in page
as usual, and only a superuser can sign in there. config.apps.AdminConfig makes this the
default site, so `admin.site` and `@admin.register` use it."""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin


def is_superuser(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


class SuperuserAuthenticationForm(AdminAuthenticationForm):
    """The admin's sign-in accepts superusers only (Django's asks for `is_staff`)."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_superuser:
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class SuperuserAdminSite(admin.AdminSite):
    login_form = SuperuserAuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        return is_superuser(request.user)

    def admin_view(self, view, cacheable=False):
        guarded = super().admin_view(view, cacheable)

        @wraps(guarded)
        def refuse_signed_in_non_superusers(request, *args, **kwargs):
            _refuse_signed_in_non_superuser(request)
            return guarded(request, *args, **kwargs)

        return refuse_signed_in_non_superusers

    def login(self, request, extra_context=None):
        # Not wrapped by admin_view: without this a signed-in office login would get the
        # admin's "you are not authorised, sign in as someone else" form.
        _refuse_signed_in_non_superuser(request)
        return super().login(request, extra_context)


def _refuse_signed_in_non_superuser(request: HttpRequest) -> None:
    if request.user.is_authenticated and not is_superuser(request.user):
        raise PermissionDenied


class NoRevertHistoryAdmin(SimpleHistoryAdmin):
    """simple-history's history, to read only: an old version can be looked at, never written
    back (a revert would go past the services and could bring back what an erasure removed).
    simple-history saves a POST to its version page even with the button hidden, so the POST
    itself is refused."""

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ViewOnlyAdminMixin:
    """For rows that only services write (attendance, certificates, batches): the admin shows
    them and never adds, changes or deletes one."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class FixedRowsAdminMixin:
    """For the rows a migration creates once and code refers to by their code (regions, COP
    pillars, audiences): their names may be corrected in every language, no row added or
    deleted, no code changed."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
