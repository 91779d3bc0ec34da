from django.urls import path

from overview import views

app_name = "overview"

urlpatterns = [
    path("countries/<str:code>/", views.country_detail, name="country"),
]
