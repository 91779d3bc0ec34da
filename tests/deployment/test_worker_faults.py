"""Real db_worker processes against the failures of issue "nothing lost when a part fails": a
worker killed with SIGKILL mid-batch (a second worker finishes the batch, each certificate
stored once and e-mailed once, the render processes gone with the first), and a mail server
that never answers (the worker gives up after EMAIL_TIMEOUT and takes the next task)."""

import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from tests.core.test_processes import process_alive
from tests.deployment.conftest import (
    REPO,
    json_log_lines,
    production_environment,
    run_manage,
    run_python,
)
from tests.smtp_server import SilentServer, SMTPServer

pytestmark = pytest.mark.worker

PEOPLE = 8

# A past workshop with one session that PEOPLE people attended, and its batch queued as
# "Issue all" queues it.
ARRANGE = f"""
import datetime as dt
from django.db import transaction
from django.utils import timezone
from attendance.models import Attendance
from certificates.batches import batch_create
from offices.models import Region, RegionalOffice
from participants.models import Participant, Registration
from workshops.models import Session, Workshop
office = RegionalOffice.objects.create(
    name="Port Vila", slug="port-vila", region=Region.objects.get(slug="asia-pacific"),
    city="Port Vila", country="VU", time_zone="Pacific/Efate")
day = timezone.now().date() - dt.timedelta(days=7)
workshop = Workshop.objects.create(
    title="Killed", slug="killed", office=office, country="VU", city="Port Vila",
    time_zone="Pacific/Efate", start_date=day, end_date=day, status="completed")
start = timezone.now() - dt.timedelta(days=7)
session = Session.objects.create(workshop=workshop, title="Only session", starts_at=start,
    ends_at=start + dt.timedelta(hours=2))
for n in range({PEOPLE}):
    person = Participant.objects.create(full_name=f"Person {{n}}", email=f"p{{n}}@example.org")
    registration = Registration.objects.create(participant=person, workshop=workshop, status="confirmed")
    Attendance.objects.create(registration=registration, session=session, method="door")
with transaction.atomic():
    batch = batch_create(workshop=workshop, by=None)
print(batch.pk)
"""


def _stored(env: dict[str, str]) -> int:
    """Certificates stored so far, read straight from the SQLite file (a manage.py process
    takes too long to start to catch a batch in the middle)."""
    path = env["DATABASE_URL"].removeprefix("sqlite:///")
    with closing(sqlite3.connect(path, timeout=10)) as database:
        return database.execute("SELECT count(*) FROM certificates_certificate").fetchone()[0]


OUTCOME = """
import datetime as dt
from django.utils import timezone
from certificates.models import Certificate, CertificateBatch
from certificates.services import certificate_files_sweep
from participants.models import OutgoingEmail
from participants.outbox import outgoing_emails_send_due
# The tick (send_due_mail): an e-mail whose certificate was stored just before the kill is in
# the outbox, but its task may never have been queued.
outgoing_emails_send_due()
emails = OutgoingEmail.objects.filter(kind="certificate_issued")
batch = CertificateBatch.objects.get()
certificate_files_sweep(now=timezone.now() + dt.timedelta(minutes=2))
print("outcome:", Certificate.objects.count(),
      Certificate.objects.values("registration").distinct().count(),
      emails.count(), emails.values("registration").distinct().count(),
      emails.filter(status="sent").count(), batch.status, batch.runs, batch.done_count)
print("unsent:", list(emails.exclude(status="sent").values_list("status", "attempts", "last_error")))
"""


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory) -> Path:
    """One migrated SQLite file for the module; each test works on a copy of it."""
    folder = tmp_path_factory.mktemp("migrated")
    env = production_environment(folder)
    run_manage(env, "migrate", "--no-input", "-v", "0")
    return folder / "db.sqlite3"


@pytest.fixture
def worker_env(production_env, migrated_database) -> dict[str, str]:
    shutil.copy(migrated_database, production_env["DATABASE_URL"].removeprefix("sqlite:///"))
    return production_env


