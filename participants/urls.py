from django.urls import path

from participants import views

app_name = "participants"

urlpatterns = [
    path("workshops/<slug:slug>/register/", views.register, name="register"),
    path("workshops/<slug:slug>/register/sent/", views.register_sent, name="register_sent"),
]
