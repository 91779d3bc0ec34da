import zoneinfo

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from core.admin_site import FixedRowsAdminMixin, NoRevertHistoryAdmin
from core.uploads import FileRefused, check_upload
from workshops import services
from workshops.models import (
    Audience,
    NationalActivity,
    OutcomeDocument,
    OutcomeDocumentFile,
    Partner,
    Pillar,
    Session,
    UNLanguage,
    Workshop,
    WorkshopPartner,
)


@admin.register(Partner)
class PartnerAdmin(TranslationAdmin):
    list_display = ["name", "acronym", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym"]
    prepopulated_fields = {"slug": ["acronym"]}


class FixedNameAdmin(FixedRowsAdminMixin, TranslationAdmin):
    """A COP pillar's or audience's name per language (English required); the rows are fixed."""

    list_display = ["name", "code"]
    fields = ["code", "name"]
    readonly_fields = ["code"]


admin.site.register(Pillar, FixedNameAdmin)
admin.site.register(Audience, FixedNameAdmin)


class SessionInline(TranslationTabularInline):
    model = Session
    extra = 0
    verbose_name_plural = _("sessions (times in the workshop's time zone)")
    fields = ["title", "starts_at", "ends_at", "room", "speakers", "is_mandatory", "is_cancelled"]


class WorkshopPartnerInline(admin.TabularInline):
    model = WorkshopPartner
    extra = 0
    autocomplete_fields = ["partner"]


class WorkshopAdminForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("working languages"),
        choices=UNLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Workshop
        fields = "__all__"  # noqa: DJ007 - the admin shows every field through its fieldsets


@admin.register(Workshop)
class WorkshopAdmin(TranslationAdmin, NoRevertHistoryAdmin):
    form = WorkshopAdminForm
    list_display = ["title", "office", "city", "country", "start_date", "end_date", "status"]
    list_filter = ["status", "format", "office__region", "office"]
    search_fields = ["title", "slug", "city", "venue"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["pillars", "audiences"]
    inlines = [SessionInline, WorkshopPartnerInline]
    list_select_related = ["office"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Session times are typed and shown in the workshop's own time zone, not the server's."""
        with timezone.override(self._workshop_time_zone(request, object_id)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    def save_model(self, request, obj, form, change):
        # Through the service, so an edit that calendars show raises the workshop's SEQUENCE.
        services.workshop_save(workshop=obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Session:
            return super().save_formset(request, form, formset, change)
        sessions = formset.save(commit=False)
        for session in formset.deleted_objects:
            session.delete()
        for session in sessions:
            services.session_save(session=session)
        formset.save_m2m()
        return None

    def _workshop_time_zone(self, request, object_id) -> str:
        submitted = request.POST.get("time_zone", "")
        if submitted in zoneinfo.available_timezones():
            return submitted
        if object_id:
            workshop = Workshop.objects.filter(pk=object_id).only("time_zone").first()
            if workshop and workshop.time_zone in zoneinfo.available_timezones():
                return workshop.time_zone
        return "UTC"

    fieldsets = [
        (None, {"fields": ["title", "slug", "office", "status", "summary", "description"]}),
        (
            _("Place and time"),
            {
                "fields": [
                    "format",
                    "join_url",
                    "country",
                    "city",
                    "venue",
                    "time_zone",
                    "start_date",
                    "end_date",
                    "languages",
                ]
            },
        ),
        (
            _("Registration"),
            {
                "fields": [
                    "capacity",
                    "requires_approval",
                    "registration_opens_at",
                    "registration_closes_at",
                ]
            },
        ),
        (_("Themes"), {"fields": ["pillars", "audiences"]}),
        (
            _("Certificates"),
            {
                "fields": [
                    "min_attendance_percent",
                    "certificate_language",
                    "signatory_name",
                    "signatory_title",
                ]
            },
        ),
        (_("Records"), {"fields": ["expected_participants", "data_note"]}),
    ]


class OutcomeDocumentFileForm(forms.ModelForm):
    """The same checks as the staff upload (core.uploads): the content decides the type."""

    class Meta:
        model = OutcomeDocumentFile
        fields = ["language", "title", "file"]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if "file" not in self.changed_data or not upload:
            return cleaned
        try:
            checked = check_upload(upload, max_bytes=settings.UPLOAD_MAX_BYTES)
        except FileRefused as refusal:
            self.add_error("file", str(refusal))
            return cleaned
        upload.name = checked.filename
        self.instance.original_filename = checked.filename
        self.instance.content_type = checked.file_type.content_type
        self.instance.size = checked.size
        self.instance.sha256 = checked.sha256
        return cleaned


class OutcomeDocumentFileInline(admin.TabularInline):
    model = OutcomeDocumentFile
    form = OutcomeDocumentFileForm
    extra = 0
    fields = ["language", "title", "file", "original_filename", "content_type", "size"]
    readonly_fields = ["original_filename", "content_type", "size"]


@admin.register(OutcomeDocument)
class OutcomeDocumentAdmin(TranslationAdmin):
    list_display = ["title", "kind", "workshop", "year", "is_published"]
    list_filter = ["kind", "is_published", "year"]
    search_fields = ["title", "workshop__title"]
    autocomplete_fields = ["workshop"]
    inlines = [OutcomeDocumentFileInline]


@admin.register(NationalActivity)
class NationalActivityAdmin(TranslationAdmin):
    list_display = ["title", "country", "kind", "year", "office"]
    list_filter = ["kind", "office"]
    search_fields = ["title", "description"]
    filter_horizontal = ["documents"]
