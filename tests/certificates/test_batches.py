"""Certificate batches whose worker died: resumable per registration, marked failed once their
task is gone, resumed by staff of the workshop's office with one click; stray files removed."""

import datetime as dt
import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from certificates.batches import batch_create, batch_settle, batch_task
from certificates.models import Certificate, CertificateBatch
from certificates.services import batch_run, certificate_files_sweep, certificate_issue
from certificates.tasks import run_certificate_batch
from core.storage import private_storage
from offices.models import StaffMembership
from participants.models import OutgoingEmail
from tests.factories import RegionalOfficeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _certificate_emails() -> list[int]:
    return sorted(
        OutgoingEmail.objects.filter(kind="certificate_issued").values_list(
            "registration_id", flat=True
        )
    )


def _stuck_batch(workshop, *, task_status: str, worker_ids: list[str]) -> CertificateBatch:
    """A batch left 'running' whose task the database backend holds in `task_status`."""
    with override_settings(TASKS=DATABASE_TASKS):
        result = run_certificate_batch.enqueue(batch_id=0)
    DBTaskResult.objects.filter(pk=result.id).update(status=task_status, worker_ids=worker_ids)
    return CertificateBatch.objects.create(
        workshop=workshop,
        status=CertificateBatch.Status.RUNNING,
        runs=1,
        task_result_id=str(result.id),
    )


def test_resumed_batch_issues_only_the_rest_and_emails_each_holder_once(
    past_workshop, make_attendee, django_capture_on_commit_callbacks
):
    first = make_attendee(full_name="Ana Lima")
    batch = CertificateBatch.objects.create(workshop=past_workshop)
    with django_capture_on_commit_callbacks(execute=True):
        batch_run(batch_id=batch.pk)
    # The worker died after this first part; two more people are in the plan when it resumes.
    later = [make_attendee(full_name=name) for name in ("Иван Петров", "李娜")]
    CertificateBatch.objects.filter(pk=batch.pk).update(status=CertificateBatch.Status.RUNNING)

    with django_capture_on_commit_callbacks(execute=True):
        resumed = batch_run(batch_id=batch.pk)

    assert (resumed.status, resumed.runs, resumed.total) == (CertificateBatch.Status.DONE, 2, 3)
    assert (resumed.done_count, resumed.unchanged_count, resumed.failed_count) == (3, 0, 0)
    assert Certificate.objects.values("registration").distinct().count() == 3
    assert Certificate.objects.count() == 3
    assert _certificate_emails() == sorted(r.pk for r in [first, *later])


def test_batch_whose_task_failed_is_marked_failed(past_workshop):
    batch = _stuck_batch(past_workshop, task_status="FAILED", worker_ids=["a", "b", "c"])

    with override_settings(TASKS=DATABASE_TASKS):
        settled = batch_settle(batch=batch)

    batch.refresh_from_db()
    assert (settled.status, batch.status) == ("failed", "failed")
    assert batch.error.startswith("The task worker stopped before the batch finished.")
    assert batch.finished_at is not None


def test_batch_whose_task_is_back_in_the_queue_waits_for_the_next_worker(past_workshop):
    batch = _stuck_batch(past_workshop, task_status="READY", worker_ids=["dead"])

    with override_settings(TASKS=DATABASE_TASKS):
        task = batch_task(batch=batch)
        settled = batch_settle(batch=batch)

    assert (task.live, task.requeued, task.attempts) == (True, True, 1)
    assert settled.status == "running"


def test_settle_command_fails_stuck_batches_and_leaves_live_ones(past_workshop):
    stuck = _stuck_batch(past_workshop, task_status="FAILED", worker_ids=["a", "b", "c"])
    running = _stuck_batch(past_workshop, task_status="RUNNING", worker_ids=["alive"])
    requeued = _stuck_batch(past_workshop, task_status="READY", worker_ids=["dead"])
    just_requested = CertificateBatch.objects.create(workshop=past_workshop)
    out = io.StringIO()

    with override_settings(TASKS=DATABASE_TASKS):
        call_command("settle_certificate_batches", stdout=out)

    statuses = {
        batch.pk: batch.status
        for batch in CertificateBatch.objects.filter(
            pk__in=[stuck.pk, running.pk, requeued.pk, just_requested.pk]
        )
    }
    assert statuses == {
        stuck.pk: "failed",
        running.pk: "running",
        requeued.pk: "running",
        just_requested.pk: "queued",
    }
    assert out.getvalue() == "1 certificate batch(es) marked failed.\n"


def test_settle_command_fails_a_batch_never_queued_once_the_grace_period_is_over(
    past_workshop,
):
    batch = CertificateBatch.objects.create(workshop=past_workshop)
    CertificateBatch.objects.filter(pk=batch.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=2)
    )

    call_command("settle_certificate_batches", stdout=io.StringIO())

    batch.refresh_from_db()
    assert batch.status == "failed"
    assert batch.error.startswith("The task worker stopped before the batch finished.")


def test_batch_never_queued_is_failed_after_the_grace_period(past_workshop):
    fresh = CertificateBatch.objects.create(workshop=past_workshop)
    old = CertificateBatch.objects.create(workshop=past_workshop)
    CertificateBatch.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=5)
    )
    old.refresh_from_db()

    assert batch_settle(batch=fresh).status == "queued"
    assert batch_settle(batch=old).status == "failed"


