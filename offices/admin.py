from django.contrib import admin

from offices import services
from offices.models import RegionalOffice, StaffMembership


@admin.register(RegionalOffice)
class RegionalOfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "city", "country", "time_zone"]
    list_filter = ["region"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "office"]
    list_filter = ["role", "office"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        # Through the service, so the login also gets the admin flag and its role's group.
        services.staff_membership_save(user=obj.user, role=obj.role, office=obj.office)
