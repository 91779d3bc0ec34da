from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from core.admin_site import FixedRowsAdminMixin
from core.content_languages import columns
from offices import services
from offices.models import Region, RegionalOffice, StaffMembership


@admin.register(RegionalOffice)
class RegionalOfficeAdmin(TranslationAdmin):
    """One name field per language (English required), like the catalogue's admins; a name
    another office has in the same language is refused on its field."""

    list_display = ["name", "region", "city", "country", "time_zone"]
    list_filter = ["region"]
    search_fields = [*columns(["name"]), "city"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Region)
class RegionAdmin(FixedRowsAdminMixin, TranslationAdmin):
    """A region's name per language (English required); the six regions themselves are fixed."""

    list_display = ["name", "slug"]
    fields = ["slug", "name"]
    readonly_fields = ["slug"]


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "office"]
    list_filter = ["role", "office"]
    search_fields = ["user__username", "user__email"]
    # A search box rather than a list of every login; only superusers see the admin at all.
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        services.staff_membership_save(user=obj.user, role=obj.role, office=obj.office)

    def delete_model(self, request, obj):
        services.staff_membership_delete(membership=obj)

    def delete_queryset(self, request, queryset):
        # The "delete selected" action, one membership at a time through the service.
        for membership in queryset.select_related("user"):
            services.staff_membership_delete(membership=membership)
