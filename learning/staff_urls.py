from django.urls import path

from learning import staff_views

# Spliced into the "staff" namespace under /staff/ by config/urls.py.

urlpatterns = [
    path("workshops/<slug:slug>/learning/", staff_views.learning_results, name="learning_results"),
    path(
        "workshops/<slug:slug>/learning/results.<str:fmt>",
        staff_views.learning_results_download,
        name="learning_download",
    ),
    path(
        "workshops/<slug:slug>/learning/settings/",
        staff_views.learning_settings_edit,
        name="learning_settings",
    ),
    path("question-sets/", staff_views.question_set_list, name="question_sets"),
    path("question-sets/new/", staff_views.question_set_new, name="question_set_new"),
    path("question-sets/<int:set_id>/", staff_views.question_set_edit, name="question_set"),
    path(
        "question-sets/<int:set_id>/copy/",
        staff_views.question_set_copy_view,
        name="question_set_copy",
    ),
]
