from collections.abc import Callable

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportMixin, ImportExportMixin
from import_export.formats import base_formats

from attendance.models import Attendance, CheckinAction
from attendance.resources import AttendanceRecordResource, RegistrationResource
from core.admin_site import NoRevertHistoryAdmin, ViewOnlyAdminMixin
from core.tabular import ImportFileError
from participants import services
from participants.admin import (
    ParticipantListFormat,
    WorkshopConfirmImportForm,
    WorkshopImportForm,
)
from participants.models import Registration
from participants.resources import ParticipantImportResource
from workshops.models import Workshop


class AttendanceInline(admin.TabularInline):
    """Attendance is recorded in the staff area (check-in, online reports): shown only."""

    model = Attendance
    extra = 0
    fields = ["session", "status", "method", "minutes_online", "recorded_at", "recorded_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


# Fields the services own: who, for which workshop, the status and its stamps, the personal
# key (not even shown), where the registration came from, the eligibility override and the
# erasure request.
REGISTRATION_SERVICE_FIELDS = [
    "participant",
    "workshop",
    "status",
    "source",
    "created_at",
    "updated_at",
    "confirmed_at",
    "cancelled_at",
    "eligibility_override",
    "eligibility_override_reason",
    "eligibility_override_by",
    "erasure_requested_at",
]


@admin.register(Registration)
class RegistrationAdmin(ImportExportMixin, NoRevertHistoryAdmin):
    """Import a participant list into a workshop (preview first); export registrations.
    Registrations are created by the services (the public form, the staff area, the import)
    and change status only through the actions below, which call the services; so the admin
    adds none, deletes none (cancel instead) and shows the services' fields read-only."""

    resource_classes = [RegistrationResource]
    import_resource_classes = [ParticipantImportResource]
    import_formats = [ParticipantListFormat]
    export_formats = [base_formats.CSV, base_formats.XLSX, base_formats.JSON]
    import_form_class = WorkshopImportForm
    confirm_form_class = WorkshopConfirmImportForm

    list_display = ["participant", "workshop", "status", "source", "created_at"]
    list_filter = ["status", "source", "workshop__office"]
    search_fields = ["participant__full_name", "participant__email", "workshop__title"]
    readonly_fields = REGISTRATION_SERVICE_FIELDS
    exclude = ["token"]
    list_select_related = ["participant", "workshop"]
    inlines = [AttendanceInline]
    actions = ["approve", "decline", "cancel", "send_new_link"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def _apply(
        self,
        request: HttpRequest,
        queryset: QuerySet[Registration],
        service: Callable[..., Registration],
    ) -> None:
        """Each registration through the service, so the rules and e-mails are the same as in
        the staff area; refusals are reported one by one."""
        done = 0
        for registration in queryset.select_related("participant"):
            try:
                service(registration=registration)
            except services.RegistrationError as error:
                self.message_user(
                    request, f"{registration.participant}: {error.message}", messages.WARNING
                )
            else:
                done += 1
        self.message_user(
            request,
            ngettext("%(count)d registration updated.", "%(count)d registrations updated.", done)
            % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Approve the selected pending registrations"), permissions=["change"]
    )
    def approve(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        self._apply(request, queryset, services.registration_approve)

    @admin.action(
        description=_("Decline the selected pending registrations"), permissions=["change"]
    )
    def decline(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        self._apply(request, queryset, services.registration_decline)

    @admin.action(
        description=_("Cancel the selected registrations (their seats go to the waiting list)"),
        permissions=["change"],
    )
    def cancel(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        self._apply(request, queryset, services.registration_cancel)

    @admin.action(
        description=_("Send a new personal link (the old one stops working)"),
        permissions=["change"],
    )
    def send_new_link(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        self._apply(request, queryset, services.registration_revoke_token)

    def get_import_resource_classes(self, request):
        return self.import_resource_classes

    def get_export_resource_classes(self, request):
        return self.resource_classes

    def create_import_form(self, request):
        form = super().create_import_form(request)
        form.fields["workshop"].queryset = Workshop.objects.order_by("-start_date")
        return form

    def create_confirm_form(self, request, import_form=None):
        form = super().create_confirm_form(request, import_form)
        form.fields["workshop"].queryset = Workshop.objects.order_by("-start_date")
        return form

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["workshop"] = import_form.cleaned_data["workshop"].pk
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        resource_kwargs = super().get_import_resource_kwargs(request, **kwargs)
        if form is not None and getattr(form, "cleaned_data", None):
            resource_kwargs["workshop"] = form.cleaned_data.get("workshop")
        return resource_kwargs

    def get_import_data_kwargs(self, **kwargs):
        # All or nothing, as in the staff area: a row with an error rolls back every row.
        data_kwargs = super().get_import_data_kwargs(**kwargs)
        data_kwargs["rollback_on_validation_errors"] = True
        return data_kwargs

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)


@admin.register(Attendance)
class AttendanceAdmin(ViewOnlyAdminMixin, ExportMixin, NoRevertHistoryAdmin):
    """Shows and exports one row per attendance record; attendance is recorded in the staff
    area and by `import_attendance` (online reports need matching and a session)."""

    resource_classes = [AttendanceRecordResource]
    export_formats = [base_formats.CSV, base_formats.XLSX, base_formats.JSON]

    list_display = ["registration", "session", "status", "method", "recorded_at"]
    list_filter = ["status", "method", "session__workshop"]
    search_fields = ["registration__participant__full_name", "session__title"]
    list_select_related = ["registration__participant", "registration__workshop", "session"]


@admin.register(CheckinAction)
class CheckinActionAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """What check-in devices sent, once each: for looking into a disputed check-in."""

    list_display = ["occurred_at", "kind", "outcome", "device_label", "actor", "workshop"]
    list_filter = ["outcome", "kind"]
    search_fields = ["client_id", "device_label"]
    list_select_related = ["actor", "workshop"]
    date_hierarchy = "occurred_at"
