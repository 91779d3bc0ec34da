"""Every page under /me/<token>/, the participant's own pages, in one place: each app serves
its part (registration, certificate, personal data, calendar), this list names them all."""

from django.urls import path

from certificates import views as certificate_views
from credentials import views as credential_views
from learning import views as learning_views
from overview import views
from participants import feed_views
from participants import views as participant_views
from privacy import views as privacy_views

app_name = "me"

urlpatterns = [
    path("", views.me, name="page"),
    path("edit/", participant_views.me_edit, name="edit"),
    path("cancel/", participant_views.me_cancel, name="cancel"),
    path("new-link/", participant_views.me_new_link, name="new_link"),
    path("new-calendar-link/", participant_views.me_new_calendar_link, name="new_calendar_link"),
    # Here <token> is the registration's feed key: it opens this feed and nothing else, and
    # the personal key above does not open it.
    path("calendar.ics", feed_views.personal_calendar, name="calendar"),
    path("certificate.pdf", certificate_views.me_certificate, name="certificate"),
    path("credential.json", credential_views.me_credential, name="credential"),
    path("data.json", privacy_views.me_data, name="data"),
    path("erase/", privacy_views.me_erase, name="erase"),
    path("pre-test/", learning_views.pre_test, name="pre_test"),
    path("post-test/", learning_views.post_test, name="post_test"),
    path("evaluation/", learning_views.evaluation, name="evaluation"),
]
