from django.urls import path

from reminders import staff_views

# Spliced into the "staff" namespace under /staff/ by config/urls.py.

urlpatterns = [
    path("workshops/<slug:slug>/mail/", staff_views.workshop_mail_rules, name="mail_rules"),
    path("mail-rules/", staff_views.office_mail_rules, name="office_mail_rules"),
]
