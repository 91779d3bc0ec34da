"""Erasure reaches the learning checks: a named evaluation becomes anonymous and loses what the
person wrote in their own words; its ratings still count."""

import pytest

from learning.models import EvaluationAnswer, EvaluationResponse, Question
from privacy import services
from tests.factories import RegistrationFactory
from tests.learning.helpers import evaluation_set

pytestmark = pytest.mark.django_db


def test_erasure_detaches_named_evaluations_and_clears_their_free_text(workshop):
    registration = RegistrationFactory(workshop=workshop, participant__full_name="Jane Doe")
    other = RegistrationFactory(workshop=workshop)
    question_set = evaluation_set(workshop.office)
    rating, _choice, comment = list(question_set.questions.order_by("position"))
    assert (rating.kind, comment.kind) == (Question.Kind.LIKERT, Question.Kind.TEXT)
    responses = {}
    for person in (registration, other):
        responses[person] = EvaluationResponse.objects.create(
            workshop=workshop, question_set=question_set, registration=person
        )
        EvaluationAnswer.objects.create(response=responses[person], question=rating, likert=4)
        EvaluationAnswer.objects.create(
            response=responses[person], question=comment, text="I am Jane Doe, call me"
        )

    services.participant_anonymise(participant=registration.participant)

    erased = EvaluationResponse.objects.get(pk=responses[registration].pk)
    assert erased.registration is None
    assert sorted(erased.answers.values_list("text", "likert"), key=str) == [("", 4), ("", None)]
    kept = EvaluationResponse.objects.get(pk=responses[other].pk)
    assert kept.registration == other
    assert kept.answers.filter(text="I am Jane Doe, call me").exists()
