from django.urls import path

from attendance import checkin_views, offline_views, views

# Spliced into the "staff" namespace under /staff/ by config/urls.py.
workshop = "workshops/<slug:slug>/"
checkin = workshop + "checkin/<int:session_id>/"

urlpatterns = [
    path(workshop + "checkin/", checkin_views.checkin_sessions, name="checkin_sessions"),
    path(checkin, checkin_views.checkin, name="checkin"),
    path("sw.js", offline_views.service_worker, name="checkin_service_worker"),
    path(
        workshop + "checkin/roster.json",
        offline_views.checkin_roster_json,
        name="checkin_roster",
    ),
    path(workshop + "checkin/sync/", offline_views.checkin_sync, name="checkin_sync"),
    path(
        workshop + "checkin/manifest.webmanifest",
        offline_views.checkin_manifest,
        name="checkin_manifest",
    ),
    path(workshop + "badges.pdf", offline_views.badges, name="badges"),
    path(checkin + "search/", checkin_views.checkin_search_json, name="checkin_search"),
    path(checkin + "walk-in/", checkin_views.checkin_walk_in, name="checkin_walk_in"),
    path(
        checkin + "<int:registration_id>/attend/",
        checkin_views.checkin_attend,
        name="checkin_attend",
    ),
    path(checkin + "<int:registration_id>/undo/", checkin_views.checkin_undo, name="checkin_undo"),
    path(
        workshop + "sessions/<int:session_id>/sign-in-sheet.pdf",
        checkin_views.sign_in_sheet,
        name="sign_in_sheet",
    ),
    path(workshop + "attendance/", views.attendance_matrix, name="attendance"),
    path(
        workshop + "attendance/<int:registration_id>/",
        views.registration_attendance,
        name="registration_attendance",
    ),
    path(workshop + "attendance/export/", views.attendance_export, name="attendance_export"),
    path(workshop + "import/participants/", views.participants_import, name="import_participants"),
    path(workshop + "import/attendance/", views.attendance_import, name="import_attendance"),
    path("exports/registrations/", views.registrations_export, name="registrations_export"),
]
