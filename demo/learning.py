"""Demo knowledge check and evaluation (Bangkok office), drawn from the 2016 COP programme
presentation (the five strategic pillars, the four sets of guidelines, the industry
guidelines' key areas), with English and French texts; the upcoming Bangkok workshop gets a
pre-test and post-test, and Port Vila (2014) gets seeded answers so its gain charts show.
The answers are made up and marked as such in the workshop's note on the data."""

import datetime as dt
import random
from decimal import Decimal

from learning.models import LearningSettings, Option, Question, QuestionSet
from learning.selectors import Check, workshop_span
from learning.services import evaluation_submit, knowledge_test_submit
from offices.models import RegionalOffice
from participants.models import Registration
from reminders.models import MailRule
from workshops.models import Workshop

KNOWLEDGE_TITLE = (
    "Child Online Protection: the basics",
    "Protection en ligne des enfants : les bases",
)
EVALUATION_TITLE = ("Workshop evaluation", "Évaluation de l'atelier")

S, M, TF, N = (
    Question.Kind.SINGLE,
    Question.Kind.MULTIPLE,
    Question.Kind.TRUE_FALSE,
    Question.Kind.NUMBER,
)

# (kind, (English, French), options [(English, French, correct)], correct for true/false or number)
KNOWLEDGE = [
    (
        N,
        (
            "How many strategic pillars does the COP Initiative have?",
            "Combien de piliers stratégiques l'initiative COP compte-t-elle ?",
        ),
        [],
        5,
    ),
    (
        S,
        (
            "Which of these is one of the five COP strategic pillars?",
            "Lequel de ces éléments est l'un des cinq piliers stratégiques de la COP ?",
        ),
        [
            ("Capacity Building", "Renforcement des capacités", True),
            ("Content Moderation", "Modération des contenus", False),
            ("Market Regulation", "Régulation du marché", False),
        ],
        None,
    ),
    (
        M,
        (
            "Which are COP strategic pillars? (choose all that apply)",
            "Lesquels sont des piliers stratégiques de la COP ? (plusieurs réponses)",
        ),
        [
            ("Legal Measures", "Mesures juridiques", True),
            ("International Cooperation", "Coopération internationale", True),
            ("Advertising Standards", "Normes publicitaires", False),
            ("Organizational Structures", "Structures organisationnelles", True),
        ],
        None,
    ),
    (
        N,
        (
            "How many sets of COP Guidelines are there?",
            "Combien d'ensembles de lignes directrices COP existe-t-il ?",
        ),
        [],
        4,
    ),
    (
        TF,
        (
            "The COP Guidelines are available in the six UN languages.",
            "Les lignes directrices COP sont disponibles dans les six langues de l'ONU.",
        ),
        [],
        True,
    ),
    (
        S,
        (
            "Which guidelines help a country plan its national strategy for child online protection?",
            "Quelles lignes directrices aident un pays à planifier sa stratégie nationale ?",
        ),
        [
            ("Guidelines for Policy Makers", "Lignes directrices pour les décideurs", True),
            ("Guidelines for Industry", "Lignes directrices pour l'industrie", False),
            ("Guidelines for Children", "Lignes directrices pour les enfants", False),
        ],
        None,
    ),
    (
        TF,
        (
            "Game consoles and mobile devices do not connect children to the Internet.",
            "Les consoles de jeux et les appareils mobiles ne connectent pas les enfants à Internet.",
        ),
        [],
        False,
    ),
    (
        M,
        (
            "Which are among the industry guidelines' key areas? (choose all that apply)",
            "Lesquels font partie des domaines clés des lignes directrices pour l'industrie ? (plusieurs réponses)",
        ),
        [
            (
                "Handling child sexual abuse content",
                "Traiter les contenus d'abus sexuels sur enfants",
                True,
            ),
            (
                "Safer, age-appropriate online environments",
                "Des environnements en ligne plus sûrs et adaptés à l'âge",
                True,
            ),
            ("Lower prices for mobile data", "Des prix plus bas pour les données mobiles", False),
        ],
        None,
    ),
    (
        S,
        (
            "Which organisation works with ITU to establish hotlines against child sexual abuse content?",
            "Quelle organisation travaille avec l'UIT pour créer des lignes d'alerte ?",
        ),
        [
            ("Internet Watch Foundation (IWF)", "Internet Watch Foundation (IWF)", True),
            ("Trend Micro", "Trend Micro", False),
            ("CTO", "CTO", False),
        ],
        None,
    ),
    (
        TF,
        (
            "The Council Working Group on COP holds one-day online youth consultations before its meetings.",
            "Le groupe de travail du Conseil sur la COP tient des consultations en ligne des jeunes avant ses réunions.",
        ),
        [],
        True,
    ),
]

EVALUATION = [
    (
        Question.Kind.LIKERT,
        ("The session was useful for my work.", "La séance a été utile pour mon travail."),
        True,
    ),
    (
        Question.Kind.LIKERT,
        ("The workshop was well organised.", "L'atelier était bien organisé."),
        False,
    ),
    (
        Question.Kind.TEXT,
        ("What should we change next time?", "Que devrions-nous changer la prochaine fois ?"),
        False,
    ),
]
COMMENTS = [
    "More time for the national guidelines drafting, please.",
    "Plus d'exemples pratiques pour les écoles.",
    "The session on legal measures was the most useful for our ministry.",
    "Share the slides before the workshop.",
    "Excellent facilitators; the group work on the guidelines helped a lot.",
]


def _set(office: RegionalOffice, kind: str, title: tuple[str, str]) -> tuple[QuestionSet, bool]:
    existing = QuestionSet.objects.filter(office=office, kind=kind, title_en=title[0]).first()
    if existing:
        return existing, False
    return QuestionSet.objects.create(
        office=office, kind=kind, title_en=title[0], title_fr=title[1]
    ), True


