import pytest
from django.db import IntegrityError, transaction

from participants.models import Participant, Registration
from tests.factories import AttendanceFactory, ParticipantFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_participant_email_is_unique_whatever_the_letter_case():
    ParticipantFactory(email="chloe.dubois@example.fr")

    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(email="CHLOE.DUBOIS@example.fr")


def test_minor_without_guardian_email_is_rejected_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(is_minor=True, guardian_email="")


def test_participant_code_and_token_are_random_and_unique():
    first, second = RegistrationFactory(), RegistrationFactory()

    assert first.participant.code != second.participant.code
    assert len(first.participant.code) == 8
    assert first.token != second.token
    assert len(first.token) >= 43  # 32 random bytes, base64


def test_second_live_registration_for_the_same_workshop_is_rejected():
    registration = RegistrationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(participant=registration.participant, workshop=registration.workshop)


def test_cancelled_registration_does_not_block_a_new_one():
    registration = RegistrationFactory(status=Registration.Status.CANCELLED)

    again = RegistrationFactory(
        participant=registration.participant, workshop=registration.workshop
    )

    assert again.status == Registration.Status.CONFIRMED


def test_eligibility_override_needs_a_reason():
    registration = RegistrationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.filter(pk=registration.pk).update(eligibility_override=True)


def test_attendance_is_unique_per_registration_and_session():
    attendance = AttendanceFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceFactory(registration=attendance.registration, session=attendance.session)


def test_participant_str_is_the_name():
    assert str(Participant(full_name="Олена Коваленко")) == "Олена Коваленко"
