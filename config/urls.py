from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from certificates import staff_urls as certificate_staff_urls
from workshops import staff_urls as workshop_staff_urls

admin.site.site_header = _("COP Workshops administration")
admin.site.site_title = _("COP Workshops")

# One "staff" namespace for every app's staff pages.
staff_urlpatterns = [
    *workshop_staff_urls.urlpatterns,
    *certificate_staff_urls.urlpatterns,
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include((staff_urlpatterns, "staff"))),
    path("", include("certificates.urls")),
    path("", include("workshops.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
