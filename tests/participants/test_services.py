"""Registration services: seats, waiting list, approval, e-mails."""

import datetime as dt
import email

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format

from participants import services
from participants.emails import participant_email_send
from participants.models import Participant, Registration
from participants.selectors import registration_waitlist_position
from participants.services import ParticipantDetails, RegistrationClosedError, RegistrationError
from tests.calendar_parsing import in_utc, parse_calendar
from tests.factories import (
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
)
from workshops.models import Workshop
from workshops.selectors import RegistrationWindow

pytestmark = pytest.mark.django_db


def _details(email="amina.diallo@example.org", **overrides) -> ParticipantDetails:
    values = {
        "full_name": "Amina Diallo",
        "email": email,
        "organisation": "Ministry of Digital Economy",
        "sector": "government",
        "country": "SN",
        "consent": True,
    } | overrides
    return ParticipantDetails(**values)


def _register(workshop, email="amina.diallo@example.org", **overrides):
    return services.registration_create(workshop=workshop, details=_details(email, **overrides))


def test_registration_create_confirms_while_seats_are_free(workshop):
    workshop.capacity = 2
    workshop.save()

    result = _register(workshop)

    assert result.created is True
    assert result.registration.status == Registration.Status.CONFIRMED
    assert result.registration.confirmed_at is not None
    assert result.registration.participant.consent_at is not None


def test_registration_create_waitlists_in_order_once_full(workshop):
    workshop.capacity = 1
    workshop.save()

    statuses = [_register(workshop, f"p{n}@example.org").registration for n in range(3)]

    assert [r.status for r in statuses] == ["confirmed", "waitlisted", "waitlisted"]
    assert [registration_waitlist_position(registration=r) for r in statuses] == [None, 1, 2]


def test_registration_create_without_capacity_always_confirms(workshop):
    results = [_register(workshop, f"p{n}@example.org") for n in range(5)]

    assert {r.registration.status for r in results} == {Registration.Status.CONFIRMED}


def test_registration_create_on_approval_workshop_is_pending(workshop):
    workshop.requires_approval = True
    workshop.save()

    result = _register(workshop)

    assert result.registration.status == Registration.Status.PENDING


def test_registration_create_sends_confirmation_after_commit(
    workshop, mailoutbox, django_capture_on_commit_callbacks
):
    SessionFactory(workshop=workshop, title="Opening and national context")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = _register(workshop)

    assert len(callbacks) == 2  # the e-mail, and "registration.created" (core.events)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["amina.diallo@example.org"]
    assert result.registration.token in message.body
    # 09:00 in Port Vila, shown in the workshop's own time zone with its offset.
    assert "09:00–12:00 (UTC+11:00): Opening and national context" in message.body


def test_registration_create_with_same_email_again_resends_the_link(
    workshop, mailoutbox, django_capture_on_commit_callbacks
):
    first = _register(workshop).registration

    with django_capture_on_commit_callbacks(execute=True):
        again = _register(workshop, "AMINA.DIALLO@example.org", full_name="Someone Else")

    assert again.created is False
    assert again.registration == first
    assert Registration.objects.count() == 1
    assert mailoutbox[-1].to == ["amina.diallo@example.org"]
    assert first.token in mailoutbox[-1].body


def test_registration_create_never_overwrites_an_existing_participant(workshop):
    participant = ParticipantFactory(
        email="chloe.dubois@example.fr", full_name="Chloé Dubois", organisation="ARCEP"
    )

    result = _register(
        workshop, "Chloe.Dubois@example.fr", full_name="Impostor", organisation="Evil Corp"
    )

    participant.refresh_from_db()
    assert result.registration.participant == participant
    assert (participant.full_name, participant.organisation) == ("Chloé Dubois", "ARCEP")
    assert Participant.objects.count() == 1


def test_registration_create_after_cancelling_makes_a_new_registration(workshop):
    first = _register(workshop).registration
    services.registration_cancel(registration=first)

    again = _register(workshop)

    assert again.created is True
    assert again.registration.pk != first.pk


