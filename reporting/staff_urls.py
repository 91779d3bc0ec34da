from django.urls import path

from reporting import views

# Included under /staff/ in the "staff" namespace by config/urls.py, with the other apps' pages.

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("workshops/", views.workshop_list, name="workshop_list"),
    path("reports/", views.reports, name="reports"),
    path("reports/<slug:report>/download/", views.report_download, name="report_download"),
    path("workshops/<slug:slug>/history/", views.workshop_history, name="workshop_history"),
    path(
        "workshops/<slug:slug>/registrations/<int:registration_id>/history/",
        views.registration_history,
        name="registration_history",
    ),
]
