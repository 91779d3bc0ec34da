import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from learning.models import EvaluationReceipt, QuestionSet, TestResponse
from learning.results import workshop_learning_results
from learning.selectors import Check, registration_check_state
from participants.models import Registration
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=io.StringIO())


def test_demo_has_a_ten_question_knowledge_check_and_an_evaluation(seeded):
    check = QuestionSet.objects.get(kind=QuestionSet.Kind.KNOWLEDGE)
    assert check.questions.count() == 10
    assert check.title_fr == "Protection en ligne des enfants : les bases"
    assert QuestionSet.objects.filter(kind=QuestionSet.Kind.EVALUATION).count() == 1


def test_demo_upcoming_workshop_has_its_pre_test_open(seeded, client):
    registration = Registration.objects.filter(
        workshop__slug="asia-pacific-safer-online-learning", status="confirmed"
    ).first()

    state = registration_check_state(registration=registration, check=Check.PRE)
    page = client.get(reverse("me:pre_test", args=[registration.token]))

    assert state.is_open
    assert page.status_code == 200
    assert "How many strategic pillars" in page.content.decode()


def test_demo_port_vila_shows_a_gain(seeded):
    results = workshop_learning_results(workshop=Workshop.objects.get(slug="port-vila-2014"))

    assert results.pre.count == results.post.count == 40
    assert results.gain.value > 0
    assert results.gain_bins
    assert results.evaluation


def test_seeding_learning_twice_adds_nothing(seeded):
    counts = (
        QuestionSet.objects.count(),
        TestResponse.objects.count(),
        EvaluationReceipt.objects.count(),
    )

    call_command("seed_demo", stdout=io.StringIO())

    assert (
        QuestionSet.objects.count(),
        TestResponse.objects.count(),
        EvaluationReceipt.objects.count(),
    ) == counts
