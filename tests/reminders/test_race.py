"""Two real send_due_mail processes racing on the same due reminders queue each e-mail once:
the send log's unique (registration, kind) decides who writes each one."""

import subprocess
import sys

import pytest

from tests.deployment.conftest import REPO, production_env, run_manage, run_python

__all__ = ["production_env"]  # the fixture, used here as in tests/deployment

# Transactional, like every other concurrency test: the database is copied to a file for the
# processes, and that copy must start from the committed state (a test left without a marker
# ran among the tests that use no database, after whatever a transaction of an earlier test
# left open, and the copy then waited for it for ever).
pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PEOPLE = 60

# A reminder "two days before", due one minute ago, for PEOPLE confirmed registrations.
ARRANGE = f"""
import datetime as dt
from django.utils import timezone
from offices.models import Region, RegionalOffice
from participants.models import Participant, Registration
from reminders.models import MailRule
from workshops.models import Session, Workshop
office = RegionalOffice.objects.create(
    name="Bangkok", slug="bangkok", region=Region.objects.get(slug="asia-pacific"),
    city="Bangkok", country="TH", time_zone="Asia/Bangkok")
start = timezone.now() + dt.timedelta(days=2, minutes=-1)
workshop = Workshop.objects.create(
    title="Race", slug="race", office=office, country="TH", city="Bangkok",
    time_zone="Asia/Bangkok", start_date=start.date(), end_date=start.date() + dt.timedelta(days=1),
    status="published")
Session.objects.create(workshop=workshop, title="Opening", starts_at=start,
    ends_at=start + dt.timedelta(hours=2))
MailRule.objects.create(workshop=workshop, kind="reminder", days=2)
for n in range({PEOPLE}):
    person = Participant.objects.create(full_name=f"Person {{n}}", email=f"p{{n}}@example.org")
    Registration.objects.create(participant=person, workshop=workshop, status="confirmed")
"""

COUNT = """
from participants.models import OutgoingEmail
from reminders.models import MailSendLog
print(MailSendLog.objects.count(),
      OutgoingEmail.objects.filter(kind="scheduled").count(),
      OutgoingEmail.objects.filter(kind="scheduled").values("registration").distinct().count())
"""


def test_two_schedulers_racing_queue_each_reminder_once(production_env):
    run_manage(production_env, "migrate", "--no-input", "-v", "0")
    run_python(production_env, ARRANGE)

    ticks = [
        subprocess.Popen(
            [sys.executable, "manage.py", "send_due_mail"],
            cwd=REPO,
            env=production_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [tick.communicate(timeout=180)[0] for tick in ticks]

    assert [tick.returncode for tick in ticks] == [0, 0], outputs
    assert run_python(production_env, COUNT) == f"{PEOPLE} {PEOPLE} {PEOPLE}"
    # Between them, the two runs queued every reminder exactly once.
    queued = [
        int(line.split(" scheduled e-mail(s) queued")[0].rsplit(" ", 1)[-1])
        for output in outputs
        for line in output.splitlines()
        if "scheduled e-mail(s) queued" in line
    ]
    assert sum(queued) == PEOPLE
    # A second tick afterwards finds nothing left to queue.
    assert "0 scheduled e-mail(s) queued" in run_manage(production_env, "send_due_mail")
