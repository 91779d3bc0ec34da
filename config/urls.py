from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from api import staff_urls as api_staff_urls
from attendance import staff_urls as attendance_staff_urls
from certificates import staff_urls as certificate_staff_urls
from config import health
from core.http import serve_public_media
from learning import staff_urls as learning_staff_urls
from offices import staff_urls as office_staff_urls
from overview import staff_urls as overview_staff_urls
from participants import staff_urls as participant_staff_urls
from privacy import staff_urls as privacy_staff_urls
from reminders import staff_urls as reminder_staff_urls
from reporting import staff_urls as reporting_staff_urls
from workshops import staff_urls as workshop_staff_urls

admin.site.site_header = _("COP Workshops administration")
admin.site.site_title = _("COP Workshops")

# One "staff" namespace for every app's staff pages. The workshops' own list comes before the
# overview's workshops/<slug>/, so "workshops/new/" is not taken for a slug.
staff_urlpatterns = [
    *office_staff_urls.urlpatterns,
    *reporting_staff_urls.urlpatterns,
    *workshop_staff_urls.urlpatterns,
    *overview_staff_urls.urlpatterns,
    *participant_staff_urls.urlpatterns,
    *attendance_staff_urls.urlpatterns,
    *certificate_staff_urls.urlpatterns,
    *learning_staff_urls.urlpatterns,
    *reminder_staff_urls.urlpatterns,
    *privacy_staff_urls.urlpatterns,
    *api_staff_urls.urlpatterns,
]

# The pages that have a URL per language (/en/…, /fr/…: config/urls_i18n.py) and, here, the
# same pages unprefixed, in the visitor's language (core/language_urls.py).
public_urlpatterns = [
    path("", include("workshops.urls")),
    path("", include("participants.urls")),
    path("", include("privacy.urls")),
    path("", include("overview.urls")),
]

# The pages that stay unprefixed in both URL configurations (staff, /me/, the API,
# verification, health checks); `?lang=` chooses their language.
unprefixed_urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("api.urls")),
    path("staff/", include((staff_urlpatterns, "staff"))),
    path("me/<str:token>/", include("overview.me_urls")),
    # Before certificates: verify/file/ is not a verification code.
    path("", include("credentials.urls")),
    path("", include("certificates.urls")),
]

if settings.SERVE_MEDIA:
    # Development, or a setup without a proxy in front: Django serves the public media, only
    # the types the project writes, with nosniff and a Content-Disposition (core.http).
    media_prefix = settings.MEDIA_URL.lstrip("/")
    unprefixed_urlpatterns += [
        re_path(rf"^{media_prefix}(?P<path>.+)$", serve_public_media, name="media")
    ]

urlpatterns = [*unprefixed_urlpatterns, *public_urlpatterns]
