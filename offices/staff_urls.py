from django.urls import path

from offices import views

# Included under /staff/ in the "staff" namespace by config/urls.py, with the other apps' pages.

urlpatterns = [
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("logout/", views.StaffLogoutView.as_view(), name="logout"),
    path("login/verify/", views.verify, name="verify"),
    path("account/two-factor/", views.two_factor, name="two_factor"),
]
