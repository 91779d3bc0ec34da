"""Two real db_worker processes racing on the same certificate batch issue each certificate once."""

import subprocess
import sys

import pytest

from tests.deployment.conftest import REPO, run_manage, run_python

pytestmark = pytest.mark.worker

# A past workshop with one session that four people attended: each qualifies once.
ARRANGE = """
import datetime as dt
from django.utils import timezone
from participants.models import Participant, Registration
from attendance.models import Attendance
from workshops.models import Session, Workshop
from offices.models import Region, RegionalOffice
from certificates.models import CertificateBatch
from certificates.tasks import run_certificate_batch
office = RegionalOffice.objects.create(
    name="Bangkok", slug="bangkok", region=Region.objects.get(slug="asia-pacific"),
    city="Bangkok", country="TH", time_zone="Asia/Bangkok")
day = timezone.now().date() - dt.timedelta(days=7)
workshop = Workshop.objects.create(
    title="Race", slug="race", office=office, country="TH", city="Bangkok",
    time_zone="Asia/Bangkok", start_date=day, end_date=day, status="completed")
start = timezone.now() - dt.timedelta(days=7)
session = Session.objects.create(workshop=workshop, title="Only session", starts_at=start,
    ends_at=start + dt.timedelta(hours=2))
for name in ["Amina Haddad", "Олена Коваленко", "王伟", "محمد الأحمد"]:
    person = Participant.objects.create(full_name=name, email=f"{len(name)}.{hash(name) % 999}@example.org")
    registration = Registration.objects.create(participant=person, workshop=workshop, status="confirmed")
    Attendance.objects.create(registration=registration, session=session, method="door")
batch = CertificateBatch.objects.create(workshop=workshop)
# The same batch queued twice, as a retried task would be.
run_certificate_batch.enqueue(batch_id=batch.pk)
run_certificate_batch.enqueue(batch_id=batch.pk)
print(batch.pk)
"""

COUNT = """
from certificates.models import Certificate, CertificateBatch
from django_tasks_db.models import DBTaskResult
print(Certificate.objects.count(),
      Certificate.objects.filter(superseded_at__isnull=True, revoked_at__isnull=True).count(),
      Certificate.objects.values("registration").distinct().count(),
      CertificateBatch.objects.get().status,
      sorted(DBTaskResult.objects.filter(task_path__endswith="run_certificate_batch").values_list("status", flat=True)))
"""


def test_two_workers_racing_on_one_batch_issue_each_certificate_once(production_env):
    production_env["CERTIFICATE_RENDER_WORKERS"] = "1"
    run_manage(production_env, "migrate", "--no-input", "-v", "0")
    run_python(production_env, ARRANGE)
    worker = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--batch",
        "--no-reload",
        "--no-startup-delay",
    ]

    workers = [
        subprocess.Popen(
            worker,
            cwd=REPO,
            env=production_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=180)[0] for process in workers]

    assert [process.returncode for process in workers] == [0, 0], outputs
    total, current, people, status, task_statuses = run_python(production_env, COUNT).split(" ", 4)
    assert (total, current, people, status) == ("4", "4", "4", "done")
    assert task_statuses == "['SUCCESSFUL', 'SUCCESSFUL']"
