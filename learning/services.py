"""Writes: answering a knowledge check or an evaluation (scored and checked on the server),
and editing a question set (a new version once it has answers)."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.page_cache import records_changed
from learning.models import (
    EvaluationAnswer,
    EvaluationReceipt,
    EvaluationResponse,
    LearningSettings,
    Option,
    Question,
    QuestionSet,
    TestAnswer,
    TestResponse,
)
from learning.selectors import (
    Check,
    learning_settings_for,
    question_set_has_answers,
    registration_check_state,
    workshops_answering,
)
from participants.models import Registration
from workshops.models import Session


class LearningError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# An answer as the form cleaned it: an option id, a list of option ids, "true"/"false", a
# number, a 1-5 rating or a text. Keyed by "q<question id>" (and "_s<session id>").
Answers = dict[str, object]
TEXT_MAX = 4000


def _open_state(*, registration: Registration, check: Check, now: dt.datetime):
    state = registration_check_state(registration=registration, check=check, now=now)
    if state is None:
        raise LearningError(_("This workshop has no such questionnaire."))
    if not state.allowed:
        raise LearningError(_("Your registration does not take part in this questionnaire."))
    if not state.is_open:
        raise LearningError(
            _("This questionnaire is closed: answers are no longer accepted. Nothing was changed.")
        )
    return state


def _option_ids(question: Question, value: object) -> list[int]:
    """The chosen options, each checked to belong to this question."""
    raw = value if isinstance(value, list | tuple) else ([value] if value not in (None, "") else [])
    valid = {option.pk for option in question.options.all()}
    try:
        ids = [int(item) for item in raw]
    except (TypeError, ValueError):
        ids = [-1]
    if any(option_id not in valid for option_id in ids):
        raise LearningError(
            _("An answer to “%(question)s” is not one of its options.")
            % {"question": question.text}
        )
    if question.kind == Question.Kind.SINGLE and len(ids) > 1:
        raise LearningError(_("“%(question)s” takes one answer.") % {"question": question.text})
    return ids


@dataclass
class ScoredAnswer:
    question: Question
    option_ids: list[int] = field(default_factory=list)
    true_false: bool | None = None
    number: Decimal | None = None
    points: Decimal = Decimal(0)
    is_correct: bool = False


def score_answer(question: Question, value: object) -> ScoredAnswer:
    """One knowledge-check answer checked and scored. Multiple choice counts only when exactly
    the correct options are chosen; a number when it equals the correct one."""
    scored = ScoredAnswer(question=question)
    if question.kind in Question.CHOICE_KINDS:
        scored.option_ids = _option_ids(question, value)
        correct = {option.pk for option in question.options.all() if option.is_correct}
        scored.is_correct = bool(scored.option_ids) and set(scored.option_ids) == correct
    elif question.kind == Question.Kind.TRUE_FALSE:
        if value not in ("true", "false", None, ""):
            raise LearningError(
                _("Answer “%(question)s” with true or false.") % {"question": question.text}
            )
        scored.true_false = None if value in (None, "") else value == "true"
        scored.is_correct = (
            scored.true_false is not None and scored.true_false == question.correct_true
        )
    elif question.kind == Question.Kind.NUMBER and value not in (None, ""):
        try:
            number = Decimal(str(value))
        except ArithmeticError:
            raise LearningError(
                _("“%(question)s” takes a number.") % {"question": question.text}
            ) from None
        low, high = question.number_min, question.number_max
        if (
            (low is not None and number < low)
            or (high is not None and number > high)
            or not number.is_finite()
        ):
            raise LearningError(
                _("The answer to “%(question)s” must be between %(low)s and %(high)s.")
                % {"question": question.text, "low": low, "high": high}
            )
        scored.number = number
        scored.is_correct = (
            question.correct_number is not None and number == question.correct_number
        )
    if scored.is_correct:
        scored.points = Decimal(question.points)
    return scored


@transaction.atomic
def knowledge_test_submit(
    *, registration: Registration, check: Check, answers: Answers, now: dt.datetime | None = None
) -> TestResponse:
    """Store (or replace, while the test is open) the registration's answers to the pre- or
    post-test, each checked and scored here, with the total, all together: a refused answer
    stores nothing and leaves the earlier answers as they were."""
    now = now or timezone.now()
    state = _open_state(registration=registration, check=check, now=now)
    question_set = state.window.question_set
    questions = list(question_set.questions.prefetch_related("options"))
    scored = [score_answer(question, answers.get(f"q{question.pk}")) for question in questions]
    response, _created = TestResponse.objects.select_for_update().get_or_create(
        registration=registration, phase=check.value, defaults={"question_set": question_set}
    )
    response.answers.all().delete()
    response.question_set = question_set
    response.score = sum((item.points for item in scored), Decimal(0))
    response.max_score = Decimal(sum(question.points for question in questions))
    response.save()
    for item in scored:
        answer = TestAnswer.objects.create(
            response=response,
            question=item.question,
            true_false=item.true_false,
            number=item.number,
            points=item.points,
            is_correct=item.is_correct,
        )
        if item.option_ids:
            answer.options.set(item.option_ids)
    return response


def _evaluation_rows(
    questions: list[Question], sessions: list[Session], answers: Answers
) -> list[tuple[Question, Session | None, object]]:
    rows = []
    for question in questions:
        for session in sessions if question.per_session else [None]:
            key = f"q{question.pk}" + (f"_s{session.pk}" if session else "")
            value = answers.get(key)
            if question.kind == Question.Kind.LIKERT and value not in (None, ""):
                try:
                    value = int(value)
                except (TypeError, ValueError):
                    value = 0
                if not 1 <= value <= 5:
                    raise LearningError(
                        _("“%(question)s” takes a rating from 1 to 5.")
                        % {"question": question.text}
                    )
            elif question.is_choice:
                value = _option_ids(question, value)
            rows.append((question, session, value))
    return rows


@transaction.atomic
def evaluation_submit(
    *, registration: Registration, answers: Answers, now: dt.datetime | None = None
) -> None:
    """Record that the registration answered (the receipt, with the day only) and store the
    answers. Anonymous: the answers carry nothing of the person, and cannot be changed
    afterwards (nothing leads back to them). Named: changed in place while open."""
    now = now or timezone.now()
    state = _open_state(registration=registration, check=Check.EVALUATION, now=now)
    settings = learning_settings_for(workshop=registration.workshop)
    question_set = state.window.question_set
    questions = list(question_set.questions.prefetch_related("options"))
    sessions = list(registration.workshop.sessions.filter(is_cancelled=False))
    rows = _evaluation_rows(questions, sessions, answers)
    try:
        with transaction.atomic():
            EvaluationReceipt.objects.create(registration=registration, answered_on=now.date())
    except IntegrityError:
        if settings.evaluation_anonymous:
            raise LearningError(
                _("You have already answered this anonymous evaluation; it cannot be changed.")
            ) from None
    if settings.evaluation_anonymous:
        response = EvaluationResponse.objects.create(
            workshop=registration.workshop, question_set=question_set
        )
    else:
        response, _created = EvaluationResponse.objects.get_or_create(
            registration=registration,
            defaults={"workshop": registration.workshop, "question_set": question_set},
        )
        response.answers.all().delete()
    for question, session, value in rows:
        answer = EvaluationAnswer.objects.create(
            response=response,
            question=question,
            session=session,
            likert=value if question.kind == Question.Kind.LIKERT and value else None,
            text=str(value or "")[:TEXT_MAX] if question.kind == Question.Kind.TEXT else "",
        )
        if question.is_choice and value:
            answer.options.set(value)


# ---------------------------------------------------------------------------------------
# Question sets: the office's library, copies and versions
# ---------------------------------------------------------------------------------------


def _copy_questions(source: QuestionSet, target: QuestionSet) -> None:
    for question in source.questions.prefetch_related("options"):
        options = list(question.options.all())
        question.pk = None
        question.question_set = target
        question.save()
        for option in options:
            option.pk = None
            option.question = question
            option.save()


@transaction.atomic
def question_set_copy(*, question_set: QuestionSet, office, title: str = "") -> QuestionSet:
    """A new set of `office` (a new lineage, version 1) with the same questions."""
    copy = QuestionSet.objects.get(pk=question_set.pk)
    copy.pk = None
    copy.office = office
    copy.lineage = QuestionSet._meta.get_field("lineage").default()
    copy.version = 1
    copy.is_current = True
    if title:
        copy.title = title
    copy.save()
    _copy_questions(question_set, copy)
    return copy


@transaction.atomic
def question_set_version_for_edit(*, question_set: QuestionSet) -> QuestionSet:
    """The version an edit goes to: this one while nobody has answered it; otherwise a new
    version with the same questions, which becomes current and which every workshop using
    this one without answers yet moves to. Workshops with answers keep the old version, and
    the old answers keep pointing at it."""
    question_set = QuestionSet.objects.select_for_update().get(pk=question_set.pk)
    if not question_set.is_current:
        raise LearningError(_("This is an old version of the set; edit the current one."))
    if not question_set_has_answers(question_set=question_set):
        return question_set
    answering = set(workshops_answering(question_set=question_set).values_list("pk", flat=True))
    question_set.is_current = False
    question_set.save(update_fields=["is_current"])
    new = QuestionSet.objects.get(pk=question_set.pk)
    new.pk = None
    new.version = question_set.version + 1
    new.is_current = True
    new.save()
    _copy_questions(question_set, new)
    users = LearningSettings.objects.exclude(pk__in=answering)
    users.filter(knowledge_check=question_set).update(knowledge_check=new)
    users.filter(evaluation=question_set).update(evaluation=new)
    return new


def options_replace(*, question: Question, options: list[dict]) -> None:
    """The question's options, in order, as given ({"text_en": ..., "is_correct": ...})."""
    question.options.all().delete()
    for position, data in enumerate(options):
        Option.objects.create(question=question, position=position, **data)


@transaction.atomic
def learning_settings_save(*, settings: LearningSettings) -> LearningSettings:
    settings.full_clean()
    settings.save()
    return settings


def evaluations_detach_person(*, registrations) -> int:
    """On erasure: a person's named evaluations become anonymous ones (the scores still count
    in the workshop's means), and what they wrote in their own words goes, since it may name
    them. Their knowledge-check scores stay with the (now anonymous) registration, as their
    attendance does. Returns how many evaluations were detached."""
    responses = EvaluationResponse.objects.filter(registration__in=registrations)
    EvaluationAnswer.objects.filter(response__in=responses).exclude(text="").update(text="")
    detached = responses.update(registration=None)
    records_changed()  # updates send no signals; the learning results are kept reads
    return detached