@pytest.mark.parametrize(
    ("changes", "window"),
    [
        ({"status": Workshop.Status.DRAFT}, RegistrationWindow.NOT_PUBLISHED),
        ({"status": Workshop.Status.CANCELLED}, RegistrationWindow.WORKSHOP_CANCELLED),
        ({"status": Workshop.Status.COMPLETED}, RegistrationWindow.CLOSED),
        (
            {"registration_opens_at": timezone.now() + dt.timedelta(days=1)},
            RegistrationWindow.NOT_YET_OPEN,
        ),
        (
            {
                "registration_opens_at": timezone.now() - dt.timedelta(days=3),
                "registration_closes_at": timezone.now() - dt.timedelta(days=1),
            },
            RegistrationWindow.CLOSED,
        ),
    ],
)
def test_registration_create_refuses_outside_the_window(workshop, changes, window):
    Workshop.objects.filter(pk=workshop.pk).update(**changes)

    with pytest.raises(RegistrationClosedError) as refused:
        _register(workshop)

    assert refused.value.window == window
    assert Registration.objects.count() == 0
    assert Participant.objects.count() == 0


def test_registration_create_refuses_after_the_last_day_without_a_closing_date():
    start = timezone.now().date() - dt.timedelta(days=5)
    workshop = WorkshopFactory(
        start_date=start,
        end_date=start + dt.timedelta(days=1),
        registration_opens_at=None,
        registration_closes_at=None,
    )

    with pytest.raises(RegistrationClosedError):
        _register(workshop)


def test_registration_create_without_consent_saves_nothing(workshop):
    with pytest.raises(RegistrationError) as refused:
        _register(workshop, consent=False)

    assert refused.value.code == "no_consent"
    assert Participant.objects.count() == 0


def test_registration_create_minor_without_guardian_consent_saves_nothing(workshop):
    with pytest.raises(RegistrationError) as refused:
        _register(
            workshop,
            is_minor=True,
            guardian_name="Fatou Diallo",
            guardian_email="fatou@example.org",
            guardian_consent=False,
        )

    assert refused.value.code == "no_guardian"
    assert Participant.objects.count() == 0


def test_registration_create_minor_keeps_least_data(workshop):
    result = _register(
        workshop,
        is_minor=True,
        gender="female",
        job_title="Student council president",
        guardian_name="Fatou Diallo",
        guardian_email="fatou@example.org",
        guardian_consent=True,
    )

    participant = result.registration.participant
    assert (participant.gender, participant.job_title) == ("", "")
    assert participant.guardian_email == "fatou@example.org"
    assert participant.guardian_consent_at is not None


def test_registration_create_adult_keeps_no_guardian_data(workshop):
    result = _register(workshop, guardian_name="Someone", guardian_email="someone@example.org")

    assert result.registration.participant.guardian_email == ""


def test_registration_create_unknown_language_falls_back_to_english(workshop):
    result = services.registration_create(workshop=workshop, details=_details(), language="xx")

    assert result.registration.language == "en"


def test_registration_cancel_confirms_the_first_waitlisted(
    workshop, mailoutbox, django_capture_on_commit_callbacks
):
    workshop.capacity = 1
    workshop.save()
    seated = _register(workshop, "seated@example.org").registration
    first = _register(workshop, "first@example.org").registration
    second = _register(workshop, "second@example.org").registration

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=seated)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("confirmed", "waitlisted")
    assert registration_waitlist_position(registration=second) == 1
    assert sorted(m.to[0] for m in mailoutbox) == ["first@example.org", "seated@example.org"]
    promoted = next(m for m in mailoutbox if m.to == ["first@example.org"])
    assert promoted.subject.startswith("A seat is yours")


