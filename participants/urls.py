from django.urls import path

from participants import views

app_name = "participants"

urlpatterns = [
    path("workshops/<slug:slug>/register/", views.register, name="register"),
    path("workshops/<slug:slug>/register/sent/", views.register_sent, name="register_sent"),
    path("me/<str:token>/", views.me, name="me"),
    path("me/<str:token>/edit/", views.me_edit, name="me_edit"),
    path("me/<str:token>/cancel/", views.me_cancel, name="me_cancel"),
    path("me/<str:token>/new-link/", views.me_new_link, name="me_new_link"),
    path("me/<str:token>/data.json", views.me_data, name="me_data"),
    path("me/<str:token>/erase/", views.me_erase, name="me_erase"),
    path("privacy/", views.privacy, name="privacy"),
]
