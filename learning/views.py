"""The participant's questionnaires under /me/<token>/ (pre-test, post-test, evaluation):
form -> service -> a confirmation. Included in the /me/ urlconf by overview/me_urls.py."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from learning import selectors
from learning.forms import QuestionnaireForm
from learning.selectors import Check
from learning.services import LearningError, evaluation_submit, knowledge_test_submit
from participants.emails import personal_path
from participants.views import registration_or_404

TITLES = {
    Check.PRE: _("Pre-test"),
    Check.POST: _("Post-test"),
    Check.EVALUATION: _("Evaluation"),
}


def _questionnaire(request: HttpRequest, token: str, check: Check) -> HttpResponse:
    registration = registration_or_404(token)
    state = selectors.registration_check_state(registration=registration, check=check)
    if state is None or not state.allowed:
        raise Http404
    workshop = registration.workshop
    questions = selectors.question_set_questions(question_set=state.window.question_set)
    sessions = (
        list(workshop.sessions.filter(is_cancelled=False)) if check == Check.EVALUATION else []
    )
    if check == Check.EVALUATION:
        initial = selectors.named_evaluation_initial(registration=registration)
    else:
        initial = selectors.test_response_initial(
            selectors.test_response_for(registration=registration, phase=check.value)
        )
    accepting = state.is_open and (not state.answered or state.changeable)
    bound = request.method == "POST"
    form = QuestionnaireForm(
        request.POST if bound else None, initial=initial, questions=questions, sessions=sessions
    )
    error = ""
    status = 200
    if bound:
        if not accepting:
            # Refused whatever was sent: the stored answers stay as they were.
            error = (
                _("You have already answered this anonymous evaluation; it cannot be changed.")
                if state.answered and state.is_open
                else _(
                    "This questionnaire is closed: answers are no longer accepted. Nothing was changed."
                )
            )
            status = 409
        elif form.is_valid():
            try:
                if check == Check.EVALUATION:
                    evaluation_submit(registration=registration, answers=form.cleaned_data)
                else:
                    knowledge_test_submit(
                        registration=registration, check=check, answers=form.cleaned_data
                    )
            except LearningError as refusal:
                error = refusal.message
                status = 409
            else:
                messages.success(
                    request,
                    _("Thank you: your answers to the %(title)s are saved.")
                    % {"title": str(TITLES[check]).lower()},
                )
                return redirect(personal_path(registration))
        else:
            status = 400
    return render(
        request,
        "learning/questionnaire.html",
        {
            "registration": registration,
            "workshop": workshop,
            "state": state,
            "title": TITLES[check],
            "form": form,
            "accepting": accepting,
            "anonymous": check == Check.EVALUATION
            and selectors.learning_settings_for(workshop=workshop).evaluation_anonymous,
            "error": error,
        },
        status=status,
    )


@never_cache
def pre_test(request: HttpRequest, token: str) -> HttpResponse:
    return _questionnaire(request, token, Check.PRE)


@never_cache
def post_test(request: HttpRequest, token: str) -> HttpResponse:
    return _questionnaire(request, token, Check.POST)


@never_cache
def evaluation(request: HttpRequest, token: str) -> HttpResponse:
    return _questionnaire(request, token, Check.EVALUATION)
