"""Read-side queries about knowledge checks and evaluations: when each is open, what a
registration has answered, and what a workshop's results are (learning/results.py)."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.models import (
    EvaluationReceipt,
    EvaluationResponse,
    LearningSettings,
    Question,
    QuestionSet,
    TestResponse,
)
from offices.permissions import StaffAccess
from participants.models import Registration
from workshops.models import Workshop


class Check(StrEnum):
    """The three things a participant may answer, named as in their paths."""

    PRE = "pre"
    POST = "post"
    EVALUATION = "evaluation"


@dataclass(frozen=True)
class WorkshopSpan:
    first_start: dt.datetime
    last_start: dt.datetime
    last_end: dt.datetime


def workshop_span(*, workshop: Workshop) -> WorkshopSpan:
    """When the workshop's sessions start and end (not cancelled ones); without sessions, its
    first and last day in its time zone."""
    sessions = list(
        workshop.sessions.filter(is_cancelled=False).values_list("starts_at", "ends_at")
    )
    if sessions:
        return WorkshopSpan(
            first_start=min(start for start, _end in sessions),
            last_start=max(start for start, _end in sessions),
            last_end=max(end for _start, end in sessions),
        )
    zone = zoneinfo.ZoneInfo(workshop.time_zone)
    first = dt.datetime.combine(workshop.start_date, dt.time(0), tzinfo=zone)
    last = dt.datetime.combine(workshop.end_date, dt.time(0), tzinfo=zone)
    return WorkshopSpan(first, last, last + dt.timedelta(days=1))


def learning_settings_for(*, workshop: Workshop) -> LearningSettings | None:
    return (
        LearningSettings.objects.select_related("knowledge_check", "evaluation")
        .filter(workshop=workshop)
        .first()
    )


@dataclass(frozen=True)
class CheckWindow:
    check: Check
    question_set: QuestionSet
    opens_at: dt.datetime | None  # None: from registration
    closes_at: dt.datetime

    def is_open(self, now: dt.datetime) -> bool:
        return (self.opens_at is None or self.opens_at <= now) and now < self.closes_at


def check_window(
    *, settings: LearningSettings | None, check: Check, span: WorkshopSpan
) -> CheckWindow | None:
    """The window of one check, or None when the workshop does not have it."""
    if settings is None:
        return None
    after = span.last_end + dt.timedelta(days=settings.open_days_after)
    if check == Check.PRE and settings.pre_test and settings.knowledge_check:
        return CheckWindow(check, settings.knowledge_check, None, span.first_start)
    if check == Check.POST and settings.post_test and settings.knowledge_check:
        return CheckWindow(check, settings.knowledge_check, span.last_start, after)
    if check == Check.EVALUATION and settings.evaluation:
        return CheckWindow(check, settings.evaluation, span.last_start, after)
    return None


def may_answer(*, registration: Registration, check: Check) -> bool:
    """The pre-test is for anyone registered (pending or waiting included); the post-test and
    the evaluation for confirmed participants. Never in a cancelled workshop."""
    if registration.workshop.status == Workshop.Status.CANCELLED:
        return False
    if check == Check.PRE:
        return registration.is_live
    return registration.status == Registration.Status.CONFIRMED


@dataclass(frozen=True)
class CheckState:
    """One check as the participant's page shows it."""

    window: CheckWindow
    allowed: bool
    is_open: bool
    answered: bool
    changeable: bool  # answered, still open, and not an anonymous evaluation
    not_yet: bool = False  # it opens later

    @property
    def check(self) -> Check:
        return self.window.check


def registration_check_states(
    *, registration: Registration, now: dt.datetime | None = None
) -> list[CheckState]:
    """The checks this registration's workshop has, in the order they come."""
    now = now or timezone.now()
    settings = learning_settings_for(workshop=registration.workshop)
    if settings is None:
        return []
    span = workshop_span(workshop=registration.workshop)
    answered = set(registration.test_responses.values_list("phase", flat=True))
    if EvaluationReceipt.objects.filter(registration=registration).exists():
        answered.add(Check.EVALUATION.value)
    states = []
    for check in Check:
        window = check_window(settings=settings, check=check, span=span)
        if window is None:
            continue
        is_open = window.is_open(now)
        done = check.value in answered
        anonymous = check == Check.EVALUATION and settings.evaluation_anonymous
        states.append(
            CheckState(
                window=window,
                allowed=may_answer(registration=registration, check=check),
                is_open=is_open,
                answered=done,
                changeable=done and is_open and not anonymous,
                not_yet=window.opens_at is not None and now < window.opens_at,
            )
        )
    return states