def knowledge_check(office: RegionalOffice) -> QuestionSet:
    question_set, created = _set(office, QuestionSet.Kind.KNOWLEDGE, KNOWLEDGE_TITLE)
    if not created:
        return question_set
    for position, (kind, (en, fr), options, correct) in enumerate(KNOWLEDGE):
        question = Question.objects.create(
            question_set=question_set,
            position=position,
            kind=kind,
            text_en=en,
            text_fr=fr,
            correct_true=correct if kind == TF else None,
            correct_number=Decimal(correct) if kind == N else None,
            number_min=Decimal(0) if kind == N else None,
            number_max=Decimal(100) if kind == N else None,
        )
        for index, (option_en, option_fr, right) in enumerate(options):
            Option.objects.create(
                question=question,
                position=index,
                text_en=option_en,
                text_fr=option_fr,
                is_correct=right,
            )
    return question_set


def evaluation(office: RegionalOffice) -> QuestionSet:
    question_set, created = _set(office, QuestionSet.Kind.EVALUATION, EVALUATION_TITLE)
    if created:
        for position, (kind, (en, fr), per_session) in enumerate(EVALUATION):
            Question.objects.create(
                question_set=question_set,
                position=position,
                kind=kind,
                text_en=en,
                text_fr=fr,
                per_session=per_session,
                required=kind != Question.Kind.TEXT,
            )
    return question_set


def _answers(question_set: QuestionSet, rng: random.Random, skill: float) -> dict[str, object]:
    """A made-up person's answers: each question right with probability `skill`."""
    answers: dict[str, object] = {}
    for question in question_set.questions.prefetch_related("options"):
        right = rng.random() < skill
        options = list(question.options.all())
        key = f"q{question.pk}"
        if question.kind == S:
            answers[key] = str(rng.choice([o for o in options if o.is_correct == right]).pk)
        elif question.kind == M:
            answers[key] = [str(o.pk) for o in options if o.is_correct == right] or [
                str(options[0].pk)
            ]
        elif question.kind == TF:
            answers[key] = "true" if question.correct_true == right else "false"
        elif question.kind == N:
            answers[key] = (
                question.correct_number
                if right
                else question.correct_number + rng.choice([-2, -1, 1, 2])
            )
    return answers


def _evaluation_answers(
    question_set: QuestionSet, workshop: Workshop, rng: random.Random, index: int
) -> dict:
    answers: dict[str, object] = {}
    sessions = list(workshop.sessions.filter(is_cancelled=False))
    for question in question_set.questions.all():
        if question.kind == Question.Kind.LIKERT:
            targets = (
                [f"q{question.pk}_s{s.pk}" for s in sessions]
                if question.per_session
                else [f"q{question.pk}"]
            )
            for key in targets:
                answers[key] = str(rng.choices([2, 3, 4, 5], weights=[1, 3, 6, 4])[0])
        elif question.kind == Question.Kind.TEXT and index < len(COMMENTS):
            answers[f"q{question.pk}"] = COMMENTS[index]
    return answers


def seed_learning(offices: dict[str, RegionalOffice], report) -> None:
    """Idempotent: sets are found by title, settings by workshop, answers only when the
    workshop has none."""
    bangkok = offices["bangkok"]
    check, survey = knowledge_check(bangkok), evaluation(bangkok)
    upcoming = Workshop.objects.filter(slug="asia-pacific-safer-online-learning").first()
    if upcoming is not None:
        LearningSettings.objects.get_or_create(
            workshop=upcoming,
            defaults={
                "knowledge_check": check,
                "pre_test": True,
                "post_test": True,
                "evaluation": survey,
            },
        )
        MailRule.objects.get_or_create(
            workshop=upcoming,
            kind=MailRule.Kind.PRE_TEST,
            defaults={"days": 14, "time_of_day": dt.time(9)},
        )
    for kind, days, hour in (
        (MailRule.Kind.REMINDER, 2, 9),
        (MailRule.Kind.STARTS_TOMORROW, 1, 17),
        (MailRule.Kind.AFTER, 0, 18),
        (MailRule.Kind.CHASER, 5, 9),
    ):
        MailRule.objects.get_or_create(
            office=bangkok, kind=kind, defaults={"days": days, "time_of_day": dt.time(hour)}
        )
    past = Workshop.objects.filter(slug="port-vila-2014").first()
    if past is None:
        return
    LearningSettings.objects.get_or_create(
        workshop=past,
        defaults={
            "knowledge_check": check,
            "pre_test": True,
            "post_test": True,
            "evaluation": survey,
        },
    )
    if Registration.objects.filter(workshop=past, test_responses__isnull=False).exists():
        return
    rng = random.Random("port-vila-learning")
    span = workshop_span(workshop=past)
    people = list(
        past.registrations.filter(status=Registration.Status.CONFIRMED)
        .select_related("workshop")
        .order_by("pk")[:40]
    )
    for index, registration in enumerate(people):
        skill = rng.uniform(0.2, 0.6)
        knowledge_test_submit(
            registration=registration,
            check=Check.PRE,
            answers=_answers(check, rng, skill),
            now=span.first_start - dt.timedelta(days=2),
        )
        knowledge_test_submit(
            registration=registration,
            check=Check.POST,
            answers=_answers(check, rng, min(skill + rng.uniform(0.1, 0.4), 0.95)),
            now=span.last_end + dt.timedelta(hours=2),
        )
        if index < 30:
            evaluation_submit(
                registration=registration,
                answers=_evaluation_answers(survey, past, rng, index),
                now=span.last_end + dt.timedelta(days=1),
            )
    report.count("knowledge-check answers (made up)", 2 * len(people))
