"""The URL configuration of a path that starts with a language (`/fr/workshops/…`): the public
pages under `/<language>/`, everything else as in config/urls.py. Chosen per request by
core.language_urls.LanguagePrefixMiddleware (settings.LANGUAGE_URLCONF)."""

from django.conf.urls.i18n import i18n_patterns

from config.urls import public_urlpatterns, unprefixed_urlpatterns

urlpatterns = [
    *unprefixed_urlpatterns,
    *i18n_patterns(*public_urlpatterns, prefix_default_language=True),
]
