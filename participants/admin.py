from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportMixin, ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ConfirmImportForm, ImportForm
from simple_history.admin import SimpleHistoryAdmin

from participants import services
from participants.importers import participant_table_dataset
from participants.imports import ImportFileError, read_table
from participants.models import Attendance, Participant, Registration
from participants.resources import (
    AttendanceRecordResource,
    ParticipantImportResource,
    RegistrationResource,
)
from workshops.models import Workshop
from workshops.permissions import (
    OfficeScopedAdminMixin,
    OfficeScopedInlineMixin,
    staff_access,
    workshops_visible_to,
)


class ParticipantListFormat(base_formats.Format):
    """The admin reads participant lists exactly as the staff area does (any encoding,
    delimiter, XLSX first sheet, title rows above the header, column names folded)."""

    def __init__(self, encoding=None):
        # The encoding is detected from the file itself (participants.imports.decode_text).
        self.encoding = encoding

    def get_title(self):
        return _("participant list: CSV or XLSX")

    def create_dataset(self, in_stream):
        dataset, _numbers, _unknown, _header = participant_table_dataset(read_table(in_stream))
        return dataset

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def get_extension(self):
        return "csv"

    def can_import(self):
        return True

    def can_export(self):
        return False


def _manageable_workshops(request) -> QuerySet[Workshop]:
    """The workshops this user may import into: their own office's, or all for a superuser."""
    access = staff_access(request.user)
    if access is None or not access.may_manage:
        return Workshop.objects.none()
    return workshops_visible_to(access)


class WorkshopImportForm(ImportForm):
    workshop = forms.ModelChoiceField(label=_("Workshop"), queryset=Workshop.objects.none())


class WorkshopConfirmImportForm(ConfirmImportForm):
    workshop = forms.ModelChoiceField(queryset=Workshop.objects.none(), widget=forms.HiddenInput)


class OfficeScopedExportMixin:
    """Exports hold only what the user's office may see (workshops.permissions)."""

    workshop_path = "workshop"

    def get_export_queryset(self, request):
        queryset = super().get_export_queryset(request)
        access = staff_access(request.user)
        if access is None:
            return queryset.none()
        return queryset.filter(**{f"{self.workshop_path}__in": workshops_visible_to(access)})


class RegistrationInline(OfficeScopedInlineMixin, admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["workshop", "status", "source", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["workshop"]
    show_change_link = True


@admin.register(Participant)
class ParticipantAdmin(OfficeScopedAdminMixin, admin.ModelAdmin):
    # A person is their office's through a registration to one of its workshops.
    office_path = "registrations__workshop__office"
    list_display = ["full_name", "email", "organisation", "sector", "country", "is_minor"]
    list_filter = ["sector", "is_minor", "gender"]
    search_fields = ["full_name", "email", "organisation", "code"]
    readonly_fields = ["code", "created_at", "updated_at", "consent_at", "anonymised_at"]
    inlines = [RegistrationInline]


class AttendanceInline(OfficeScopedInlineMixin, admin.TabularInline):
    office_path = "session__workshop__office"
    model = Attendance
    extra = 0
    fields = ["session", "status", "method", "minutes_online", "recorded_at", "recorded_by"]
    readonly_fields = ["recorded_at", "recorded_by"]


@admin.register(Registration)
class RegistrationAdmin(
    OfficeScopedAdminMixin, OfficeScopedExportMixin, ImportExportMixin, SimpleHistoryAdmin
):
    """Import a participant list into a workshop (preview first); export registrations."""

    resource_classes = [RegistrationResource]
    import_resource_classes = [ParticipantImportResource]
    import_formats = [ParticipantListFormat]
    export_formats = [base_formats.CSV, base_formats.XLSX, base_formats.JSON]
    import_form_class = WorkshopImportForm
    confirm_form_class = WorkshopConfirmImportForm

    list_display = ["participant", "workshop", "status", "source", "created_at"]
    list_filter = ["status", "source", "workshop__office"]
    search_fields = ["participant__full_name", "participant__email", "workshop__title"]
    autocomplete_fields = ["participant", "workshop"]
    readonly_fields = ["created_at", "updated_at", "confirmed_at", "cancelled_at"]
    list_select_related = ["participant", "workshop"]
    inlines = [AttendanceInline]
    actions = ["approve", "decline", "send_new_link"]

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

    @admin.action(description=_("Approve the selected pending registrations"))
    def approve(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        self._apply(request, queryset, services.registration_approve)

    @admin.action(description=_("Decline the selected pending registrations"))
    def decline(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        self._apply(request, queryset, services.registration_decline)

    @admin.action(description=_("Send a new personal link (the old one stops working)"))
    def send_new_link(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        self._apply(request, queryset, services.registration_revoke_token)

    def get_import_resource_classes(self, request):
        return self.import_resource_classes

    def get_export_resource_classes(self, request):
        return self.resource_classes

    def create_import_form(self, request):
        form = super().create_import_form(request)
        form.fields["workshop"].queryset = _manageable_workshops(request)
        return form

    def create_confirm_form(self, request, import_form=None):
        form = super().create_confirm_form(request, import_form)
        form.fields["workshop"].queryset = _manageable_workshops(request)
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
class AttendanceAdmin(
    OfficeScopedAdminMixin, OfficeScopedExportMixin, ExportMixin, SimpleHistoryAdmin
):
    """Exports one row per attendance record; imports go through the staff area and
    `import_attendance` (online reports need matching and a session)."""

    resource_classes = [AttendanceRecordResource]
    export_formats = [base_formats.CSV, base_formats.XLSX, base_formats.JSON]
    workshop_path = "session__workshop"
    office_path = "session__workshop__office"

    list_display = ["registration", "session", "status", "method", "recorded_at"]
    list_filter = ["status", "method", "session__workshop"]
    search_fields = ["registration__participant__full_name", "session__title"]
    autocomplete_fields = ["registration"]
    list_select_related = ["registration__participant", "registration__workshop", "session"]
