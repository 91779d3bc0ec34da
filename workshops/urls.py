from django.urls import path

from workshops import calendar_views, views

app_name = "workshops"

urlpatterns = [
    path("", views.home, name="home"),
    path("workshops/", views.workshop_list, name="list"),
    path("workshops/<slug:slug>/", views.workshop_detail, name="detail"),
    path("calendar.ics", calendar_views.all_workshops_calendar, name="calendar"),
    path(
        "workshops/<slug:slug>/calendar.ics",
        calendar_views.workshop_calendar,
        name="workshop_calendar",
    ),
    path("documents/", views.document_list, name="documents"),
    path(
        "documents/<int:document_id>/<str:language>/",
        views.document_download,
        name="document_download",
    ),
    path("partners/", views.partner_list, name="partners"),
    path("partners/<slug:slug>/", views.partner_detail, name="partner"),
    path("countries/", views.country_list, name="countries"),
]
