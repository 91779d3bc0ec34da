from django.contrib import admin

from core.admin_site import ViewOnlyAdminMixin
from credentials.models import CertificateCredential, PublishedKey, StatusList


# Everything here is written by the issuing service (a signed credential cannot be edited
# without breaking its signature): the admin only shows it.
@admin.register(CertificateCredential)
class CertificateCredentialAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "certificate",
        "status_list",
        "status_index",
        "key_id",
        "issued_at",
        "erased_at",
    ]
    list_filter = ["status_list", "key_id"]
    search_fields = ["certificate__code"]
    list_select_related = ["certificate", "status_list"]


@admin.register(StatusList)
class StatusListAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "size", "created_at"]


@admin.register(PublishedKey)
class PublishedKeyAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["key_id", "public_key_multibase", "first_used_at"]
