from django.urls import path

from workshops import staff_views

# Included under /staff/ in the "staff" namespace by config/urls.py, with the other apps' pages.

urlpatterns = [
    path("", staff_views.dashboard, name="dashboard"),
    path("login/", staff_views.StaffLoginView.as_view(), name="login"),
    path("logout/", staff_views.StaffLogoutView.as_view(), name="logout"),
    path("workshops/<slug:slug>/", staff_views.workshop_detail, name="workshop"),
]