def registration_check_state(
    *, registration: Registration, check: Check, now: dt.datetime | None = None
) -> CheckState | None:
    return next(
        (
            s
            for s in registration_check_states(registration=registration, now=now)
            if s.check == check
        ),
        None,
    )


def question_set_questions(*, question_set: QuestionSet) -> list[Question]:
    return list(question_set.questions.prefetch_related("options"))


def test_response_for(*, registration: Registration, phase: str) -> TestResponse | None:
    return (
        TestResponse.objects.filter(registration=registration, phase=phase)
        .prefetch_related("answers__options")
        .first()
    )


def test_response_initial(response: TestResponse | None) -> dict[str, object]:
    """The form's initial values from stored answers (field names as learning.forms names them)."""
    initial: dict[str, object] = {}
    if response is None:
        return initial
    for answer in response.answers.all():
        key = f"q{answer.question_id}"
        option_ids = [str(option.pk) for option in answer.options.all()]
        if answer.true_false is not None:
            initial[key] = "true" if answer.true_false else "false"
        elif answer.number is not None:
            initial[key] = answer.number
        elif option_ids:
            initial[key] = (
                option_ids
                if len(option_ids) > 1 or answer.question.kind == Question.Kind.MULTIPLE
                else option_ids[0]
            )
    return initial


def named_evaluation_initial(*, registration: Registration) -> dict[str, object]:
    """A named (not anonymous) evaluation's stored answers, to change them."""
    response = EvaluationResponse.objects.filter(registration=registration).first()
    initial: dict[str, object] = {}
    if response is None:
        return initial
    for answer in response.answers.prefetch_related("options").select_related("question"):
        key = f"q{answer.question_id}" + (f"_s{answer.session_id}" if answer.session_id else "")
        if answer.likert is not None:
            initial[key] = str(answer.likert)
        elif answer.question.kind == Question.Kind.TEXT:
            initial[key] = answer.text
        else:
            ids = [str(o.pk) for o in answer.options.all()]
            initial[key] = (
                ids if answer.question.kind == Question.Kind.MULTIPLE else (ids[0] if ids else "")
            )
    return initial


def question_sets_visible_to(access: StaffAccess) -> QuerySet[QuestionSet]:
    """The current version of each set of the offices this access may see (the library)."""
    sets = QuestionSet.objects.filter(is_current=True).select_related("office")
    if access.sees_every_office:
        return sets
    return sets.filter(office=access.office)


def question_set_has_answers(*, question_set: QuestionSet) -> bool:
    """Any answer given to this version: then it may not change in place."""
    return (
        TestResponse.objects.filter(question_set=question_set).exists()
        or EvaluationResponse.objects.filter(question_set=question_set).exists()
    )


def workshops_answering(*, question_set: QuestionSet) -> QuerySet[LearningSettings]:
    """Learning settings using this version whose workshop has answers to it."""
    answered = Q(
        Exists(
            TestResponse.objects.filter(
                question_set=question_set, registration__workshop=OuterRef("workshop")
            )
        )
    ) | Q(
        Exists(
            EvaluationResponse.objects.filter(
                question_set=question_set, workshop=OuterRef("workshop")
            )
        )
    )
    return LearningSettings.objects.filter(
        Q(knowledge_check=question_set) | Q(evaluation=question_set)
    ).filter(answered)


def registrations_who_answered(*, workshop: Workshop, check: Check) -> QuerySet[Registration]:
    if check == Check.EVALUATION:
        return workshop.registrations.filter(evaluation_receipt__isnull=False)
    return workshop.registrations.filter(test_responses__phase=check.value)


def registrations_expected(*, workshop: Workshop, check: Check) -> QuerySet[Registration]:
    """Who is asked to answer: live registrations for the pre-test, confirmed for the rest;
    erased people are not chased."""
    registrations = workshop.registrations.filter(participant__anonymised_at__isnull=True)
    if check == Check.PRE:
        return registrations.filter(status__in=Registration.LIVE_STATUSES)
    return registrations.filter(status=Registration.Status.CONFIRMED)


def normalised_gain(pre_percent: float, post_percent: float) -> float | None:
    """(post − pre) / (max − pre), on percentages; None for someone who scored full marks
    before (nothing left to gain). The one place of the formula: the workshop's results, the
    reports and one person's page all use it."""
    if pre_percent >= 100:
        return None
    return (post_percent - pre_percent) / (100 - pre_percent)


