"""Input shapes: a questionnaire built from its questions, the workshop's learning settings,
and the question-set editor (a formset of questions)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from learning.models import LearningSettings, Question, QuestionSet
from learning.services import TEXT_MAX
from workshops.models import Session

LIKERT_CHOICES = [
    ("1", _("1: strongly disagree")),
    ("2", _("2: disagree")),
    ("3", _("3: neither agree nor disagree")),
    ("4", _("4: agree")),
    ("5", _("5: strongly agree")),
]
TRUE_FALSE_CHOICES = [("true", _("True")), ("false", _("False"))]


def _question_field(question: Question, *, label: str) -> forms.Field:
    required = question.required
    options = [(str(option.pk), option.text) for option in question.options.all()]
    if question.kind == Question.Kind.SINGLE:
        return forms.ChoiceField(
            label=label, choices=options, widget=forms.RadioSelect, required=required
        )
    if question.kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            label=label, choices=options, widget=forms.CheckboxSelectMultiple, required=required
        )
    if question.kind == Question.Kind.TRUE_FALSE:
        return forms.ChoiceField(
            label=label, choices=TRUE_FALSE_CHOICES, widget=forms.RadioSelect, required=required
        )
    if question.kind == Question.Kind.NUMBER:
        return forms.DecimalField(
            label=label,
            required=required,
            min_value=question.number_min,
            max_value=question.number_max,
            max_digits=12,
            decimal_places=2,
            widget=forms.NumberInput(attrs={"step": "any"}),
        )
    if question.kind == Question.Kind.LIKERT:
        return forms.ChoiceField(
            label=label, choices=LIKERT_CHOICES, widget=forms.RadioSelect, required=required
        )
    return forms.CharField(
        label=label, required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class QuestionnaireForm(forms.Form):
    """One field per question (per question and session for a per-session rating), named
    q<question id>[_s<session id>] as the services read them."""

    def __init__(self, *args, questions: list[Question], sessions: list[Session] = (), **kwargs):
        super().__init__(*args, **kwargs)
        for number, question in enumerate(questions, start=1):
            if question.per_session and sessions:
                for session in sessions:
                    self.fields[f"q{question.pk}_s{session.pk}"] = _question_field(
                        question, label=f"{number}. {question.text} ({session.title})"
                    )
            else:
                self.fields[f"q{question.pk}"] = _question_field(
                    question, label=f"{number}. {question.text}"
                )


class LearningSettingsForm(forms.ModelForm):
    class Meta:
        model = LearningSettings
        fields = [
            "knowledge_check",
            "pre_test",
            "post_test",
            "open_days_after",
            "evaluation",
            "evaluation_anonymous",
            "certificate_needs_evaluation",
            "certificate_min_post_percent",
        ]

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        current = QuestionSet.objects.filter(office=office, is_current=True)
        # A workshop keeps the version it has answers to, even when a newer one exists.
        keep = [pk for pk in (self.instance.knowledge_check_id, self.instance.evaluation_id) if pk]
        self.fields["knowledge_check"].queryset = (
            current | QuestionSet.objects.filter(pk__in=keep)
        ).filter(kind=QuestionSet.Kind.KNOWLEDGE)
        self.fields["evaluation"].queryset = (
            current | QuestionSet.objects.filter(pk__in=keep)
        ).filter(kind=QuestionSet.Kind.EVALUATION)
        self.fields["knowledge_check"].limit_choices_to = None
        self.fields["evaluation"].limit_choices_to = None

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("pre_test") or cleaned.get("post_test")) and not cleaned.get(
            "knowledge_check"
        ):
            self.add_error("knowledge_check", _("Choose the knowledge check the tests use."))
        if cleaned.get("certificate_min_post_percent") and not cleaned.get("post_test"):
            self.add_error(
                "certificate_min_post_percent", _("A post-test score needs the post-test.")
            )
        if cleaned.get("certificate_needs_evaluation") and not cleaned.get("evaluation"):
            self.add_error("certificate_needs_evaluation", _("Choose the evaluation first."))
        return cleaned


LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _suffix(code: str) -> str:
    return code.replace("-", "_")


class QuestionSetForm(forms.ModelForm):
    class Meta:
        model = QuestionSet
        fields = [f"title_{_suffix(code)}" for code in LANGUAGE_CODES]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_en"].required = True


def question_initial(question: Question) -> dict[str, object]:
    """A stored question as the editor's form shows it, its options one per line per
    language (the correct ones marked with "*" in the English list)."""
    initial: dict[str, object] = {
        name: getattr(question, name) for name in QuestionForm._meta.fields
    }
    options = list(question.options.all())
    for code in LANGUAGE_CODES:
        suffix = _suffix(code)
        initial[f"options_{suffix}"] = "\n".join(
            ("*" if code == "en" and option.is_correct else "")
            + (getattr(option, f"text_{suffix}") or "")
            for option in options
        )
    return initial


class QuestionForm(forms.ModelForm):
    """A question; its options one per line in each language (lines match across languages),
    a correct option marked with a leading "*" in the English list."""

    class Meta:
        model = Question
        fields = [
            "kind",
            *[f"text_{_suffix(code)}" for code in LANGUAGE_CODES],
            "points",
            "correct_true",
            "correct_number",
            "number_min",
            "number_max",
            "per_session",
            "required",
        ]
        widgets = {"correct_true": forms.NullBooleanSelect}

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_kind = kind
        allowed = (
            Question.KNOWLEDGE_KINDS
            if kind == QuestionSet.Kind.KNOWLEDGE
            else Question.EVALUATION_KINDS
        )
        # A blank first choice: an untouched new question at the end of the editor is left out.
        self.fields["kind"].choices = [("", "---------"), *[(k.value, k.label) for k in allowed]]
        self.fields["text_en"].required = True
        for code in LANGUAGE_CODES:
            name = f"options_{_suffix(code)}"
            self.fields[name] = forms.CharField(
                label=_("Options (%(language)s), one per line")
                % {"language": dict(settings.LANGUAGES)[code]},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def option_rows(self) -> list[dict]:
        english = [
            line.strip()
            for line in self.cleaned_data.get("options_en", "").splitlines()
            if line.strip()
        ]
        rows = []
        for index, line in enumerate(english):
            row = {"is_correct": line.startswith("*"), "text_en": line.lstrip("*").strip()}
            for code in LANGUAGE_CODES:
                if code == "en":
                    continue
                lines = [
                    x.strip()
                    for x in self.cleaned_data.get(f"options_{_suffix(code)}", "").splitlines()
                    if x.strip()
                ]
                row[f"text_{_suffix(code)}"] = lines[index] if index < len(lines) else ""
            rows.append(row)
        return rows

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        scored = self.set_kind == QuestionSet.Kind.KNOWLEDGE
        if kind in Question.CHOICE_KINDS:
            rows = self.option_rows()
            if len(rows) < 2:
                self.add_error("options_en", _("A choice question needs at least two options."))
            elif scored and not any(row["is_correct"] for row in rows):
                self.add_error("options_en", _("Mark the correct option with a leading *."))
        if scored and kind == Question.Kind.TRUE_FALSE and cleaned.get("correct_true") is None:
            self.add_error("correct_true", _("Say whether the statement is true."))
        if scored and kind == Question.Kind.NUMBER and cleaned.get("correct_number") is None:
            self.add_error("correct_number", _("Give the correct number."))
        return cleaned
