import datetime as dt

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from attendance import services as attendance_services
from attendance.models import Attendance
from certificates.models import Certificate
from participants.emails import participant_email_send
from participants.models import Participant, Registration
from privacy import selectors, services
from reporting import selectors as reporting_selectors
from tests.factories import (
    AttendanceFactory,
    ParticipantFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
)
from tests.privacy.helpers import certificate_for, past_workshop
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _retention(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 1000
    settings.MINORS_DATA_RETENTION_DAYS = 200


def _minor(**fields):
    return ParticipantFactory(
        is_minor=True, guardian_name="Mele Kalo", guardian_email="mele@example.to", **fields
    )


def test_anonymise_blanks_every_identifying_field_and_keeps_statistics():
    participant = ParticipantFactory(
        full_name="Tevita Kalo",
        email="Tevita@example.to",
        organisation="Tonga Communications Commission",
        job_title="Engineer",
        gender="male",
        needs="Vegetarian",
        sector="regulator",
        country="TO",
    )
    old_code = participant.code

    assert services.participant_anonymise(participant=participant) is True

    participant.refresh_from_db()
    assert (
        participant.full_name,
        participant.email,
        participant.organisation,
        participant.job_title,
        participant.gender,
        participant.needs,
        participant.search_text,
    ) == ("", f"anonymised-{participant.pk}@invalid", "", "", "", "", "")
    assert participant.code != old_code
    assert participant.anonymised_at is not None
    assert (participant.country.code, participant.sector) == ("TO", "regulator")


def test_anonymise_a_minor_erases_the_guardian():
    participant = _minor()

    services.participant_anonymise(participant=participant)

    participant.refresh_from_db()
    assert (participant.guardian_name, participant.guardian_email) == ("", "")
    assert participant.is_minor is True


def test_anonymise_twice_changes_nothing_the_second_time():
    participant = ParticipantFactory()
    services.participant_anonymise(participant=participant)
    first = Participant.objects.get(pk=participant.pk)

    assert services.participant_anonymise(participant=participant) is False
    assert Participant.objects.get(pk=participant.pk).code == first.code


def test_anonymise_keeps_registrations_attendance_and_replaces_links():
    workshop = past_workshop(2000)
    attendance = AttendanceFactory(registration__workshop=workshop)
    registration = attendance.registration
    old_token, old_feed_token = registration.token, registration.feed_token

    services.participant_anonymise(participant=registration.participant)

    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.token != old_token
    assert registration.feed_token != old_feed_token
    assert Attendance.objects.filter(registration=registration).count() == 1


def test_anonymise_blanks_the_certificate_name_pdf_and_history_but_keeps_the_code(
    django_capture_on_commit_callbacks,
):
    registration = RegistrationFactory(workshop=past_workshop(2000))
    certificate = certificate_for(registration)
    storage = certificate.pdf.storage
    stored = certificate.pdf.name

    with django_capture_on_commit_callbacks(execute=True):
        services.participant_anonymise(participant=registration.participant)

    certificate.refresh_from_db()
    assert (certificate.holder_name, certificate.pdf.name) == ("", "")
    assert certificate.is_valid
    assert list(certificate.history.values_list("holder_name", flat=True)) == [""]
    assert storage.exists(stored) is False


def test_anonymise_withholds_override_reasons_in_rows_and_history():
    registration = RegistrationFactory(workshop=past_workshop(2000))
    attendance_services.registration_set_eligibility_override(
        registration=registration, eligible=True, reason="In hospital on day 2", by=None
    )

    services.participant_anonymise(participant=registration.participant)

    registration.refresh_from_db()
    reasons = set(registration.history.values_list("eligibility_override_reason", flat=True))
    assert registration.eligibility_override_reason == services.WITHHELD_REASON
    assert "In hospital on day 2" not in reasons


def test_anonymise_erases_names_from_the_admin_log():
    participant = ParticipantFactory(full_name="Tevita Kalo")
    LogEntry.objects.log_actions(
        user_id=UserFactory().pk,
        queryset=[participant],
        action_flag=CHANGE,
        change_message="Changed Tevita Kalo",
        single_object=True,
    )

    services.participant_anonymise(participant=participant)

    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Participant))
    assert (entry.object_repr, entry.change_message) == ("anonymised participant", "")