def test_issue_all_replaces_a_stuck_batch_instead_of_returning_it(past_workshop, staff_user):
    stuck = _stuck_batch(past_workshop, task_status="FAILED", worker_ids=["a", "b", "c"])

    with override_settings(TASKS=DATABASE_TASKS):
        batch = batch_create(workshop=past_workshop, by=staff_user)

    stuck.refresh_from_db()
    assert batch != stuck
    assert (stuck.status, batch.status) == ("failed", "queued")


def test_progress_page_of_a_stuck_batch_says_failed_and_offers_resume(
    client, past_workshop, staff_user
):
    batch = _stuck_batch(past_workshop, task_status="FAILED", worker_ids=["a", "b", "c"])
    client.force_login(staff_user)

    with override_settings(TASKS=DATABASE_TASKS):
        page = client.get(reverse("staff:certificate_batch", args=[past_workshop.slug, batch.pk]))

    text = page.content.decode()
    assert page.context["running"] is False
    assert "The task worker stopped before the batch finished." in text
    resume_url = reverse("staff:certificate_batch_resume", args=[past_workshop.slug, batch.pk])
    assert f'action="{resume_url}"' in text


def test_progress_page_says_when_the_batch_is_back_in_the_queue(client, past_workshop, staff_user):
    batch = _stuck_batch(past_workshop, task_status="READY", worker_ids=["dead"])
    client.force_login(staff_user)

    with override_settings(TASKS=DATABASE_TASKS):
        page = client.get(reverse("staff:certificate_batch", args=[past_workshop.slug, batch.pk]))

    assert "Its task worker stopped once; the batch is back in the queue" in page.content.decode()
    assert "certificate_batch_resume" not in page.content.decode()


def test_staff_resume_a_failed_batch_with_one_click(
    client, past_workshop, make_attendee, staff_user, django_capture_on_commit_callbacks
):
    make_attendee()
    batch = CertificateBatch.objects.create(
        workshop=past_workshop, status=CertificateBatch.Status.FAILED, runs=1, error="stopped"
    )
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("staff:certificate_batch_resume", args=[past_workshop.slug, batch.pk])
        )

    batch.refresh_from_db()
    assert response["Location"] == reverse(
        "staff:certificate_batch", args=[past_workshop.slug, batch.pk]
    )
    assert (batch.status, batch.runs, batch.done_count, batch.error) == ("done", 2, 1, "")
    assert Certificate.objects.count() == 1


def test_resume_of_a_batch_that_did_not_fail_changes_nothing(client, past_workshop, staff_user):
    batch = CertificateBatch.objects.create(
        workshop=past_workshop, status=CertificateBatch.Status.DONE
    )
    client.force_login(staff_user)

    response = client.post(
        reverse("staff:certificate_batch_resume", args=[past_workshop.slug, batch.pk]),
        follow=True,
    )

    batch.refresh_from_db()
    assert batch.status == "done"
    assert "Only a batch that failed can be resumed." in response.content.decode()


@pytest.mark.parametrize(
    ("role", "other_office", "expected"),
    [
        (StaffMembership.Role.OFFICE_STAFF, True, 404),
        (StaffMembership.Role.OFFICE_VIEWER, False, 403),
        (StaffMembership.Role.HEADQUARTERS, False, 403),
    ],
)
def test_resume_by_anyone_but_the_offices_staff_is_refused(
    staff_client_for, past_workshop, office, role, other_office, expected
):
    batch = CertificateBatch.objects.create(
        workshop=past_workshop, status=CertificateBatch.Status.FAILED
    )
    client = staff_client_for(role, RegionalOfficeFactory() if other_office else office)

    response = client.post(
        reverse("staff:certificate_batch_resume", args=[past_workshop.slug, batch.pk])
    )

    batch.refresh_from_db()
    assert (response.status_code, batch.status) == (expected, "failed")


def test_resume_of_another_workshops_batch_is_404(client, past_workshop, staff_user, office):
    other = CertificateBatch.objects.create(
        workshop=WorkshopFactory(office=office), status=CertificateBatch.Status.FAILED
    )
    client.force_login(staff_user)

    response = client.post(
        reverse("staff:certificate_batch_resume", args=[past_workshop.slug, other.pk])
    )

    assert response.status_code == 404


def _aged(name: str, minutes: int) -> None:
    path = private_storage().path(name)
    stamp = (timezone.now() - dt.timedelta(minutes=minutes)).timestamp()
    os.utime(path, (stamp, stamp))


@pytest.fixture
def no_files_from_earlier_tests():
    """The sweep looks at every file in the private storage, and files other tests stored earlier
    in the same run are old enough to be swept (their rows were rolled back): start empty."""
    storage = private_storage()
    if storage.exists("certificates"):
        for name in storage.listdir("certificates")[1]:
            storage.delete(f"certificates/{name}")


def test_sweep_removes_old_files_no_certificate_names_and_keeps_the_rest(
    no_files_from_earlier_tests, make_attendee, staff_user
):
    registration = make_attendee(full_name="Ana Lima")
    certificate = certificate_issue(registration=registration, by=staff_user).certificate
    storage = private_storage()
    stray = storage.save("certificates/stray.pdf", ContentFile(b"%PDF-1.7 left by a kill"))
    young = storage.save("certificates/young.pdf", ContentFile(b"%PDF-1.7 being stored"))
    _aged(stray, 10)
    _aged(certificate.pdf.name, 10)

    deleted = certificate_files_sweep()

    assert deleted == [stray]
    assert not storage.exists(stray)
    assert storage.exists(young)
    assert storage.exists(certificate.pdf.name)
