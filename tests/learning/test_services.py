import datetime as dt
from decimal import Decimal

import pytest

from learning.models import (
    EvaluationAnswer,
    EvaluationReceipt,
    EvaluationResponse,
    LearningSettings,
    Question,
    QuestionSet,
    TestAnswer,
    TestResponse,
)
from learning.selectors import Check, workshop_span
from learning.services import (
    LearningError,
    evaluation_submit,
    knowledge_test_submit,
    question_set_copy,
    question_set_version_for_edit,
)
from participants.models import Registration
from tests.factories import RegionalOfficeFactory, RegistrationFactory
from tests.learning.helpers import answers_for, workshop_with_learning

pytestmark = pytest.mark.django_db


@pytest.fixture
def settings_(office):
    return workshop_with_learning(office)


@pytest.fixture
def registration(settings_):
    return RegistrationFactory(workshop=settings_.workshop)


def _before(settings_) -> dt.datetime:
    return workshop_span(workshop=settings_.workshop).first_start - dt.timedelta(days=1)


def _after(settings_) -> dt.datetime:
    return workshop_span(workshop=settings_.workshop).last_end + dt.timedelta(hours=1)


def test_pre_test_is_scored_on_the_server(settings_, registration):
    answers = answers_for(settings_.knowledge_check, correct=3)

    response = knowledge_test_submit(
        registration=registration, check=Check.PRE, answers=answers, now=_before(settings_)
    )

    assert (response.score, response.max_score) == (Decimal(3), Decimal(4))
    assert response.percent == 75.0
    assert list(
        TestAnswer.objects.filter(response=response)
        .order_by("question__position")
        .values_list("is_correct", flat=True)
    ) == [True, True, True, False]


def test_multiple_choice_counts_only_when_exactly_the_correct_options(settings_, registration):
    question = settings_.knowledge_check.questions.get(kind=Question.Kind.MULTIPLE)
    first_correct = question.options.filter(is_correct=True).first()
    answers = answers_for(settings_.knowledge_check, correct=4)
    answers[f"q{question.pk}"] = [str(first_correct.pk)]

    response = knowledge_test_submit(
        registration=registration, check=Check.PRE, answers=answers, now=_before(settings_)
    )

    assert response.score == Decimal(3)


def test_answering_again_while_open_replaces_the_answers(settings_, registration):
    now = _before(settings_)
    knowledge_test_submit(
        registration=registration,
        check=Check.PRE,
        answers=answers_for(settings_.knowledge_check, correct=1),
        now=now,
    )

    knowledge_test_submit(
        registration=registration,
        check=Check.PRE,
        answers=answers_for(settings_.knowledge_check, correct=4),
        now=now,
    )

    assert TestResponse.objects.get(registration=registration).score == Decimal(4)
    assert TestAnswer.objects.filter(response__registration=registration).count() == 4


def test_pre_test_closes_when_the_first_session_starts(settings_, registration):
    knowledge_test_submit(
        registration=registration,
        check=Check.PRE,
        answers=answers_for(settings_.knowledge_check, correct=2),
        now=_before(settings_),
    )
    started = workshop_span(workshop=settings_.workshop).first_start

    with pytest.raises(LearningError, match="closed"):
        knowledge_test_submit(
            registration=registration,
            check=Check.PRE,
            answers=answers_for(settings_.knowledge_check, correct=4),
            now=started,
        )

    assert TestResponse.objects.get(registration=registration).score == Decimal(2)


def test_post_test_is_not_open_before_the_last_session(settings_, registration):
    with pytest.raises(LearningError, match="closed"):
        knowledge_test_submit(
            registration=registration,
            check=Check.POST,
            answers=answers_for(settings_.knowledge_check, correct=4),
            now=_before(settings_),
        )
    assert not TestResponse.objects.exists()


def test_post_test_closes_n_days_after_the_last_session(settings_, registration):
    late = workshop_span(workshop=settings_.workshop).last_end + dt.timedelta(days=15)

    with pytest.raises(LearningError, match="closed"):
        knowledge_test_submit(
            registration=registration,
            check=Check.POST,
            answers=answers_for(settings_.knowledge_check, correct=4),
            now=late,
        )


def test_a_choice_not_among_the_options_is_refused_and_nothing_stored(settings_, registration):
    answers = answers_for(settings_.knowledge_check, correct=4)
    single = settings_.knowledge_check.questions.get(kind=Question.Kind.SINGLE)
    answers[f"q{single.pk}"] = "999999"

    with pytest.raises(LearningError, match="not one of its options"):
        knowledge_test_submit(
            registration=registration, check=Check.PRE, answers=answers, now=_before(settings_)
        )

    assert not TestResponse.objects.exists()


def test_an_option_of_another_question_is_refused(settings_, registration):
    answers = answers_for(settings_.knowledge_check, correct=4)
    single = settings_.knowledge_check.questions.get(kind=Question.Kind.SINGLE)
    multiple = settings_.knowledge_check.questions.get(kind=Question.Kind.MULTIPLE)
    answers[f"q{single.pk}"] = str(multiple.options.first().pk)

    with pytest.raises(LearningError):
        knowledge_test_submit(
            registration=registration, check=Check.PRE, answers=answers, now=_before(settings_)
        )


