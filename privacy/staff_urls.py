from django.urls import path

from privacy import staff_views

# Included under /staff/ in the "staff" namespace by config/urls.py.

urlpatterns = [
    path(
        "workshops/<slug:slug>/registrations/<int:pk>/erase/",
        staff_views.erasure_confirm,
        name="erasure_confirm",
    ),
    path("erasure-requests/", staff_views.erasure_requests, name="erasure_requests"),
]
