from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from certificates.models import Certificate, CertificateBatch
from offices.permissions import OfficeScopedAdminMixin


@admin.register(Certificate)
class CertificateAdmin(OfficeScopedAdminMixin, SimpleHistoryAdmin):
    office_path = "registration__workshop__office"
    list_display = [
        "code",
        "holder_name",
        "registration",
        "issued_at",
        "superseded_at",
        "revoked_at",
    ]
    list_filter = ["language", "registration__workshop__office"]
    search_fields = ["code", "holder_name", "registration__workshop__title"]
    readonly_fields = [
        "code",
        "pdf_sha256",
        "content_digest",
        "issued_at",
        "issued_by",
        "superseded_by",
        "superseded_at",
    ]
    list_select_related = ["registration__workshop", "registration__participant"]


@admin.register(CertificateBatch)
class CertificateBatchAdmin(OfficeScopedAdminMixin, admin.ModelAdmin):
    list_display = ["workshop", "status", "total", "done_count", "failed_count", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["created_at", "started_at", "finished_at", "task_result_id"]
