"""Question sets and learning settings built as the editor would, for the learning and
reminders tests."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from learning.models import LearningSettings, Option, Question, QuestionSet
from tests.factories import SessionFactory, WorkshopFactory


def knowledge_set(office, *, title: str = "COP basics") -> QuestionSet:
    """Four questions of one point each: single choice (B), multiple choice (A and C), true
    (true), number (5, accepted from 0 to 10)."""
    question_set = QuestionSet.objects.create(
        office=office, kind=QuestionSet.Kind.KNOWLEDGE, title=title
    )
    single = Question.objects.create(
        question_set=question_set, position=0, kind=Question.Kind.SINGLE, text="Pick B"
    )
    for position, (text, correct) in enumerate([("A", False), ("B", True), ("C", False)]):
        Option.objects.create(question=single, position=position, text=text, is_correct=correct)
    multiple = Question.objects.create(
        question_set=question_set, position=1, kind=Question.Kind.MULTIPLE, text="Pick A and C"
    )
    for position, (text, correct) in enumerate([("A", True), ("B", False), ("C", True)]):
        Option.objects.create(question=multiple, position=position, text=text, is_correct=correct)
    Question.objects.create(
        question_set=question_set,
        position=2,
        kind=Question.Kind.TRUE_FALSE,
        text="Five pillars",
        correct_true=True,
    )
    Question.objects.create(
        question_set=question_set,
        position=3,
        kind=Question.Kind.NUMBER,
        text="How many pillars?",
        correct_number=Decimal(5),
        number_min=Decimal(0),
        number_max=Decimal(10),
    )
    return question_set


def evaluation_set(office) -> QuestionSet:
    """A rating per session, a single choice, and a free text."""
    question_set = QuestionSet.objects.create(
        office=office, kind=QuestionSet.Kind.EVALUATION, title="Evaluation"
    )
    Question.objects.create(
        question_set=question_set,
        position=0,
        kind=Question.Kind.LIKERT,
        text="The session was useful",
        per_session=True,
    )
    choice = Question.objects.create(
        question_set=question_set, position=1, kind=Question.Kind.SINGLE, text="Format"
    )
    Option.objects.create(question=choice, position=0, text="In person")
    Option.objects.create(question=choice, position=1, text="Online")
    Question.objects.create(
        question_set=question_set,
        position=2,
        kind=Question.Kind.TEXT,
        text="Anything else?",
        required=False,
    )
    return question_set


def answers_for(question_set: QuestionSet, *, correct: int) -> dict[str, object]:
    """Answers as the form cleans them, the first `correct` questions right, the rest wrong."""
    answers: dict[str, object] = {}
    for index, question in enumerate(question_set.questions.all()):
        right = index < correct
        options = list(question.options.all())
        if question.kind == Question.Kind.SINGLE:
            pick = next(o for o in options if o.is_correct == right)
            answers[f"q{question.pk}"] = str(pick.pk)
        elif question.kind == Question.Kind.MULTIPLE:
            answers[f"q{question.pk}"] = [str(o.pk) for o in options if o.is_correct == right]
        elif question.kind == Question.Kind.TRUE_FALSE:
            answers[f"q{question.pk}"] = "true" if right else "false"
        elif question.kind == Question.Kind.NUMBER:
            answers[f"q{question.pk}"] = Decimal(5 if right else 4)
    return answers


def workshop_with_learning(office, *, days_from_now: int = 30, **settings) -> LearningSettings:
    """A workshop with two sessions (day one and day two, 9:00-12:00 local), a pre-test,
    post-test and anonymous evaluation unless told otherwise."""
    start = timezone.now().date() + dt.timedelta(days=days_from_now)
    workshop = WorkshopFactory(
        office=office, start_date=start, end_date=start + dt.timedelta(days=1)
    )
    first = SessionFactory(workshop=workshop, title="Opening")
    SessionFactory(
        workshop=workshop,
        title="Closing",
        starts_at=first.starts_at + dt.timedelta(days=1),
        ends_at=first.ends_at + dt.timedelta(days=1),
    )
    values = {
        "knowledge_check": knowledge_set(office),
        "pre_test": True,
        "post_test": True,
        "evaluation": evaluation_set(office),
        "evaluation_anonymous": True,
    }
    values.update(settings)
    return LearningSettings.objects.create(workshop=workshop, **values)
