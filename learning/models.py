"""Question sets (knowledge checks and evaluations), a workshop's learning settings, and the
answers.

Versions: a question set that has answers is never changed in place; an edit makes a new
version (same ``lineage``), and the answers keep pointing at the version they answered.

Anonymous evaluations: ``EvaluationReceipt`` records *that* a registration answered (to chase
non-responders and refuse a second answer); ``EvaluationResponse`` holds *what* was answered.
For an anonymous evaluation nothing links the two: the response has no registration, no
timestamp (the receipt keeps only the day), and a random primary key, so its id says nothing
about the order in which people answered."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from offices.models import RegionalOffice
from participants.models import Registration
from workshops.models import Session, Workshop


class QuestionSet(models.Model):
    class Kind(models.TextChoices):
        KNOWLEDGE = "knowledge", _("knowledge check")
        EVALUATION = "evaluation", _("evaluation")

    office = models.ForeignKey(
        RegionalOffice,
        on_delete=models.PROTECT,
        related_name="question_sets",
        verbose_name=_("office"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    lineage = models.UUIDField(_("lineage"), default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    is_current = models.BooleanField(_("current version"), default=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("question set")
        verbose_name_plural = _("question sets")
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["lineage", "version"], name="learning_set_one_row_per_version"
            ),
            models.UniqueConstraint(
                fields=["lineage"],
                condition=Q(is_current=True),
                name="learning_set_one_current_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        TRUE_FALSE = "true_false", _("true or false")
        NUMBER = "number", _("number")
        LIKERT = "likert", _("scale of 1 to 5")
        TEXT = "text", _("free text")

    KNOWLEDGE_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE, Kind.NUMBER)
    EVALUATION_KINDS = (Kind.LIKERT, Kind.SINGLE, Kind.MULTIPLE, Kind.TEXT)
    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)

    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    text = models.CharField(_("question or statement"), max_length=500)
    points = models.PositiveSmallIntegerField(
        _("points"), default=1, validators=[MaxValueValidator(100)]
    )
    correct_true = models.BooleanField(_("the statement is true"), null=True, blank=True)
    correct_number = models.DecimalField(
        _("correct number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    number_min = models.DecimalField(
        _("smallest answer accepted"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    number_max = models.DecimalField(
        _("largest answer accepted"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    per_session = models.BooleanField(_("asked for each session"), default=False)
    required = models.BooleanField(_("an answer is required"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number_min__isnull=True)
                | Q(number_max__isnull=True)
                | Q(number_max__gte=models.F("number_min")),
                name="learning_question_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_choice(self) -> bool:
        return self.kind in self.CHOICE_KINDS


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("option"), max_length=300)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class LearningSettings(models.Model):
    """A workshop's knowledge checks and evaluation, and what its certificate asks of them."""

    workshop = models.OneToOneField(
        Workshop, on_delete=models.CASCADE, related_name="learning_settings"
    )
    knowledge_check = models.ForeignKey(
        QuestionSet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": QuestionSet.Kind.KNOWLEDGE, "is_current": True},
        verbose_name=_("knowledge check"),
    )
    pre_test = models.BooleanField(
        _("pre-test (from registration until the first session)"), default=False
    )
    post_test = models.BooleanField(_("post-test (from the last session)"), default=False)
    open_days_after = models.PositiveSmallIntegerField(
        _("days the post-test and evaluation stay open after the last session"),
        default=14,
        validators=[MaxValueValidator(365)],
    )
    evaluation = models.ForeignKey(
        QuestionSet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": QuestionSet.Kind.EVALUATION, "is_current": True},
        verbose_name=_("evaluation"),
    )
    evaluation_anonymous = models.BooleanField(_("anonymous evaluation"), default=True)
    certificate_needs_evaluation = models.BooleanField(
        _("certificate needs the evaluation answered"), default=False
    )
    certificate_min_post_percent = models.PositiveSmallIntegerField(
        _("certificate needs a post-test score of at least (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("learning settings")
        verbose_name_plural = _("learning settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(certificate_min_post_percent__isnull=True)
                | Q(certificate_min_post_percent__gte=1, certificate_min_post_percent__lte=100),
                name="learning_settings_post_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.workshop)


class TestResponse(models.Model):
    """One registration's answers to the pre-test or the post-test, scored on the server."""

    __test__ = False  # not a pytest test class, whatever its name

    class Phase(models.TextChoices):
        PRE = "pre", _("pre-test")
        POST = "post", _("post-test")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="test_responses"
    )
    phase = models.CharField(_("phase"), max_length=4, choices=Phase.choices)
    question_set = models.ForeignKey(QuestionSet, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, default=0)
    max_score = models.DecimalField(_("maximum score"), max_digits=8, decimal_places=2, default=0)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("test answers")
        verbose_name_plural = _("test answers")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "phase"], name="learning_one_response_per_phase"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} {self.phase}"

    @property
    def percent(self) -> float:
        return float(100 * self.score / self.max_score) if self.max_score else 0.0


class TestAnswer(models.Model):
    __test__ = False

    response = models.ForeignKey(TestResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    options = models.ManyToManyField(Option, blank=True, related_name="+")
    true_false = models.BooleanField(null=True, blank=True)
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    points = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    is_correct = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="learning_one_answer_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response} {self.question_id}"


class EvaluationReceipt(models.Model):
    """That a registration has answered the evaluation: never what it answered."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="evaluation_receipt"
    )
    answered_on = models.DateField(_("answered on"))

    class Meta:
        verbose_name = _("evaluation receipt")
        verbose_name_plural = _("evaluation receipts")

    def __str__(self) -> str:
        return f"{self.registration} {self.answered_on}"


class EvaluationResponse(models.Model):
    """What was answered. For an anonymous evaluation: no registration, no time, a random id."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="evaluation_responses"
    )
    question_set = models.ForeignKey(QuestionSet, on_delete=models.PROTECT, related_name="+")
    # Only when the evaluation is not anonymous (then the person may also change it).
    registration = models.OneToOneField(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="named_evaluation",
    )

    class Meta:
        verbose_name = _("evaluation answers")
        verbose_name_plural = _("evaluation answers")

    def __str__(self) -> str:
        return str(self.pk)


class EvaluationAnswer(models.Model):
    response = models.ForeignKey(
        EvaluationResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    likert = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    options = models.ManyToManyField(Option, blank=True, related_name="+")
    text = models.TextField(blank=True, max_length=4000)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(likert__isnull=True) | Q(likert__gte=1, likert__lte=5),
                name="learning_likert_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}"
