import datetime as dt
import zoneinfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from learning.selectors import Check, workshop_span
from learning.services import knowledge_test_submit
from participants.models import OutgoingEmail, Registration
from reminders.models import MailRule, MailSendLog
from reminders.selectors import scheduled_mail_due, workshop_mail_schedule
from reminders.services import scheduled_mail_enqueue_due
from tests.factories import ParticipantFactory, RegistrationFactory, SessionFactory, WorkshopFactory
from tests.learning.helpers import answers_for, workshop_with_learning

pytestmark = pytest.mark.django_db

EFATE = zoneinfo.ZoneInfo("Pacific/Efate")  # UTC+11


@pytest.fixture
def workshop(office):
    """Starts 1 March 2027, 9:00 in Port Vila (22:00 UTC on 28 February)."""
    workshop = WorkshopFactory(
        office=office,
        start_date=dt.date(2027, 3, 1),
        end_date=dt.date(2027, 3, 2),
        format="online",
        join_url="https://meet.example.org/cop",
    )
    SessionFactory(workshop=workshop)
    return workshop


def _at(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2027, month, day, hour, minute, tzinfo=EFATE)


def _reminder(workshop, **fields) -> MailRule:
    values = {"kind": MailRule.Kind.REMINDER, "days": 2, "time_of_day": dt.time(10)}
    values.update(fields)
    return MailRule.objects.create(workshop=workshop, **values)


def test_a_reminder_fires_at_its_time_of_day_in_the_workshops_time_zone(workshop):
    _reminder(workshop)
    RegistrationFactory(workshop=workshop)

    assert scheduled_mail_due(now=_at(27, 9, 59, month=2)) == []
    due = scheduled_mail_due(now=_at(27, 10, 1, month=2))

    assert [(item.rule.kind, item.due_at) for item in due] == [("reminder", _at(27, 10, month=2))]


def test_due_mail_goes_out_once_in_the_participants_language(workshop, mailoutbox):
    _reminder(workshop, subject_en="Soon: {workshop}", subject_fr="Bientôt : {workshop}")
    RegistrationFactory(workshop=workshop, language="fr", participant__full_name="Aline")
    RegistrationFactory(workshop=workshop, language="en")

    with freeze_time(_at(27, 10, 5, month=2)):
        call_command("send_due_mail")
        call_command("send_due_mail")

    assert sorted(m.subject for m in mailoutbox) == [
        f"Bientôt : {workshop.title}",
        f"Soon: {workshop.title}",
    ]
    assert MailSendLog.objects.count() == 2
    assert OutgoingEmail.objects.filter(kind="scheduled", status="sent").count() == 2


def test_the_standard_text_is_used_when_the_rule_has_none(workshop, mailoutbox):
    _reminder(workshop)
    RegistrationFactory(workshop=workshop, participant__full_name="Amina Haddad")

    with freeze_time(_at(27, 10, 5, month=2)):
        call_command("send_due_mail")

    (message,) = mailoutbox
    assert message.subject == f"Reminder: {workshop.title}, 1 March 2027 – 2 March 2027"
    assert message.body.startswith("Dear Amina Haddad,")
    assert "/me/" in message.body


def test_cancelled_waitlisted_and_erased_people_and_cancelled_workshops_get_nothing(
    workshop, office
):
    _reminder(workshop)
    confirmed = RegistrationFactory(workshop=workshop)
    RegistrationFactory(workshop=workshop, status=Registration.Status.CANCELLED)
    RegistrationFactory(workshop=workshop, status=Registration.Status.WAITLISTED)
    RegistrationFactory(
        workshop=workshop, participant=ParticipantFactory(anonymised_at=timezone.now())
    )
    cancelled = WorkshopFactory(
        office=office,
        start_date=workshop.start_date,
        end_date=workshop.end_date,
        status="cancelled",
    )
    _reminder(cancelled)
    RegistrationFactory(workshop=cancelled)

    due = scheduled_mail_due(now=_at(27, 10, 5, month=2))

    assert [item.registration_ids for item in due] == [(confirmed.pk,)]


