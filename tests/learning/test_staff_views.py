import datetime as dt

import pytest
from django.urls import reverse

from learning.models import LearningSettings, Question, QuestionSet
from learning.selectors import Check, workshop_span
from learning.services import evaluation_submit, knowledge_test_submit
from offices.models import StaffMembership
from tests.factories import ParticipantFactory, RegionalOfficeFactory, RegistrationFactory
from tests.learning.helpers import answers_for, knowledge_set, workshop_with_learning

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(office):
    """A past workshop: five people answered both tests (pre 1/4 right, post 3/4 right) and
    the evaluation; a sixth answered nothing."""
    settings = workshop_with_learning(office, days_from_now=-10)
    span = workshop_span(workshop=settings.workshop)
    for n in range(5):
        registration = RegistrationFactory(
            workshop=settings.workshop, participant=ParticipantFactory(full_name=f"Person {n}")
        )
        knowledge_test_submit(
            registration=registration,
            check=Check.PRE,
            answers=answers_for(settings.knowledge_check, correct=1),
            now=span.first_start - dt.timedelta(days=1),
        )
        knowledge_test_submit(
            registration=registration,
            check=Check.POST,
            answers=answers_for(settings.knowledge_check, correct=3),
            now=span.last_end,
        )
        answers = {}
        for question in settings.evaluation.questions.all():
            if question.kind == Question.Kind.LIKERT:
                for session in settings.workshop.sessions.all():
                    answers[f"q{question.pk}_s{session.pk}"] = str(3 + n % 3)
            elif question.kind == Question.Kind.TEXT:
                answers[f"q{question.pk}"] = f"Comment {n}"
        evaluation_submit(registration=registration, answers=answers, now=span.last_end)
    RegistrationFactory(
        workshop=settings.workshop, participant=ParticipantFactory(full_name="Silent Person")
    )
    return settings