@dataclass(frozen=True)
class PersonTestScore:
    """One registration's pre- or post-test: asked (the workshop has it) and, if answered,
    its score."""

    check: Check
    asked: bool
    response: TestResponse | None

    @property
    def answered(self) -> bool:
        return self.response is not None

    @property
    def percent(self) -> float | None:
        return self.response.percent if self.response else None

    @property
    def changed_later(self) -> bool:
        """Answers changed after they were first given (the score is of the last version)."""
        response = self.response
        return bool(response) and (
            response.updated_at - response.submitted_at >= dt.timedelta(minutes=1)
        )


@dataclass(frozen=True)
class PersonKnowledgeCheck:
    """What one person's staff page shows of the knowledge check and the evaluation: their
    scores and gain, and whether they answered the evaluation (never what they answered)."""

    has_knowledge_check: bool
    pre: PersonTestScore
    post: PersonTestScore
    has_evaluation: bool
    evaluation_anonymous: bool
    evaluation_answered_on: dt.date | None

    @property
    def gain(self) -> float | None:
        """The normalised gain, once both tests are answered (None with full marks before)."""
        if self.pre.percent is None or self.post.percent is None:
            return None
        return normalised_gain(self.pre.percent, self.post.percent)

    @property
    def full_marks_before(self) -> bool:
        return self.pre.percent is not None and self.pre.percent >= 100

    @property
    def tests(self) -> list[PersonTestScore]:
        """The tests to list: those the workshop asks, and any answered before it stopped."""
        return [test for test in (self.pre, self.post) if test.asked or test.answered]


def registration_knowledge_check(*, registration: Registration) -> PersonKnowledgeCheck | None:
    """One registration's knowledge-check scores and evaluation receipt, for their staff page;
    None when the workshop has neither questionnaire and nothing was answered. Three queries.
    Only the receipt is read for the evaluation: an anonymous one's answers are not linked to
    anyone, and a named one's stay on the results page."""
    settings = learning_settings_for(workshop=registration.workshop)
    responses = {
        response.phase: response
        for response in TestResponse.objects.filter(registration=registration).only(
            "phase", "score", "max_score", "submitted_at", "updated_at"
        )
    }
    receipt = EvaluationReceipt.objects.filter(registration=registration).first()
    if settings is None and not responses and receipt is None:
        return None
    knowledge = bool(settings and settings.knowledge_check)
    return PersonKnowledgeCheck(
        has_knowledge_check=knowledge or bool(responses),
        pre=PersonTestScore(
            Check.PRE, knowledge and settings.pre_test, responses.get(Check.PRE.value)
        ),
        post=PersonTestScore(
            Check.POST, knowledge and settings.post_test, responses.get(Check.POST.value)
        ),
        has_evaluation=bool(settings and settings.evaluation) or receipt is not None,
        evaluation_anonymous=settings.evaluation_anonymous if settings else True,
        evaluation_answered_on=receipt.answered_on if receipt else None,
    )


def certificate_conditions_unmet(*, registrations: list[Registration]) -> dict[int, list[str]]:
    """Per registration (of any workshops), the learning conditions of its certificate it
    does not meet yet ("evaluation answered", "post-test score at least X%"). Three queries
    whatever the number of registrations and workshops."""
    reasons: dict[int, list[str]] = {registration.pk: [] for registration in registrations}
    workshop_ids = {registration.workshop_id for registration in registrations}
    settings_by_workshop = {
        settings.workshop_id: settings
        for settings in LearningSettings.objects.filter(workshop_id__in=workshop_ids).filter(
            Q(certificate_needs_evaluation=True, evaluation__isnull=False)
            | Q(certificate_min_post_percent__isnull=False, knowledge_check__isnull=False)
        )
    }
    concerned = [r.pk for r in registrations if r.workshop_id in settings_by_workshop]
    if not concerned:
        return reasons
    answered = set(
        EvaluationReceipt.objects.filter(registration_id__in=concerned).values_list(
            "registration_id", flat=True
        )
    )
    post = {
        response.registration_id: response
        for response in TestResponse.objects.filter(
            registration_id__in=concerned, phase=TestResponse.Phase.POST
        )
    }
    for registration in registrations:
        settings = settings_by_workshop.get(registration.workshop_id)
        if settings is None:
            continue
        mine = reasons[registration.pk]
        if settings.certificate_needs_evaluation and registration.pk not in answered:
            mine.append(_("The evaluation has not been answered."))
        minimum = settings.certificate_min_post_percent
        if minimum:
            response = post.get(registration.pk)
            if response is None:
                mine.append(
                    _("The post-test has not been answered (a score of %(minimum)s%% is needed).")
                    % {"minimum": minimum}
                )
            elif response.percent < minimum:
                mine.append(
                    _("The post-test score is %(score)s%%; %(minimum)s%% is needed.")
                    % {"score": round(response.percent), "minimum": minimum}
                )
    return reasons
