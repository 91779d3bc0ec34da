import datetime as dt

import pytest

from learning.selectors import Check, workshop_span
from learning.services import knowledge_test_submit
from offices.models import StaffMembership
from offices.permissions import StaffAccess
from reporting.reports import ReportScope, learning_gain
from tests.factories import RegistrationFactory
from tests.learning.helpers import answers_for, workshop_with_learning
from workshops.models import Pillar

pytestmark = pytest.mark.django_db

WHOLE_TIME = ReportScope(start=dt.date(2000, 1, 1), end=dt.date(2100, 12, 31))
HQ = StaffAccess(role=StaffMembership.Role.HEADQUARTERS, office=None)


def _answered(settings, people: int, *, pre: int, post: int) -> None:
    span = workshop_span(workshop=settings.workshop)
    for _ in range(people):
        registration = RegistrationFactory(workshop=settings.workshop)
        for check, correct, now in (
            (Check.PRE, pre, span.first_start - dt.timedelta(days=1)),
            (Check.POST, post, span.last_end),
        ):
            knowledge_test_submit(
                registration=registration,
                check=check,
                answers=answers_for(settings.knowledge_check, correct=correct),
                now=now,
            )


def test_gain_per_office_pillar_and_year_folds_small_groups(office):
    legal = workshop_with_learning(office, days_from_now=-10)
    legal.workshop.pillars.set([Pillar.objects.get(code="legal")])
    _answered(legal, 3, pre=2, post=4)  # gain 1.0
    small = workshop_with_learning(office, days_from_now=-10)
    small.workshop.pillars.set([Pillar.objects.get(code="capacity")])
    _answered(small, 2, pre=0, post=2)

    report = learning_gain(HQ, WHOLE_TIME)

    year = legal.workshop.start_date.year
    assert report.rows == [
        ["Bangkok", "Legal Measures", year, 3, 1.0],
        ["Bangkok", "Other pillars", year, "fewer than 3", ""],
    ]