def test_a_rule_whose_time_has_passed_is_not_sent_late_and_is_reported(
    workshop, staff_client_for, office
):
    RegistrationFactory(workshop=workshop)
    _reminder(workshop)  # due 27 February, 10:00

    with freeze_time(_at(28, 9, month=2)):  # 23 hours late
        result = scheduled_mail_enqueue_due()
        schedule = workshop_mail_schedule(workshop=workshop)
        staff_client = staff_client_for(office=office)  # signed in at the frozen time
        page = staff_client.get(reverse("staff:workshop", args=[workshop.slug])).content.decode()

    assert result.queued == 0
    assert not MailSendLog.objects.exists()
    assert [row["missed"] for row in schedule] == [True]
    assert "not sent late" in page


def test_moving_the_workshop_moves_its_mail(workshop):
    _reminder(workshop)
    RegistrationFactory(workshop=workshop)
    later = dt.timedelta(days=7)
    workshop.start_date += later
    workshop.end_date += later
    workshop.save()
    session = workshop.sessions.get()
    session.starts_at += later
    session.ends_at += later
    session.save()

    assert scheduled_mail_due(now=_at(27, 10, 5, month=2)) == []
    assert len(scheduled_mail_due(now=_at(6, 10, 5))) == 1


def test_starts_tomorrow_carries_the_join_link_to_online_participants(workshop, mailoutbox):
    MailRule.objects.create(
        workshop=workshop, kind=MailRule.Kind.STARTS_TOMORROW, time_of_day=dt.time(17)
    )
    RegistrationFactory(workshop=workshop)

    with freeze_time(_at(28, 17, 1, month=2)):
        call_command("send_due_mail")

    (message,) = mailoutbox
    assert "https://meet.example.org/cop" in message.body


def test_starts_tomorrow_is_not_sent_for_an_in_person_workshop(workshop):
    workshop.format = "in_person"
    workshop.save()
    MailRule.objects.create(
        workshop=workshop, kind=MailRule.Kind.STARTS_TOMORROW, time_of_day=dt.time(17)
    )
    RegistrationFactory(workshop=workshop)

    assert scheduled_mail_due(now=_at(28, 17, 1, month=2)) == []


def test_an_office_default_applies_unless_the_workshop_has_its_own(workshop, office):
    MailRule.objects.create(
        office=office, kind=MailRule.Kind.REMINDER, days=3, time_of_day=dt.time(8)
    )
    RegistrationFactory(workshop=workshop)

    assert len(scheduled_mail_due(now=_at(26, 8, 1, month=2))) == 1

    _reminder(workshop)  # the workshop's own: two days before
    assert scheduled_mail_due(now=_at(26, 8, 1, month=2)) == []
    assert len(scheduled_mail_due(now=_at(27, 10, 1, month=2))) == 1


def test_pre_test_invitation_skips_who_answered_and_chaser_only_non_responders(office):
    settings = workshop_with_learning(office)
    workshop = settings.workshop
    span = workshop_span(workshop=workshop)
    answered, silent = (
        RegistrationFactory(workshop=workshop),
        RegistrationFactory(workshop=workshop),
    )
    knowledge_test_submit(
        registration=answered,
        check=Check.PRE,
        answers=answers_for(settings.knowledge_check, correct=2),
        now=span.first_start - dt.timedelta(days=3),
    )
    MailRule.objects.create(workshop=workshop, kind=MailRule.Kind.PRE_TEST, days=2)
    MailRule.objects.create(workshop=workshop, kind=MailRule.Kind.CHASER, days=3)
    knowledge_test_submit(
        registration=answered,
        check=Check.POST,
        answers=answers_for(settings.knowledge_check, correct=4),
        now=span.last_end,
    )

    pre = scheduled_mail_due(now=span.first_start - dt.timedelta(days=2))
    chaser = scheduled_mail_due(now=span.last_end + dt.timedelta(days=3))

    assert [item.registration_ids for item in pre] == [(silent.pk,)]
    # The answered person did the post-test but not the evaluation: still chased for it.
    assert [sorted(item.registration_ids) for item in chaser] == [sorted([answered.pk, silent.pk])]


def test_dry_run_lists_what_is_due_and_queues_nothing(workshop, capsys):
    _reminder(workshop)
    RegistrationFactory(workshop=workshop)

    with freeze_time(_at(27, 10, 5, month=2)):
        call_command("send_due_mail", "--dry-run")

    out = capsys.readouterr().out
    assert "1 scheduled e-mail(s) due; nothing queued (dry run)." in out
    assert f"{workshop.slug}: reminder (due 2027-02-27 10:00 +11) to 1 registration(s)" in out
    assert not MailSendLog.objects.exists()
    assert not OutgoingEmail.objects.exists()