def test_registration_cancel_of_a_waitlisted_person_promotes_nobody(workshop):
    workshop.capacity = 1
    workshop.save()
    seated = _register(workshop, "seated@example.org").registration
    waiting = _register(workshop, "waiting@example.org").registration

    services.registration_cancel(registration=waiting)

    seated.refresh_from_db()
    assert seated.status == Registration.Status.CONFIRMED
    assert Registration.objects.filter(status="confirmed").count() == 1


def test_registration_cancel_twice_is_refused(workshop):
    registration = _register(workshop).registration
    services.registration_cancel(registration=registration)

    with pytest.raises(RegistrationError) as refused:
        services.registration_cancel(registration=registration)

    assert refused.value.code == "not_live"


def test_registration_cancel_after_the_workshop_is_refused():
    start = timezone.now().date() - dt.timedelta(days=5)
    registration = RegistrationFactory(
        workshop=WorkshopFactory(start_date=start, end_date=start + dt.timedelta(days=1))
    )

    with pytest.raises(RegistrationError) as refused:
        services.registration_cancel(registration=registration)

    registration.refresh_from_db()
    assert refused.value.code == "workshop_over"
    assert registration.status == Registration.Status.CONFIRMED


def test_registration_cancel_bumps_the_calendar_revision(workshop):
    registration = _register(workshop).registration

    cancelled = services.registration_cancel(registration=registration)

    assert cancelled.sequence == registration.sequence + 1
    assert cancelled.cancelled_at is not None


def test_registration_approve_takes_a_free_seat_and_tells_the_person(
    workshop, mailoutbox, django_capture_on_commit_callbacks
):
    workshop.requires_approval = True
    workshop.capacity = 5
    workshop.save()
    pending = _register(workshop).registration

    with django_capture_on_commit_callbacks(execute=True):
        approved = services.registration_approve(registration=pending)

    assert approved.status == Registration.Status.CONFIRMED
    assert mailoutbox[0].subject.startswith("Your registration was approved")


def test_registration_approve_on_a_full_workshop_waitlists(workshop):
    workshop.requires_approval = True
    workshop.capacity = 1
    workshop.save()
    RegistrationFactory(workshop=workshop, status=Registration.Status.CONFIRMED)
    pending = _register(workshop).registration

    approved = services.registration_approve(registration=pending)

    assert approved.status == Registration.Status.WAITLISTED


def test_registration_approve_of_a_confirmed_registration_is_refused(workshop):
    registration = RegistrationFactory(workshop=workshop)

    with pytest.raises(RegistrationError):
        services.registration_approve(registration=registration)


def test_registration_decline_tells_the_person(
    workshop, mailoutbox, django_capture_on_commit_callbacks
):
    workshop.requires_approval = True
    workshop.save()
    pending = _register(workshop).registration

    with django_capture_on_commit_callbacks(execute=True):
        declined = services.registration_decline(registration=pending)

    assert declined.status == Registration.Status.DECLINED
    assert mailoutbox[0].subject.startswith("Your registration was not accepted")


def test_registration_decline_of_a_cancelled_registration_is_refused(workshop):
    registration = RegistrationFactory(workshop=workshop, status=Registration.Status.CANCELLED)

    with pytest.raises(RegistrationError):
        services.registration_decline(registration=registration)


def test_registration_revoke_token_replaces_the_link_and_mails_the_new_one(
    workshop, mailoutbox, django_capture_on_commit_callbacks
):
    registration = _register(workshop).registration
    old_token = registration.token

    with django_capture_on_commit_callbacks(execute=True):
        renewed = services.registration_revoke_token(registration=registration)

    assert renewed.token != old_token
    assert not Registration.objects.filter(token=old_token).exists()
    assert renewed.token in mailoutbox[0].body
    assert old_token not in mailoutbox[0].body