def test_a_number_out_of_range_is_refused(settings_, registration):
    answers = answers_for(settings_.knowledge_check, correct=4)
    number = settings_.knowledge_check.questions.get(kind=Question.Kind.NUMBER)
    answers[f"q{number.pk}"] = Decimal(11)

    with pytest.raises(LearningError, match=r"between 0\.00 and 10\.00"):
        knowledge_test_submit(
            registration=registration, check=Check.PRE, answers=answers, now=_before(settings_)
        )


def test_a_cancelled_registration_may_not_answer(settings_, registration):
    registration.status = Registration.Status.CANCELLED
    registration.save()

    with pytest.raises(LearningError, match="does not take part"):
        knowledge_test_submit(
            registration=registration,
            check=Check.PRE,
            answers=answers_for(settings_.knowledge_check, correct=4),
            now=_before(settings_),
        )


def _evaluation_answers(settings_, *, rating: str = "4", text: str = "More time") -> dict:
    answers = {}
    for question in settings_.evaluation.questions.all():
        if question.kind == Question.Kind.LIKERT:
            for session in settings_.workshop.sessions.all():
                answers[f"q{question.pk}_s{session.pk}"] = rating
        elif question.kind == Question.Kind.SINGLE:
            answers[f"q{question.pk}"] = str(question.options.first().pk)
        else:
            answers[f"q{question.pk}"] = text
    return answers


def test_anonymous_evaluation_keeps_the_receipt_apart_from_the_answers(settings_, registration):
    evaluation_submit(
        registration=registration, answers=_evaluation_answers(settings_), now=_after(settings_)
    )

    receipt = EvaluationReceipt.objects.get()
    response = EvaluationResponse.objects.get()
    assert receipt.registration == registration
    assert receipt.answered_on == _after(settings_).date()
    assert response.registration is None
    assert len(str(response.pk)) == 36  # a random UUID, not a counter
    # Nothing on the response (or its answers) names a time or the person.
    fields = {f.name for f in EvaluationResponse._meta.concrete_fields}
    assert fields == {"id", "workshop", "question_set", "registration"}
    assert {f.name for f in EvaluationAnswer._meta.concrete_fields} == {
        "id",
        "response",
        "question",
        "session",
        "likert",
        "text",
    }
    assert sorted(
        EvaluationAnswer.objects.exclude(likert=None).values_list("likert", flat=True)
    ) == [4, 4]


def test_anonymous_evaluation_cannot_be_answered_twice(settings_, registration):
    evaluation_submit(
        registration=registration, answers=_evaluation_answers(settings_), now=_after(settings_)
    )

    with pytest.raises(LearningError, match="already answered"):
        evaluation_submit(
            registration=registration,
            answers=_evaluation_answers(settings_, rating="1"),
            now=_after(settings_),
        )

    assert EvaluationResponse.objects.count() == 1
    assert set(EvaluationAnswer.objects.exclude(likert=None).values_list("likert", flat=True)) == {
        4
    }


def test_named_evaluation_can_be_changed_while_open(settings_, registration):
    settings_.evaluation_anonymous = False
    settings_.save()
    evaluation_submit(
        registration=registration, answers=_evaluation_answers(settings_), now=_after(settings_)
    )

    evaluation_submit(
        registration=registration,
        answers=_evaluation_answers(settings_, rating="2"),
        now=_after(settings_),
    )

    response = EvaluationResponse.objects.get()
    assert response.registration == registration
    assert set(response.answers.exclude(likert=None).values_list("likert", flat=True)) == {2}


def test_a_rating_outside_1_to_5_is_refused(settings_, registration):
    with pytest.raises(LearningError, match="1 to 5"):
        evaluation_submit(
            registration=registration,
            answers=_evaluation_answers(settings_, rating="6"),
            now=_after(settings_),
        )
    assert not EvaluationReceipt.objects.exists()


def test_editing_a_set_without_answers_changes_it_in_place(settings_):
    question_set = settings_.knowledge_check

    target = question_set_version_for_edit(question_set=question_set)

    assert target == question_set


def test_editing_a_set_with_answers_makes_a_new_version_and_old_answers_keep_theirs(
    settings_, registration, office
):
    knowledge_test_submit(
        registration=registration,
        check=Check.PRE,
        answers=answers_for(settings_.knowledge_check, correct=2),
        now=_before(settings_),
    )
    old = settings_.knowledge_check
    unused = workshop_with_learning(office, knowledge_check=old)

    new = question_set_version_for_edit(question_set=old)

    old.refresh_from_db()
    assert (new.version, new.lineage, new.is_current) == (2, old.lineage, True)
    assert old.is_current is False
    assert new.questions.count() == 4
    assert TestResponse.objects.get().question_set == old
    # The workshop with answers keeps its version; the one without moves to the new one.
    settings_.refresh_from_db()
    unused.refresh_from_db()
    assert settings_.knowledge_check == old
    assert unused.knowledge_check == new


def test_copying_a_set_gives_another_office_its_own(settings_):
    cairo = RegionalOfficeFactory(slug="cairo", name="Cairo")

    copy = question_set_copy(question_set=settings_.knowledge_check, office=cairo)

    assert copy.office == cairo
    assert copy.lineage != settings_.knowledge_check.lineage
    assert [q.text for q in copy.questions.all()] == [
        q.text for q in settings_.knowledge_check.questions.all()
    ]
    assert QuestionSet.objects.filter(office=cairo).count() == 1
    assert LearningSettings.objects.count() == 1
