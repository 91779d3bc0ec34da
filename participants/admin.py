from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats
from import_export.forms import ConfirmImportForm, ImportForm

from core.tabular import read_table
from participants import services
from participants.importers import participant_table_dataset
from participants.models import Participant, Registration
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


class RegistrationInline(admin.TabularInline):
    """A person's registrations, to read: their status changes through the registration
    actions (the services), never by typing here."""

    model = Registration
    extra = 0
    fields = ["workshop", "status", "source", "created_at"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "organisation", "sector", "country", "is_minor"]
    list_filter = ["sector", "is_minor", "gender"]
    search_fields = ["full_name", "email", "organisation", "code"]
    # What the services keep: the code, the consents and the erasure stamp.
    readonly_fields = [
        "code",
        "created_at",
        "updated_at",
        "consent_at",
        "guardian_consent_at",
        "anonymised_at",
    ]
    inlines = [RegistrationInline]

    def save_model(self, request, obj, form, change):
        # A corrected name or address must be findable by it, as the services keep it.
        services.participant_refresh_search_text(obj)
        super().save_model(request, obj, form, change)