def test_registration_revoke_feed_token_replaces_the_feed_key_only(workshop, mailoutbox):
    registration = _register(workshop).registration
    old_feed_token, token = registration.feed_token, registration.token

    renewed = services.registration_revoke_feed_token(registration=registration)

    assert renewed.feed_token != old_feed_token
    assert not Registration.objects.filter(feed_token=old_feed_token).exists()
    assert Registration.objects.get(pk=registration.pk).token == token
    assert mailoutbox == []


def test_participant_update_details_changes_the_person_but_not_the_email(workshop):
    participant = ParticipantFactory(email="lea@example.org")

    services.participant_update_details(
        participant=participant,
        details=_details("attacker@example.org", full_name="Léa Martin", organisation="CNIL"),
    )

    participant.refresh_from_db()
    assert (participant.full_name, participant.organisation) == ("Léa Martin", "CNIL")
    assert participant.email == "lea@example.org"


def test_participant_update_details_no_longer_minor_drops_guardian_data():
    participant = ParticipantFactory(
        is_minor=True,
        guardian_name="Parent",
        guardian_email="parent@example.org",
        guardian_consent_at=timezone.now(),
    )

    services.participant_update_details(participant=participant, details=_details(is_minor=False))

    participant.refresh_from_db()
    assert (participant.guardian_email, participant.guardian_consent_at) == ("", None)


def test_participant_update_details_becoming_minor_needs_a_guardian():
    participant = ParticipantFactory()

    with pytest.raises(RegistrationError):
        services.participant_update_details(
            participant=participant, details=_details(is_minor=True)
        )

    participant.refresh_from_db()
    assert participant.is_minor is False


def test_confirmation_email_has_html_and_the_qr_code(workshop):
    registration = RegistrationFactory(workshop=workshop, language="fr")

    message = _sent(registration, "received")

    assert message.alternatives[0].mimetype == "text/html"
    parsed = email.message_from_bytes(message.message().as_bytes())
    images = [part for part in parsed.walk() if part.get_content_type() == "image/png"]
    calendars = [part for part in parsed.walk() if part.get_content_type() == "text/calendar"]
    assert len(calendars) == 1
    assert len(images) == 1
    assert images[0]["Content-ID"] == "<participant-qr>"
    assert "cid:participant-qr" in message.alternatives[0].content


def test_confirmation_email_attaches_the_workshop_as_ics_with_the_join_link(workshop):
    workshop.format = Workshop.Format.HYBRID
    workshop.join_url = "https://meet.example.org/cop-port-vila"
    workshop.save()
    session = SessionFactory(workshop=workshop, title="Opening and national context")
    registration = RegistrationFactory(workshop=workshop)

    message = _sent(registration, "received")

    (filename, content, mimetype) = message.attachments[-1]
    assert (filename, mimetype) == (f"{workshop.slug}.ics", "text/calendar")
    calendar = parse_calendar(content.encode())
    starts = [
        in_utc(event.dtstart.value)
        for event in calendar.vevent_list
        if isinstance(event.dtstart.value, dt.datetime)  # the workshop itself is all-day
    ]
    assert session.starts_at in starts
    assert "https://meet.example.org/cop-port-vila" in content.replace("\r\n ", "")  # unfolded
    assert "The attached calendar file adds the workshop to your calendar." in message.body


def test_email_is_rendered_in_the_registration_language(workshop):
    session = SessionFactory(workshop=workshop)
    registration = RegistrationFactory(workshop=workshop, language="ru")
    with translation.override("ru"):
        russian_date = date_format(session.local_start(), "D j M Y, H:i")

    message = _sent(registration, "received")

    assert f"- {russian_date}–" in message.body
    assert '<html lang="ru"' in message.alternatives[0].content


def test_email_to_a_minor_copies_the_guardian(workshop):
    participant = ParticipantFactory(is_minor=True, guardian_email="parent@example.org")
    registration = RegistrationFactory(workshop=workshop, participant=participant)

    message = _sent(registration, "received")

    assert message.cc == ["parent@example.org"]


