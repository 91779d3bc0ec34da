from django.urls import path

from workshops import staff_views

# Included under /staff/ in the "staff" namespace by config/urls.py, with the other apps' pages.

urlpatterns = [
    path("", staff_views.dashboard, name="dashboard"),
    path("login/", staff_views.StaffLoginView.as_view(), name="login"),
    path("logout/", staff_views.StaffLogoutView.as_view(), name="logout"),
    path("workshops/<slug:slug>/", staff_views.workshop_detail, name="workshop"),
    path(
        "workshops/<slug:slug>/documents/",
        staff_views.workshop_documents,
        name="workshop_documents",
    ),
    path(
        "workshops/<slug:slug>/documents/<int:document_id>/files/",
        staff_views.document_file_add,
        name="document_file_add",
    ),
    path(
        "workshops/<slug:slug>/documents/<int:document_id>/publish/",
        staff_views.document_publish,
        name="document_publish",
    ),
    path(
        "workshops/<slug:slug>/documents/<int:document_id>/delete/",
        staff_views.document_delete,
        name="document_delete",
    ),
    path(
        "workshops/<slug:slug>/documents/<int:document_id>/<str:language>/",
        staff_views.document_file_download,
        name="document_file_download",
    ),
    path(
        "workshops/<slug:slug>/documents/<int:document_id>/<str:language>/delete/",
        staff_views.document_file_delete,
        name="document_file_delete",
    ),
]
