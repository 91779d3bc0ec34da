"""One person's page in the staff area: their knowledge-check scores and gain (the results
page shows only aggregates), whether they answered the evaluation (never what), scoped to the
office like every staff page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime

from learning.models import LearningSettings, Question
from learning.selectors import Check, registration_knowledge_check, workshop_span
from learning.services import evaluation_submit, knowledge_test_submit
from offices.models import StaffMembership
from tests.factories import ParticipantFactory, RegionalOfficeFactory, RegistrationFactory
from tests.learning.helpers import answers_for, workshop_with_learning

pytestmark = pytest.mark.django_db


@pytest.fixture
def settings_(office) -> LearningSettings:
    """A past workshop with a pre-test, a post-test and an anonymous evaluation."""
    return workshop_with_learning(office, days_from_now=-10)


def _answer_tests(settings_, registration, *, pre: int, post: int) -> None:
    span = workshop_span(workshop=settings_.workshop)
    knowledge_test_submit(
        registration=registration,
        check=Check.PRE,
        answers=answers_for(settings_.knowledge_check, correct=pre),
        now=span.first_start - dt.timedelta(days=1),
    )
    knowledge_test_submit(
        registration=registration,
        check=Check.POST,
        answers=answers_for(settings_.knowledge_check, correct=post),
        now=span.last_end,
    )


def _answer_evaluation(settings_, registration, text: str) -> None:
    question = settings_.evaluation.questions.get(kind=Question.Kind.TEXT)
    evaluation_submit(
        registration=registration,
        answers={f"q{question.pk}": text},
        now=workshop_span(workshop=settings_.workshop).last_end,
    )


def _page_url(registration) -> str:
    return reverse("staff:registration", args=[registration.workshop.slug, registration.pk])


def test_person_page_shows_scores_gain_and_evaluation_receipt(staff_client, settings_):
    registration = RegistrationFactory(
        workshop=settings_.workshop, participant=ParticipantFactory(full_name="Amina Tested")
    )
    _answer_tests(settings_, registration, pre=1, post=3)
    _answer_evaluation(settings_, registration, "My secret comment")

    response = staff_client.get(_page_url(registration))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<h2 id="knowledge-check-heading">Knowledge check</h2>' in page
    assert "<td>1 / 4</td><td>25%</td>" in page  # pre-test
    assert "<td>3 / 4</td><td>75%</td>" in page  # post-test
    assert "<dd>0.67</dd>" in page  # (75 - 25) / (100 - 25)
    post = registration.test_responses.get(phase=Check.POST.value)
    assert f"<td>{date_format(localtime(post.submitted_at), 'j M Y, H:i')}</td>" in page
    receipt_day = date_format(registration.evaluation_receipt.answered_on, "j M Y")
    assert f"<dd>answered on {receipt_day}</dd>" in page
    # Anonymous: whether they answered, never what.
    assert "My secret comment" not in page


def test_person_page_of_someone_who_answered_nothing_says_not_answered(staff_client, settings_):
    registration = RegistrationFactory(workshop=settings_.workshop)

    page = staff_client.get(_page_url(registration)).content.decode()

    assert page.count("<td>not answered</td>") == 2  # pre-test, post-test
    assert "<dd>not answered</dd>" in page  # evaluation
    assert "not known (both tests are needed)" in page


def test_person_page_of_a_named_evaluation_shows_no_answers(staff_client, settings_):
    LearningSettings.objects.filter(pk=settings_.pk).update(evaluation_anonymous=False)
    registration = RegistrationFactory(workshop=settings_.workshop)
    _answer_evaluation(settings_, registration, "Signed comment")

    page = staff_client.get(_page_url(registration)).content.decode()

    assert "answered on" in page
    assert "Signed comment" not in page


def test_person_page_without_questionnaires_says_so(staff_client, workshop):
    registration = RegistrationFactory(workshop=workshop)

    page = staff_client.get(_page_url(registration)).content.decode()

    assert "This workshop has no knowledge check and no evaluation." in page


def test_person_page_is_read_by_a_viewer_without_the_correction_link(viewer_client, settings_):
    registration = RegistrationFactory(workshop=settings_.workshop)
    _answer_tests(settings_, registration, pre=2, post=4)

    response = viewer_client.get(_page_url(registration))

    assert response.status_code == 200
    assert "<dd>1.00</dd>" in response.content.decode()
    correct_url = reverse("staff:person_correct", args=[settings_.workshop.slug, registration.pk])
    assert correct_url not in response.content.decode()


def test_person_page_of_another_office_is_404(staff_client_for, settings_):
    registration = RegistrationFactory(workshop=settings_.workshop)
    client = staff_client_for(
        StaffMembership.Role.OFFICE_STAFF, RegionalOfficeFactory(slug="cairo", name="Cairo")
    )

    assert client.get(_page_url(registration)).status_code == 404


def test_person_page_of_another_workshops_registration_is_404(staff_client, settings_, office):
    elsewhere = workshop_with_learning(office).workshop
    registration = RegistrationFactory(workshop=elsewhere)
    url = reverse("staff:registration", args=[settings_.workshop.slug, registration.pk])

    assert staff_client.get(url).status_code == 404


def test_person_page_is_anonymous_users_login_redirect(client, settings_):
    registration = RegistrationFactory(workshop=settings_.workshop)

    response = client.get(_page_url(registration))

    assert response.status_code == 302


def test_person_page_queries_are_bounded(
    staff_client, settings_, django_assert_max_num_queries, assert_queries_do_not_grow
):
    registration = RegistrationFactory(workshop=settings_.workshop)
    _answer_tests(settings_, registration, pre=1, post=3)
    url = _page_url(registration)

    def someone_else_answers():
        other = RegistrationFactory(workshop=settings_.workshop)
        _answer_tests(settings_, other, pre=1, post=2)
        _answer_evaluation(settings_, other, "Another comment")

    response = assert_queries_do_not_grow(
        lambda: staff_client.get(url), add_row=someone_else_answers
    )
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        staff_client.get(url)


def test_full_marks_before_leave_no_gain_to_measure(settings_):
    registration = RegistrationFactory(workshop=settings_.workshop)
    _answer_tests(settings_, registration, pre=4, post=4)

    check = registration_knowledge_check(registration=registration)

    assert check.pre.percent == 100.0
    assert check.gain is None
    assert check.full_marks_before


def test_non_responders_on_the_results_page_link_to_their_page(staff_client, settings_):
    registration = RegistrationFactory(
        workshop=settings_.workshop, participant=ParticipantFactory(full_name="Silent Person")
    )

    page = staff_client.get(
        reverse("staff:learning_results", args=[settings_.workshop.slug])
    ).content.decode()

    assert f'<a href="{_page_url(registration)}">Silent Person</a>' in page


def test_workshop_page_links_each_confirmed_person_to_their_page(staff_client, settings_):
    registration = RegistrationFactory(workshop=settings_.workshop)

    page = staff_client.get(reverse("staff:workshop", args=[settings_.workshop.slug])).text

    assert f'href="{_page_url(registration)}"' in page