def _worker(env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _descendants(pid: int) -> set[int]:
    """Every living process below `pid`, read from /proc."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        children = {child for child, parent in parents.items() if parent in frontier}
        frontier = children - found
        found |= children
    return {child for child in found if process_alive(child)}


def _wait_for(condition, *, timeout: float, every: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


def test_worker_killed_mid_batch_and_a_second_one_finish_it_each_certificate_once(
    worker_env, tmp_path
):
    production_env = worker_env
    production_env.update(
        CERTIFICATE_CHUNK_SIZE="2",
        CERTIFICATE_RENDER_WORKERS="2",
        TASKS_HEARTBEAT_SECONDS="1",
        TASKS_RECLAIM_SECONDS="3",
    )
    run_python(production_env, ARRANGE)

    first = _worker(production_env)
    try:
        started = _wait_for(lambda: _stored(production_env) >= 2, timeout=60, every=0.05)
        renderers = _descendants(first.pid)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        first.kill()
        first.wait()
        first.stdout.close()
    stored_when_killed = _stored(production_env)
    renderers_gone = _wait_for(lambda: not any(map(process_alive, renderers)), timeout=10)

    time.sleep(3.5)  # the first worker's heartbeat is now older than TASKS_RECLAIM_SECONDS
    second = _worker(production_env, "--batch")
    output = second.communicate(timeout=120)[0]

    assert started
    assert 2 <= stored_when_killed < PEOPLE, "killed too late to test a resume"
    assert renderers, "the batch rendered in no child process"
    assert renderers_gone, [
        Path(f"/proc/{pid}/cmdline").read_bytes() for pid in renderers if process_alive(pid)
    ]
    assert second.returncode == 0, output
    # Only the script's own two lines: what else it prints (the sweep's log line when the kill
    # left a stored PDF without its row, the outbox's) depends on where the kill fell.
    printed = run_python(production_env, OUTCOME).splitlines()
    [outcome] = [line.removeprefix("outcome: ") for line in printed if line.startswith("outcome: ")]
    [unsent] = [line.removeprefix("unsent: ") for line in printed if line.startswith("unsent: ")]
    certificates, people, emails, emailed, sent, status, runs, done = outcome.split()
    assert unsent == "[]", output
    assert (certificates, people) == (str(PEOPLE), str(PEOPLE))  # each stored once
    assert (emails, emailed, sent) == (str(PEOPLE), str(PEOPLE), str(PEOPLE))  # e-mailed once
    assert (status, runs, done) == ("done", "2", str(PEOPLE))
    assert len(list((tmp_path / "private" / "certificates").iterdir())) == PEOPLE
    requeued = [
        entry
        for entry in json_log_lines(
            "\n".join(line for line in output.splitlines() if line.startswith("{"))
        )
        if entry["message"].startswith("Task ") and "put back in the queue" in entry["message"]
    ]
    assert len(requeued) == 1


ENQUEUE_TWO_EMAILS = """
from django.db import transaction
from offices.models import Region, RegionalOffice
from participants.models import Participant, Registration
from participants.tasks import participant_email_enqueue
from workshops.models import Workshop
import datetime as dt
office = RegionalOffice.objects.create(name="Cairo", slug="cairo",
    region=Region.objects.get(slug="arab-states"), city="Cairo", country="EG", time_zone="Africa/Cairo")
workshop = Workshop.objects.create(title="Mail", slug="mail", office=office, country="EG",
    city="Cairo", time_zone="Africa/Cairo", start_date=dt.date(2030, 1, 1), end_date=dt.date(2030, 1, 1))
for n in range(2):
    person = Participant.objects.create(full_name=f"Person {n}", email=f"p{n}@example.org")
    registration = Registration.objects.create(participant=person, workshop=workshop, status="confirmed")
    with transaction.atomic():
        participant_email_enqueue(kind="received", registration_id=registration.pk)
"""

RETRY_LATER = """
import datetime as dt
from django.utils import timezone
from participants.outbox import outgoing_emails_send_due
outgoing_emails_send_due(now=timezone.now() + dt.timedelta(minutes=2))
"""

EMAIL_STATES = """
from participants.models import OutgoingEmail
print(";".join(f"{e.status},{e.attempts},{'timed out' in e.last_error}"
               for e in OutgoingEmail.objects.order_by("pk")))
"""


def test_worker_gives_up_on_a_silent_mail_server_and_the_retry_sends_each_once(worker_env):
    production_env = worker_env
    run_python(production_env, ENQUEUE_TWO_EMAILS)

    with SilentServer() as silent:
        production_env.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(silent.port))
        production_env.update(EMAIL_USE_TLS="0", EMAIL_TIMEOUT="1")
        started = time.monotonic()
        run_manage(production_env, "db_worker", "--batch", "--no-reload", "--no-startup-delay")
        waited = time.monotonic() - started
    after_silence = run_python(production_env, EMAIL_STATES)
    with SMTPServer(silent.port) as server:
        # The retries are due a minute later: send_due_mail as the tick runs it then.
        after_retry = run_python(production_env, RETRY_LATER + EMAIL_STATES)

    assert waited < 30  # two tries of one second each, not two hangs
    assert after_silence == "pending,1,True;pending,1,True"
    assert after_retry == "sent,2,False;sent,2,False"
    assert sorted(message["To"] for message in server.messages) == [
        "p0@example.org",
        "p1@example.org",
    ]
