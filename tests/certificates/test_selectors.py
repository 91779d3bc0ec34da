import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from attendance.models import Attendance
from certificates.models import Certificate
from certificates.selectors import batch_plan
from tests.factories import SessionFactory, WorkshopPartnerFactory

pytestmark = pytest.mark.django_db


def test_batch_plan_prints_each_person_their_own_hours_of_the_held_sessions(
    past_workshop, make_attendee
):
    opening, closing = past_workshop.sessions.order_by("starts_at")  # 3 h and 2.5 h
    SessionFactory(workshop=past_workshop, title="Dropped", is_cancelled=True)
    soon = timezone.now() + dt.timedelta(days=1)
    SessionFactory(workshop=past_workshop, starts_at=soon, ends_at=soon + dt.timedelta(hours=1))
    # Both marked at every session, the cancelled one and the one to come included.
    everywhere = make_attendee(full_name="Ana Lima")
    late_once = make_attendee(full_name="Ben Kalo")
    late_once.attendances.filter(session=opening).update(status=Attendance.Status.ABSENT)
    late_once.attendances.filter(session=closing).update(status=Attendance.Status.LATE)
    WorkshopPartnerFactory(workshop=past_workshop, partner__acronym="TRR")

    plan = batch_plan(workshop=past_workshop)

    printed = {
        row.registration: (
            row.content.holder_name,
            row.content.sessions_attended,
            row.content.sessions_held,
            row.content.hours_attended,
            [partner.name for partner in row.content.partners],
        )
        for row in plan.to_issue
    }
    assert printed == {
        everywhere: ("Ana Lima", 2, 2, Decimal("5.5"), ["TRR"]),
        late_once: ("Ben Kalo", 1, 2, Decimal("2.5"), ["TRR"]),
    }


def _queries_of_batch_plan(workshop) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        batch_plan(workshop=workshop)
    return [query["sql"] for query in queries.captured_queries]


def test_batch_plan_queries_do_not_grow_with_the_number_of_people(past_workshop, make_attendee):
    WorkshopPartnerFactory(workshop=past_workshop)
    people = [make_attendee() for _ in range(3)]
    # A current certificate under an older name, and a revoked one.
    Certificate.objects.create(registration=people[0], holder_name="Old Name")
    Certificate.objects.create(
        registration=people[1], holder_name="y", revoked_at=timezone.now(), revoked_reason="z"
    )
    few = _queries_of_batch_plan(past_workshop)
    more = [make_attendee() for _ in range(27)]
    Certificate.objects.create(registration=more[0], holder_name="Old Name")

    many = _queries_of_batch_plan(past_workshop)

    plan = batch_plan(workshop=past_workshop)
    assert (len(plan.to_issue), len(plan.name_changed), len(plan.revoked)) == (27, 2, 1)
    assert len(many) == len(few)
