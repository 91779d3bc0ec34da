from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from certificates import staff_urls as certificate_staff_urls
from config import health
from participants import attendance_urls as attendance_staff_urls
from participants import feed_views as participant_feed_views
from participants import staff_urls as participant_staff_urls
from workshops import staff_urls as workshop_staff_urls

admin.site.site_header = _("COP Workshops administration")
admin.site.site_title = _("COP Workshops")

# One "staff" namespace for every app's staff pages.
staff_urlpatterns = [
    *workshop_staff_urls.urlpatterns,
    *participant_staff_urls.urlpatterns,
    *attendance_staff_urls.urlpatterns,
    *certificate_staff_urls.urlpatterns,
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include((staff_urlpatterns, "staff"))),
    path(
        "me/<str:token>/calendar.ics",
        participant_feed_views.personal_calendar,
        name="personal_calendar",
    ),
    path("", include("certificates.urls")),
    path("", include("workshops.urls")),
    path("", include("participants.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
