from django.urls import path

from overview import views

# Included under /staff/ in the "staff" namespace by config/urls.py.

urlpatterns = [
    path("workshops/<slug:slug>/", views.workshop_detail, name="workshop"),
    path(
        "workshops/<slug:slug>/registrations/<int:pk>/",
        views.registration_detail,
        name="registration",
    ),
]
