from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats
from import_export.forms import ConfirmImportForm, ImportForm

from core.tabular import read_table
from offices.permissions import OfficeScopedAdminMixin, OfficeScopedInlineMixin, staff_access
from participants.importers import participant_table_dataset
from participants.models import Participant, Registration
from workshops.access import workshops_visible_to
from workshops.models import Workshop


class ParticipantListFormat(base_formats.Format):
    """The admin reads participant lists exactly as the staff area does (any encoding,
    delimiter, XLSX first sheet, title rows above the header, column names folded)."""

    def __init__(self, encoding=None):
        # The encoding is detected from the file itself (core.tabular.decode_text).
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


class WorkshopImportForm(ImportForm):
    workshop = forms.ModelChoiceField(label=_("Workshop"), queryset=Workshop.objects.none())


class WorkshopConfirmImportForm(ConfirmImportForm):
    workshop = forms.ModelChoiceField(queryset=Workshop.objects.none(), widget=forms.HiddenInput)


class OfficeScopedExportMixin:
    """Exports hold only what the user's office may see (offices.permissions)."""

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
