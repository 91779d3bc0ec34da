from django.urls import path

from workshops import directory_views, document_views, manage_views

# Included under /staff/ in the "staff" namespace by config/urls.py, with the other apps' pages.

urlpatterns = [
    # Before workshops/<slug>/: "new" is a reserved slug (workshops.manage_forms.RESERVED_SLUGS).
    path("workshops/new/", manage_views.workshop_create, name="workshop_create"),
    path("workshops/<slug:slug>/edit/", manage_views.workshop_edit, name="workshop_edit"),
    path("workshops/<slug:slug>/publish/", manage_views.workshop_publish, name="workshop_publish"),
    path(
        "workshops/<slug:slug>/translations.xlsx",
        manage_views.workshop_translations,
        name="workshop_translations",
    ),
    path(
        "workshops/<slug:slug>/translations/import/",
        manage_views.workshop_translations_import,
        name="workshop_translations_import",
    ),
    path(
        "workshops/<slug:slug>/duplicate/",
        manage_views.workshop_duplicate,
        name="workshop_duplicate",
    ),
    path("workshops/<slug:slug>/sessions/new/", manage_views.session_create, name="session_create"),
    path(
        "workshops/<slug:slug>/sessions/<int:session_id>/edit/",
        manage_views.session_edit,
        name="session_edit",
    ),
    path(
        "workshops/<slug:slug>/sessions/<int:session_id>/delete/",
        manage_views.session_delete,
        name="session_delete",
    ),
    path(
        "workshops/<slug:slug>/partners/",
        manage_views.workshop_partners,
        name="workshop_partners",
    ),
    path(
        "workshops/<slug:slug>/partners/<int:partner_role_id>/remove/",
        manage_views.workshop_partner_remove,
        name="workshop_partner_remove",
    ),
    path(
        "workshops/<slug:slug>/documents/",
        document_views.workshop_documents,
        name="workshop_documents",
    ),
    path(
        "workshops/<slug:slug>/documents/<int:document_id>/files/",
        document_views.document_file_add,
        name="document_file_add",
    ),
    path(
        "workshops/<slug:slug>/documents/<int:document_id>/publish/",
        document_views.document_publish,
        name="document_publish",
    ),
    path(
        "workshops/<slug:slug>/documents/<int:document_id>/delete/",
        document_views.document_delete,
        name="document_delete",
    ),
    path(
        "workshops/<slug:slug>/documents/<int:document_id>/<str:language>/",
        document_views.document_file_download,
        name="document_file_download",
    ),
    path(
        "workshops/<slug:slug>/documents/<int:document_id>/<str:language>/delete/",
        document_views.document_file_delete,
        name="document_file_delete",
    ),
    # The shared partners directory and the offices' national work.
    path("partners/", directory_views.partner_list, name="partner_list"),
    path("partners/new/", directory_views.partner_create, name="partner_create"),
    path("partners/<slug:partner_slug>/edit/", directory_views.partner_edit, name="partner_edit"),
    path("national-work/", directory_views.national_work_list, name="national_work_list"),
    path("national-work/new/", directory_views.national_work_create, name="national_work_create"),
    path(
        "national-work/<int:activity_id>/edit/",
        directory_views.national_work_edit,
        name="national_work_edit",
    ),
    path(
        "national-work/<int:activity_id>/delete/",
        directory_views.national_work_delete,
        name="national_work_delete",
    ),
]