def test_results_show_means_gain_chart_and_non_responders(staff_client, answered):
    response = staff_client.get(reverse("staff:learning_results", args=[answered.workshop.slug]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "25%" in page  # mean pre-test
    assert "75%" in page  # mean post-test
    assert "0.67" in page  # (75 - 25) / (100 - 25)
    assert "<svg" in page
    assert 'aria-describedby="gain-chart-desc"' in page
    assert "Silent Person" in page
    # Anonymous: comments appear, never with a name.
    assert "Comment 3" in page
    assert "<strong>Person 3</strong>" not in page
    # Scores are aggregates: no person's score is listed.
    assert "Person 0" not in page


def test_anonymous_evaluation_with_two_answers_is_not_shown(staff_client, office):
    settings = workshop_with_learning(office, days_from_now=-10)
    span = workshop_span(workshop=settings.workshop)
    text = settings.evaluation.questions.get(kind=Question.Kind.TEXT)
    for n in range(2):
        evaluation_submit(
            registration=RegistrationFactory(workshop=settings.workshop),
            answers={f"q{text.pk}": f"Secret {n}"},
            now=span.last_end,
        )

    page = staff_client.get(
        reverse("staff:learning_results", args=[settings.workshop.slug])
    ).content.decode()

    assert "Secret 0" not in page
    assert "nothing is shown yet" in page


def test_named_evaluation_comments_carry_the_name(staff_client, answered):
    LearningSettings.objects.filter(pk=answered.pk).update(evaluation_anonymous=False)
    # The earlier answers were anonymous: add one named.
    span = workshop_span(workshop=answered.workshop)
    registration = RegistrationFactory(
        workshop=answered.workshop, participant=ParticipantFactory(full_name="Named Person")
    )
    text = answered.evaluation.questions.get(kind=Question.Kind.TEXT)
    evaluation_submit(
        registration=registration, answers={f"q{text.pk}": "Signed"}, now=span.last_end
    )

    page = staff_client.get(
        reverse("staff:learning_results", args=[answered.workshop.slug])
    ).content.decode()

    assert "<strong>Named Person</strong>: Signed" in page


def test_results_download_csv(staff_client, answered):
    response = staff_client.get(
        reverse("staff:learning_download", args=[answered.workshop.slug, "csv"])
    )

    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Mean normalised gain,,5,0.67" in text.replace("\r", "")


def test_results_of_another_office_are_404(staff_client_for, answered):
    client = staff_client_for(
        StaffMembership.Role.OFFICE_STAFF, RegionalOfficeFactory(slug="cairo", name="Cairo")
    )
    slug = answered.workshop.slug

    assert client.get(reverse("staff:learning_results", args=[slug])).status_code == 404
    assert client.get(reverse("staff:learning_download", args=[slug, "csv"])).status_code == 404
    assert client.get(reverse("staff:learning_settings", args=[slug])).status_code == 404


def test_settings_need_a_knowledge_check_for_the_tests(staff_client, workshop):
    response = staff_client.post(
        reverse("staff:learning_settings", args=[workshop.slug]),
        {"pre_test": "on", "open_days_after": "14", "evaluation_anonymous": "on"},
    )

    assert response.status_code == 400
    assert "Choose the knowledge check the tests use." in response.content.decode()
    assert not LearningSettings.objects.exists()


def test_settings_are_saved(staff_client, workshop, office):
    question_set = knowledge_set(office)

    response = staff_client.post(
        reverse("staff:learning_settings", args=[workshop.slug]),
        {
            "knowledge_check": question_set.pk,
            "pre_test": "on",
            "post_test": "on",
            "open_days_after": "7",
            "certificate_min_post_percent": "60",
        },
    )

    assert response.status_code == 302
    saved = LearningSettings.objects.get(workshop=workshop)
    assert (saved.knowledge_check, saved.open_days_after, saved.certificate_min_post_percent) == (
        question_set,
        7,
        60,
    )


def test_another_office_set_may_not_be_chosen(staff_client, workshop):
    other = knowledge_set(RegionalOfficeFactory(slug="cairo", name="Cairo"))

    response = staff_client.post(
        reverse("staff:learning_settings", args=[workshop.slug]),
        {"knowledge_check": other.pk, "pre_test": "on", "open_days_after": "7"},
    )

    assert response.status_code == 400
    assert not LearningSettings.objects.exists()


def _editor_data(question_set=None, **changes) -> dict:
    data = {
        "title_en": "Quiz",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-0-kind": "single",
        "questions-0-text_en": "Which pillar?",
        "questions-0-text_fr": "Quel pilier ?",
        "questions-0-points": "2",
        "questions-0-required": "on",
        "questions-0-options_en": "Legal Measures\n*Capacity Building",
        "questions-0-options_fr": "Mesures juridiques\nRenforcement des capacités",
        "questions-0-ORDER": "1",
        "questions-0-correct_true": "unknown",
        # The editor's empty new question, left untouched.
        "questions-1-kind": "",
        "questions-1-text_en": "",
        "questions-1-points": "1",
        "questions-1-required": "on",
        "questions-1-correct_true": "unknown",
    }
    data.update(changes)
    return data


def test_editor_creates_a_set_with_translated_options(staff_client):
    response = staff_client.post(
        reverse("staff:question_set_new") + "?kind=knowledge", _editor_data()
    )

    assert response.status_code == 302, response.content.decode()
    question_set = QuestionSet.objects.get()
    question = question_set.questions.get()
    assert (question.text_en, question.text_fr, question.points) == (
        "Which pillar?",
        "Quel pilier ?",
        2,
    )
    assert [(o.text_en, o.text_fr, o.is_correct) for o in question.options.all()] == [
        ("Legal Measures", "Mesures juridiques", False),
        ("Capacity Building", "Renforcement des capacités", True),
    ]


def test_editor_refuses_a_choice_question_without_a_correct_option(staff_client):
    response = staff_client.post(
        reverse("staff:question_set_new") + "?kind=knowledge",
        _editor_data(**{"questions-0-options_en": "Legal Measures\nCapacity Building"}),
    )

    assert response.status_code == 400
    assert "Mark the correct option with a leading *." in response.content.decode()
    assert not QuestionSet.objects.exists()


def test_editing_an_answered_set_makes_version_2(staff_client, answered):
    old = answered.knowledge_check
    data = _editor_data(**{"questions-0-text_en": "Changed", "questions-1-DELETE": "on"})

    response = staff_client.post(reverse("staff:question_set", args=[old.pk]), data)

    assert response.status_code == 302
    new = QuestionSet.objects.get(lineage=old.lineage, is_current=True)
    assert new.version == 2
    assert list(new.questions.values_list("text_en", flat=True)) == ["Changed"]
    assert old.questions.count() == 4  # the answered version is untouched


def test_another_office_set_is_404(staff_client_for, office):
    question_set = knowledge_set(office)
    client = staff_client_for(
        StaffMembership.Role.OFFICE_STAFF, RegionalOfficeFactory(slug="cairo", name="Cairo")
    )

    assert client.get(reverse("staff:question_set", args=[question_set.pk])).status_code == 404
    assert (
        client.post(reverse("staff:question_set_copy", args=[question_set.pk])).status_code == 404
    )


def test_copy_makes_an_own_set(staff_client, office):
    question_set = knowledge_set(office)

    response = staff_client.post(reverse("staff:question_set_copy", args=[question_set.pk]))

    assert response.status_code == 302
    assert QuestionSet.objects.filter(title_en="Copy of COP basics").count() == 1


def test_viewer_may_not_save_a_set(viewer_client, office):
    question_set = knowledge_set(office)

    response = viewer_client.post(
        reverse("staff:question_set", args=[question_set.pk]), _editor_data()
    )

    assert response.status_code == 403
