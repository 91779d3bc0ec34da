import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from attendance.models import Attendance
from certificates.selectors import registration_eligibility
from learning.models import EvaluationReceipt, LearningSettings, Question, TestResponse
from learning.selectors import Check, workshop_span
from learning.services import evaluation_submit, knowledge_test_submit
from tests.factories import AttendanceFactory, RegistrationFactory
from tests.learning.helpers import answers_for, workshop_with_learning

pytestmark = pytest.mark.django_db


@pytest.fixture
def settings_(office):
    return workshop_with_learning(office)


@pytest.fixture
def registration(settings_):
    return RegistrationFactory(workshop=settings_.workshop)


def _post_data(settings_, *, correct: int) -> dict:
    data = {}
    for key, value in answers_for(settings_.knowledge_check, correct=correct).items():
        data[key] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


def _before(settings_):
    return workshop_span(workshop=settings_.workshop).first_start - dt.timedelta(days=1)


def test_pre_test_page_shows_the_questions_in_the_participants_language(
    client, settings_, registration
):
    question = settings_.knowledge_check.questions.first()
    question.text_fr = "Choisissez B"
    question.save()

    with freeze_time(_before(settings_)):
        page = client.get(
            reverse("me:pre_test", args=[registration.token]), HTTP_ACCEPT_LANGUAGE="fr"
        ).content.decode()

    assert "Choisissez B" in page
    assert "<fieldset" in page


def test_answering_the_pre_test_confirms_and_scores(client, settings_, registration):
    with freeze_time(_before(settings_)):
        response = client.post(
            reverse("me:pre_test", args=[registration.token]),
            _post_data(settings_, correct=3),
            follow=True,
        )

    assert response.redirect_chain[-1][0] == reverse("me:page", args=[registration.token])
    assert "your answers to the pre-test are saved" in response.content.decode()
    assert TestResponse.objects.get(registration=registration).score == 3


def test_a_choice_not_among_the_options_is_a_400_and_nothing_is_stored(
    client, settings_, registration
):
    data = _post_data(settings_, correct=4)
    single = settings_.knowledge_check.questions.get(kind=Question.Kind.SINGLE)
    data[f"q{single.pk}"] = "424242"

    with freeze_time(_before(settings_)):
        response = client.post(reverse("me:pre_test", args=[registration.token]), data)

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not TestResponse.objects.exists()


def test_a_number_out_of_range_is_a_400_with_the_message(client, settings_, registration):
    data = _post_data(settings_, correct=4)
    number = settings_.knowledge_check.questions.get(kind=Question.Kind.NUMBER)
    data[f"q{number.pk}"] = "11"

    with freeze_time(_before(settings_)):
        response = client.post(reverse("me:pre_test", args=[registration.token]), data)

    assert response.status_code == 400
    assert "less than or equal to 10" in response.content.decode()


def test_answers_to_a_closed_test_are_refused_and_the_earlier_ones_kept(
    client, settings_, registration
):
    knowledge_test_submit(
        registration=registration,
        check=Check.PRE,
        answers=answers_for(settings_.knowledge_check, correct=1),
        now=_before(settings_),
    )
    started = workshop_span(workshop=settings_.workshop).first_start + dt.timedelta(minutes=1)

    with freeze_time(started):
        response = client.post(
            reverse("me:pre_test", args=[registration.token]), _post_data(settings_, correct=4)
        )

    assert response.status_code == 409
    assert "closed" in response.content.decode()
    assert TestResponse.objects.get(registration=registration).score == 1


def test_a_workshop_without_the_check_answers_404(client, settings_, registration):
    LearningSettings.objects.filter(pk=settings_.pk).update(pre_test=False)

    assert client.get(reverse("me:pre_test", args=[registration.token])).status_code == 404


def test_an_unknown_token_answers_404(client, settings_):
    assert client.get(reverse("me:pre_test", args=["nope"])).status_code == 404


def test_the_personal_page_links_the_open_pre_test(client, settings_, registration):
    with freeze_time(_before(settings_)):
        page = client.get(reverse("me:page", args=[registration.token])).content.decode()

    assert reverse("me:pre_test", args=[registration.token]) in page


def test_anonymous_evaluation_page_refuses_a_second_answer(client, settings_, registration):
    after = workshop_span(workshop=settings_.workshop).last_end + dt.timedelta(hours=1)
    evaluation_submit(registration=registration, answers={}, now=after)

    with freeze_time(after):
        page = client.get(reverse("me:evaluation", args=[registration.token])).content.decode()
        posted = client.post(reverse("me:evaluation", args=[registration.token]), {})

    assert "Your answers were received" in page
    assert '<form method="post" class="stacked-form"' not in page
    assert posted.status_code == 409
    assert EvaluationReceipt.objects.count() == 1


def test_certificate_needs_the_evaluation_and_a_post_test_score(settings_, registration):
    LearningSettings.objects.filter(pk=settings_.pk).update(
        certificate_needs_evaluation=True, certificate_min_post_percent=75
    )
    for session in settings_.workshop.sessions.all():
        AttendanceFactory(registration=registration, session=session)
    span = workshop_span(workshop=settings_.workshop)

    with freeze_time(span.last_end + dt.timedelta(hours=1)):
        before = registration_eligibility(registration=registration).reasons
        knowledge_test_submit(
            registration=registration,
            check=Check.POST,
            answers=answers_for(settings_.knowledge_check, correct=2),
        )
        low = registration_eligibility(registration=registration).reasons
        knowledge_test_submit(
            registration=registration,
            check=Check.POST,
            answers=answers_for(settings_.knowledge_check, correct=3),
        )
        evaluation_submit(registration=registration, answers={})
        after = registration_eligibility(registration=registration).reasons

    assert before == [
        "The evaluation has not been answered.",
        "The post-test has not been answered (a score of 75% is needed).",
    ]
    assert low == [
        "The evaluation has not been answered.",
        "The post-test score is 50%; 75% is needed.",
    ]
    assert after == []
    assert Attendance.objects.count() == 2
