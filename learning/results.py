"""A workshop's learning results for its staff page and downloads: response rates and who
has not answered, mean pre- and post-test scores, normalised gain per person and averaged
(with its distribution), the share answering each question correctly before and after, and
the evaluation per question and session.

Small groups (core.counts): a mean, a share or a distribution over fewer than
REPORT_MIN_COUNT answers is not shown; sessions with fewer answers are added together into one
row, which itself is shown only when it reaches the minimum. Knowledge-check scores are shown
as aggregates: no person's score is on this page. Free-text answers of an anonymous evaluation
are never attributed; of a named one, with the person's name."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.counts import fewer_than, is_small, min_count, people_count
from learning.models import EvaluationAnswer, LearningSettings, Question, TestAnswer, TestResponse
from learning.selectors import (
    Check,
    learning_settings_for,
    normalised_gain,
    registrations_expected,
    registrations_who_answered,
)
from participants.models import Registration
from workshops.models import Workshop

GAIN_BINS = (
    (None, 0.0, "< 0"),
    (0.0, 0.2, "0–0.2"),
    (0.2, 0.4, "0.2–0.4"),
    (0.4, 0.6, "0.4–0.6"),
    (0.6, 0.8, "0.6–0.8"),
    (0.8, None, "0.8–1"),
)


def _bin_label(gain: float) -> str:
    for low, high, label in GAIN_BINS:
        if (low is None or gain >= low) and (high is None or gain < high):
            return label
    return GAIN_BINS[-1][2]


@dataclass(frozen=True)
class RateRow:
    check: Check
    label: str
    expected: int
    answered: int
    non_responders: list[Registration]

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.expected) if self.expected else 0


@dataclass(frozen=True)
class Shown:
    """A number over `count` answers, or None when the group is too small to show."""

    count: int
    value: float | None

    @property
    def count_shown(self) -> int | str:
        return people_count(self.count)


def _shown(values: list[float]) -> Shown:
    if not values or is_small(len(values)):
        return Shown(len(values), None)
    return Shown(len(values), sum(values) / len(values))


@dataclass(frozen=True)
class QuestionRow:
    position: int
    text: str
    pre: Shown
    post: Shown


@dataclass(frozen=True)
class EvaluationRow:
    question: str
    session: str
    answers: Shown  # the mean rating
    distribution: list[int | str]  # answers per rating 1-5 (or per option), as shown


@dataclass
class LearningResults:
    settings: LearningSettings | None
    rates: list[RateRow] = field(default_factory=list)
    pre: Shown = Shown(0, None)
    post: Shown = Shown(0, None)
    gain: Shown = Shown(0, None)
    gain_bins: list[tuple[str, int | str, int]] = field(default_factory=list)
    questions: list[QuestionRow] = field(default_factory=list)
    evaluation: list[EvaluationRow] = field(default_factory=list)
    choices: list[EvaluationRow] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)  # (name or "", text)
    evaluation_hidden: bool = False  # an anonymous evaluation with too few answers

    @property
    def minimum(self) -> int:
        return min_count()

    def gain_bars(self) -> list[tuple[str, float, str]]:
        """(label, value, shown) for the chart; bins too small to show are not drawn."""
        return [
            (label, count, str(count)) for label, shown, count in self.gain_bins if shown == count
        ]


def _rates(workshop: Workshop, settings: LearningSettings) -> list[RateRow]:
    labels = {
        Check.PRE: _("Pre-test"),
        Check.POST: _("Post-test"),
        Check.EVALUATION: _("Evaluation"),
    }
    wanted = []
    if settings.knowledge_check and settings.pre_test:
        wanted.append(Check.PRE)
    if settings.knowledge_check and settings.post_test:
        wanted.append(Check.POST)
    if settings.evaluation:
        wanted.append(Check.EVALUATION)
    rows = []
    for check in wanted:
        expected = registrations_expected(workshop=workshop, check=check)
        answered = set(
            registrations_who_answered(workshop=workshop, check=check).values_list("pk", flat=True)
        )
        people = list(
            expected.select_related("participant").order_by("participant__full_name", "pk")
        )
        rows.append(
            RateRow(
                check=check,
                label=str(labels[check]),
                expected=len(people),
                answered=sum(1 for r in people if r.pk in answered),
                non_responders=[r for r in people if r.pk not in answered],
            )
        )
    return rows


def _knowledge(results: LearningResults, workshop: Workshop, settings: LearningSettings) -> None:
    responses = list(
        TestResponse.objects.filter(registration__workshop=workshop).only(
            "registration_id", "phase", "score", "max_score"
        )
    )
    by_phase: dict[str, dict[int, float]] = defaultdict(dict)
    for response in responses:
        by_phase[response.phase][response.registration_id] = response.percent
    pre, post = by_phase[Check.PRE.value], by_phase[Check.POST.value]
    results.pre = _shown(list(pre.values()))
    results.post = _shown(list(post.values()))
    gains = [
        gain
        for registration_id in pre.keys() & post.keys()
        if (gain := normalised_gain(pre[registration_id], post[registration_id])) is not None
    ]
    results.gain = _shown(gains)
    if results.gain.value is not None:
        counts = Counter(_bin_label(gain) for gain in gains)
        results.gain_bins = [
            (label, people_count(counts[label]), counts[label]) for _low, _high, label in GAIN_BINS
        ]
    correct: dict[tuple[int, str], list[float]] = defaultdict(list)
    for question_id, phase, is_correct in TestAnswer.objects.filter(
        response__registration__workshop=workshop
    ).values_list("question_id", "response__phase", "is_correct"):
        correct[(question_id, phase)].append(100.0 if is_correct else 0.0)
    question_ids = {question_id for question_id, _phase in correct}
    for question in Question.objects.filter(pk__in=question_ids).order_by("position", "pk"):
        results.questions.append(
            QuestionRow(
                position=question.position + 1,
                text=question.text,
                pre=_shown(correct[(question.pk, Check.PRE.value)]),
                post=_shown(correct[(question.pk, Check.POST.value)]),
            )
        )


def _distribution(values: list[int], size: int) -> list[int | str]:
    counts = Counter(values)
    return [people_count(counts[value]) for value in range(1, size + 1)]


def _evaluation(results: LearningResults, workshop: Workshop, settings: LearningSettings) -> None:
    answers = list(
        EvaluationAnswer.objects.filter(response__workshop=workshop)
        .select_related("question", "session", "response__registration__participant")
        .prefetch_related("options")
        .order_by("question__position", "question_id", "session__starts_at")
    )
    responses = {answer.response_id for answer in answers}
    if settings.evaluation_anonymous and is_small(len(responses)):
        # One or two anonymous answers, and a list of who answered: they would be theirs.
        results.evaluation_hidden = True
        return
    ratings: dict[tuple[Question, object], list[int]] = defaultdict(list)
    choices: dict[Question, list[int]] = defaultdict(list)
    for answer in answers:
        question = answer.question
        if question.kind == Question.Kind.LIKERT and answer.likert:
            ratings[(question, answer.session)].append(answer.likert)
        elif question.is_choice:
            position = {option.pk: index for index, option in enumerate(question.options.all(), 1)}
            choices[question].extend(position[option.pk] for option in answer.options.all())
        elif question.kind == Question.Kind.TEXT and answer.text.strip():
            registration = answer.response.registration
            name = (
                ""
                if settings.evaluation_anonymous or registration is None
                else registration.participant.full_name
            )
            results.texts.append((name, answer.text.strip()))
    folded: dict[Question, list[int]] = defaultdict(list)
    for (question, session), values in ratings.items():
        if session is not None and is_small(len(values)):
            folded[question].extend(values)
            continue
        results.evaluation.append(
            EvaluationRow(
                question=question.text,
                session=session.title if session else _("Whole workshop"),
                answers=_shown([float(v) for v in values]),
                distribution=_distribution(values, 5),
            )
        )
    for question, values in folded.items():
        label = _("Sessions with fewer than %(count)s answers, together") % {"count": min_count()}
        shown = _shown([float(v) for v in values])
        results.evaluation.append(
            EvaluationRow(
                question=question.text,
                session=str(label),
                answers=shown,
                distribution=_distribution(values, 5)
                if shown.value is not None
                else [fewer_than()] * 5,
            )
        )
    for question, values in choices.items():
        results.choices.append(
            EvaluationRow(
                question=question.text,
                session=" · ".join(option.text for option in question.options.all()),
                answers=Shown(len(values), None),
                distribution=_distribution(values, question.options.count()),
            )
        )
    if settings.evaluation_anonymous:
        # The order of the answers must not follow the order of the receipts.
        results.texts.sort(key=lambda pair: pair[1].casefold())


def registration_gains(*, workshops) -> list[tuple[int, float]]:
    """(workshop id, normalised gain) for each registration of these workshops that answered
    both tests (full marks before left out), in one query."""
    scores: dict[int, dict[str, float]] = defaultdict(dict)
    workshop_of: dict[int, int] = {}
    for response in (
        TestResponse.objects.filter(registration__workshop__in=workshops)
        .only("registration_id", "registration__workshop_id", "phase", "score", "max_score")
        .select_related("registration")
    ):
        scores[response.registration_id][response.phase] = response.percent
        workshop_of[response.registration_id] = response.registration.workshop_id
    gains = []
    for registration_id, phases in scores.items():
        if Check.PRE.value in phases and Check.POST.value in phases:
            gain = normalised_gain(phases[Check.PRE.value], phases[Check.POST.value])
            if gain is not None:
                gains.append((workshop_of[registration_id], gain))
    return gains


def workshop_learning_results(*, workshop: Workshop) -> LearningResults:
    settings = learning_settings_for(workshop=workshop)
    results = LearningResults(settings=settings)
    if settings is None:
        return results
    results.rates = _rates(workshop, settings)
    if settings.knowledge_check:
        _knowledge(results, workshop, settings)
    if settings.evaluation:
        _evaluation(results, workshop, settings)
    return results
