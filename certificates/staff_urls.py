from django.urls import path

from certificates import staff_views

# Spliced into the "staff" namespace under /staff/ by config/urls.py.

urlpatterns = [
    path(
        "workshops/<slug:slug>/certificates/issue/<int:registration_id>/",
        staff_views.issue_one,
        name="certificate_issue",
    ),
    path(
        "workshops/<slug:slug>/certificates/issue-all/",
        staff_views.issue_all,
        name="certificate_issue_all",
    ),
    path(
        "workshops/<slug:slug>/certificates/batches/<int:batch_id>/",
        staff_views.batch_detail,
        name="certificate_batch",
    ),
    path(
        "workshops/<slug:slug>/certificates/batches/<int:batch_id>/resume/",
        staff_views.batch_resume_view,
        name="certificate_batch_resume",
    ),
    path(
        "workshops/<slug:slug>/certificates/certificates.zip",
        staff_views.download_zip,
        name="certificate_zip",
    ),
    path(
        "workshops/<slug:slug>/certificates/<str:code>.pdf",
        staff_views.download,
        name="certificate_download",
    ),
    path(
        "workshops/<slug:slug>/certificates/<str:code>/revoke/",
        staff_views.revoke,
        name="certificate_revoke",
    ),
]