def test_waitlist_email_has_no_qr_code(workshop):
    registration = RegistrationFactory(workshop=workshop, status=Registration.Status.WAITLISTED)

    message = _sent(registration, "received")

    assert message.attachments == []
    assert "waiting list, number 1" in message.body
    assert "calendar file" not in message.body


def _sent(registration, kind):
    participant_email_send(kind=kind, registration_id=registration.pk)
    return mail.outbox[-1]


# Staff cancelling a registration and moving people up from the waiting list.


def _full_workshop_with_waitlist(capacity=1, waiting=2):
    workshop = WorkshopFactory(capacity=capacity)
    seated = [RegistrationFactory(workshop=workshop, status="confirmed") for _ in range(capacity)]
    queue = [RegistrationFactory(workshop=workshop, status="waitlisted") for _ in range(waiting)]
    return workshop, seated, queue


def test_registration_cancel_by_staff_frees_the_seat_for_the_first_waiting(
    mailoutbox, django_capture_on_commit_callbacks
):
    _workshop, (seated,), (first, second) = _full_workshop_with_waitlist()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel_by_staff(registration=seated)

    statuses = [Registration.objects.get(pk=r.pk).status for r in (seated, first, second)]
    assert statuses == ["cancelled", "confirmed", "waitlisted"]
    told = {message.to[0]: message.body for message in mailoutbox}
    assert "The organisers have cancelled your registration" in told[seated.participant.email]
    assert "cancelled, as you asked" not in told[seated.participant.email]
    assert "moved up from the waiting list" in told[first.participant.email]


@pytest.mark.parametrize("status", ["pending", "waitlisted"])
def test_registration_cancel_by_staff_cancels_pending_and_waitlisted(status):
    registration = RegistrationFactory(status=status)

    services.registration_cancel_by_staff(registration=registration)

    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_registration_cancel_by_staff_of_a_cancelled_one_is_refused():
    registration = RegistrationFactory(status="cancelled")

    with pytest.raises(RegistrationError, match="already cancelled"):
        services.registration_cancel_by_staff(registration=registration)


def test_registration_promote_without_a_free_seat_is_refused_and_changes_nothing():
    _workshop, _seated, (first, _second) = _full_workshop_with_waitlist()

    with pytest.raises(RegistrationError, match="No seat is free"):
        services.registration_promote(registration=first)

    first.refresh_from_db()
    assert first.status == "waitlisted"


def test_registration_promote_first_in_line_takes_the_free_seat(
    mailoutbox, django_capture_on_commit_callbacks
):
    workshop, _seated, (first, second) = _full_workshop_with_waitlist()
    workshop.capacity = 2
    workshop.save()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_promote(registration=first)

    assert promoted == [first]
    assert [Registration.objects.get(pk=r.pk).status for r in (first, second)] == [
        "confirmed",
        "waitlisted",
    ]
    assert [message.to for message in mailoutbox] == [[first.participant.email]]


def test_registration_promote_keeps_the_order_people_ahead_move_up_first():
    workshop, _seated, (first, second) = _full_workshop_with_waitlist()
    workshop.capacity = 3
    workshop.save()

    promoted = services.registration_promote(registration=second)

    assert promoted == [first, second]
    assert Registration.objects.filter(status="confirmed").count() == 3


def test_registration_promote_past_the_free_seats_is_refused_and_changes_nothing():
    workshop, _seated, (first, second) = _full_workshop_with_waitlist()
    workshop.capacity = 2
    workshop.save()

    with pytest.raises(RegistrationError, match="1 people wait ahead of this person for 1 free"):
        services.registration_promote(registration=second)

    assert [Registration.objects.get(pk=r.pk).status for r in (first, second)] == [
        "waitlisted",
        "waitlisted",
    ]


def test_registration_promote_of_a_confirmed_registration_is_refused():
    registration = RegistrationFactory(status="confirmed")

    with pytest.raises(RegistrationError, match="Only a registration on the waiting list"):
        services.registration_promote(registration=registration)
