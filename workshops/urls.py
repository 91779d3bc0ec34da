from django.urls import path

from workshops import views

app_name = "workshops"

urlpatterns = [
    path("", views.home, name="home"),
    path("workshops/", views.workshop_list, name="list"),
    path("workshops/<slug:slug>/", views.workshop_detail, name="detail"),
]