def test_anonymise_before_the_workshop_cancels_and_gives_the_seat_away(
    mailoutbox, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(capacity=1)
    seated = RegistrationFactory(workshop=workshop)
    waiting = RegistrationFactory(workshop=workshop, status=Registration.Status.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.participant_anonymise(participant=seated.participant)

    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert (seated.status, waiting.status) == ("cancelled", "confirmed")
    assert [m.to for m in mailoutbox] == [[waiting.participant.email]]


def test_queued_email_to_an_anonymised_person_is_not_sent():
    registration = RegistrationFactory(workshop=past_workshop(2000))
    services.participant_anonymise(participant=registration.participant)

    participant_email_send(kind="received", registration_id=registration.pk)

    assert mail.outbox == []


# Who is due --------------------------------------------------------------------------------


def test_due_for_purge_only_people_whose_every_workshop_is_past_retention():
    old = past_workshop(1500)
    recent = past_workshop(10)
    only_old = RegistrationFactory(workshop=old).participant
    old_and_recent = RegistrationFactory(workshop=old).participant
    RegistrationFactory(workshop=recent, participant=old_and_recent)
    RegistrationFactory(workshop=recent)

    assert list(selectors.participants_due_for_purge()) == [only_old]


def test_due_for_purge_minors_sooner_than_adults():
    workshop = past_workshop(500)  # past the minors' 200 days, within the adults' 1000
    minor = RegistrationFactory(workshop=workshop, participant=_minor()).participant
    RegistrationFactory(workshop=workshop)

    assert list(selectors.participants_due_for_purge()) == [minor]


def test_due_for_purge_someone_without_registration_counts_from_creation():
    forgotten = ParticipantFactory()
    Participant.objects.filter(pk=forgotten.pk).update(
        created_at=timezone.now() - dt.timedelta(days=1200)
    )
    ParticipantFactory()

    assert list(selectors.participants_due_for_purge()) == [forgotten]


def test_due_for_purge_skips_people_already_anonymised():
    registration = RegistrationFactory(workshop=past_workshop(1500))
    services.participant_anonymise(participant=registration.participant)

    assert list(selectors.participants_due_for_purge()) == []


# The command --------------------------------------------------------------------------------


def test_purge_command_dry_run_counts_and_changes_nothing(capsys):
    registration = RegistrationFactory(workshop=past_workshop(1500))

    call_command("purge_personal_data", "--dry-run")

    assert capsys.readouterr().out.startswith("Would anonymise 1 participant(s)")
    registration.participant.refresh_from_db()
    assert registration.participant.anonymised_at is None


def test_purge_command_anonymises_and_statistics_survive(capsys):
    old = past_workshop(1500)
    for country, sector in [("TO", "regulator"), ("TO", "regulator"), ("FJ", "industry")]:
        RegistrationFactory(
            workshop=old, participant=ParticipantFactory(country=country, sector=sector)
        )
    workshops = Workshop.objects.filter(pk=old.pk)
    before = reporting_selectors.registration_statistics(workshops=workshops)

    call_command("purge_personal_data")

    after = reporting_selectors.registration_statistics(workshops=workshops)
    assert capsys.readouterr().out.startswith("Anonymised 3 participant(s)")
    assert Participant.objects.filter(anonymised_at__isnull=True).count() == 0
    assert after == before
    assert [(row.country, row.sector, row.registrations) for row in after] == [
        ("FJ", "industry", 1),
        ("TO", "regulator", 2),
    ]


def test_purge_command_keeps_certificates_verifiable():
    registration = RegistrationFactory(workshop=past_workshop(1500))
    certificate = certificate_for(registration)

    call_command("purge_personal_data")

    found = Certificate.objects.select_related("registration__workshop").get(code=certificate.code)
    assert (found.is_valid, found.registration.workshop, found.holder_name) == (
        True,
        registration.workshop,
        "",
    )
