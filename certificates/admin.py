from django.contrib import admin

from certificates.models import Certificate, CertificateBatch
from core.admin_site import NoRevertHistoryAdmin, ViewOnlyAdminMixin


# Every field of a certificate is the issuing service's (the file, the name printed on it, its
# code and digests) or the revoking one's; revocation is done in the staff area. So the admin
# only shows certificates: no file or holder name can be typed in here.
@admin.register(Certificate)
class CertificateAdmin(ViewOnlyAdminMixin, NoRevertHistoryAdmin):
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
    list_select_related = ["registration__workshop", "registration__participant"]


@admin.register(CertificateBatch)
class CertificateBatchAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """Batches are requested in the staff area and run by the task worker."""

    list_display = ["workshop", "status", "total", "done_count", "failed_count", "created_at"]
    list_filter = ["status"]
    list_select_related = ["workshop"]
