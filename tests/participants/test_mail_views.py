"""The staff page of e-mails not sent: own office only, resend one or all, viewers read."""

import pytest
from django.urls import reverse

from participants.models import OutgoingEmail
from tests.factories import RegistrationFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def _unsent(workshop, *, status=OutgoingEmail.Status.FAILED, email="amina@example.org"):
    registration = RegistrationFactory(workshop=workshop, participant__email=email)
    return OutgoingEmail.objects.create(
        registration=registration,
        recipient=email,
        kind="received",
        status=status,
        attempts=6 if status == OutgoingEmail.Status.FAILED else 1,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
    )


def test_mail_page_lists_own_office_unsent_emails_only(staff_client, workshop):
    _unsent(workshop, email="failed.here@example.org")
    _unsent(workshop, status=OutgoingEmail.Status.PENDING, email="pending.here@example.org")
    _unsent(workshop, status=OutgoingEmail.Status.SENT, email="sent.here@example.org")
    _unsent(WorkshopFactory(), email="elsewhere@example.org")

    response = staff_client.get(reverse("staff:mail"))

    emails = list(response.context["emails"])
    assert [email.recipient for email in emails] == [
        "failed.here@example.org",
        "pending.here@example.org",
    ]
    assert "Connection refused" in response.content.decode()
    assert "elsewhere@example.org" not in response.content.decode()


def test_mail_page_queries_do_not_grow(staff_client, workshop, assert_queries_do_not_grow):
    assert_queries_do_not_grow(
        lambda: staff_client.get(reverse("staff:mail")),
        add_row=lambda: _unsent(workshop, email=f"p{OutgoingEmail.objects.count()}@example.org"),
    )


def test_resend_one_sends_it_and_it_leaves_the_page(
    staff_client, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    email = _unsent(workshop)
    other = _unsent(workshop, email="other@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("staff:mail_resend", args=[email.pk]))
    response = staff_client.get(reverse("staff:mail"))

    email.refresh_from_db()
    other.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 1)
    assert other.status == OutgoingEmail.Status.FAILED
    assert [message.to for message in mailoutbox] == [["amina@example.org"]]
    assert [e.recipient for e in response.context["emails"]] == ["other@example.org"]


def test_resend_all_sends_own_office_emails_and_leaves_others(
    staff_client, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    _unsent(workshop, email="one@example.org")
    _unsent(workshop, status=OutgoingEmail.Status.PENDING, email="two@example.org")
    elsewhere = _unsent(WorkshopFactory(), email="elsewhere@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("staff:mail_resend_all"))

    assert sorted(message.to[0] for message in mailoutbox) == [
        "one@example.org",
        "two@example.org",
    ]
    elsewhere.refresh_from_db()
    assert (elsewhere.status, elsewhere.attempts) == (OutgoingEmail.Status.FAILED, 6)


def test_resend_of_another_offices_email_is_404(staff_client, mailoutbox):
    email = _unsent(WorkshopFactory())

    response = staff_client.post(reverse("staff:mail_resend", args=[email.pk]))

    email.refresh_from_db()
    assert (response.status_code, email.status, mailoutbox) == (
        404,
        OutgoingEmail.Status.FAILED,
        [],
    )


@pytest.mark.parametrize("url_name", ["mail_resend", "mail_resend_all"])
def test_viewer_sees_the_page_but_cannot_resend(viewer_client, workshop, mailoutbox, url_name):
    email = _unsent(workshop)
    args = [email.pk] if url_name == "mail_resend" else []

    page = viewer_client.get(reverse("staff:mail"))
    response = viewer_client.post(reverse(f"staff:{url_name}", args=args))

    email.refresh_from_db()
    assert [e.recipient for e in page.context["emails"]] == ["amina@example.org"]
    assert "Send again now" not in page.content.decode()
    assert (response.status_code, email.status, mailoutbox) == (
        403,
        OutgoingEmail.Status.FAILED,
        [],
    )
