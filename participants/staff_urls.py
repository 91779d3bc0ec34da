from django.urls import path

from participants import staff_views

# Included under /staff/ in the "staff" namespace by config/urls.py.

urlpatterns = [
    path(
        "workshops/<slug:slug>/registrations/<int:pk>/approve/",
        staff_views.registration_approve,
        name="registration_approve",
    ),
    path(
        "workshops/<slug:slug>/registrations/<int:pk>/decline/",
        staff_views.registration_decline,
        name="registration_decline",
    ),
    path(
        "workshops/<slug:slug>/registrations/<int:pk>/cancel/",
        staff_views.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "workshops/<slug:slug>/registrations/<int:pk>/promote/",
        staff_views.registration_promote,
        name="registration_promote",
    ),
    path(
        "workshops/<slug:slug>/registrations/<int:pk>/person/",
        staff_views.person_correct,
        name="person_correct",
    ),
    path("mail/", staff_views.mail_list, name="mail"),
    path("mail/resend/", staff_views.mail_resend_all, name="mail_resend_all"),
    path("mail/<int:email_id>/resend/", staff_views.mail_resend, name="mail_resend"),
    path("workshops/<slug:slug>/cancel/", staff_views.workshop_cancel, name="workshop_cancel"),
]
