"""The scale dataset generator, run tiny on the test database."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from attendance.models import Attendance
from participants.models import Participant, Registration
from workshops.models import Session, Workshop

pytestmark = pytest.mark.django_db


def test_seed_scale_builds_every_kind_of_row_in_proportion(office, capsys):
    call_command("seed_scale", scale=0.01)

    workshops = Workshop.objects.filter(slug__startswith="scale-")
    today = timezone.now().date()
    confirmed_past = Registration.objects.filter(
        workshop__in=workshops.filter(end_date__lt=today), status=Registration.Status.CONFIRMED
    ).count()
    attendance = Attendance.objects.filter(session__workshop__in=workshops).count()
    assert (workshops.count(), Session.objects.filter(workshop__in=workshops).count()) == (20, 80)
    assert Participant.objects.filter(email__endswith="@scale.invalid").count() == 1_000
    assert Registration.objects.filter(workshop__in=workshops).count() == 3_000
    assert attendance == confirmed_past * 4
    assert confirmed_past > 2_000
    assert f"{attendance:,} attendance rows" in capsys.readouterr().out


def test_seed_scale_refuses_to_load_twice(office):
    call_command("seed_scale", scale=0.001)

    with pytest.raises(CommandError, match="loaded already"):
        call_command("seed_scale", scale=0.001)

    assert Workshop.objects.filter(slug__startswith="scale-").count() == 2


def test_seed_scale_needs_an_office():
    with pytest.raises(CommandError, match="No regional office"):
        call_command("seed_scale", scale=0.001)

    assert Workshop.objects.count() == 0
