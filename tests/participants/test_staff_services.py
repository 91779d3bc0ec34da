"""Staff-side writes: correcting a registered person's details."""

import pytest

from participants.models import Participant
from participants.services import RegistrationError
from participants.staff_services import participant_correct_details
from tests.factories import ParticipantFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_participant_correct_details_changes_the_fields_and_records_who_in_history():
    registration = RegistrationFactory(
        participant__full_name="Amina Hadad", participant__organisation="NTRA"
    )
    editor = UserFactory(username="bangkok-staff")

    changed = participant_correct_details(
        registration=registration,
        changes={"full_name": "Amina Haddad", "organisation": "NTRA", "country": "EG"},
        by=editor,
    )

    person = Participant.objects.get(pk=registration.participant_id)
    assert changed == ["full_name", "country"]
    assert (person.full_name, person.country.code) == ("Amina Haddad", "EG")
    assert person.search_text.startswith("amina haddad ")
    record = registration.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        editor,
        "Person's details corrected: full name, country",
    )
    assert "Amina" not in record.history_change_reason


def test_participant_correct_details_email_of_another_person_is_refused_and_changes_nothing():
    ParticipantFactory(email="taken@example.org")
    registration = RegistrationFactory(participant__email="mine@example.org")
    history_before = registration.history.count()

    with pytest.raises(RegistrationError, match="Another person already uses this e-mail"):
        participant_correct_details(
            registration=registration,
            changes={"email": "TAKEN@example.org", "full_name": "New Name"},
            by=None,
        )

    person = Participant.objects.get(pk=registration.participant_id)
    assert (person.email, person.full_name) == (
        "mine@example.org",
        registration.participant.full_name,
    )
    assert registration.history.count() == history_before


def test_participant_correct_details_without_changes_writes_nothing():
    registration = RegistrationFactory()
    history_before = registration.history.count()

    changed = participant_correct_details(
        registration=registration,
        changes={"full_name": registration.participant.full_name},
        by=None,
    )

    assert (changed, registration.history.count()) == ([], history_before)


def test_participant_correct_details_of_an_erased_person_is_refused():
    registration = RegistrationFactory(participant__anonymised_at="2024-01-01T00:00:00Z")

    with pytest.raises(RegistrationError, match="erased"):
        participant_correct_details(registration=registration, changes={"full_name": "X"}, by=None)


def test_participant_correct_details_refuses_a_job_title_for_a_minor():
    registration = RegistrationFactory(
        participant__is_minor=True, participant__guardian_email="parent@example.org"
    )

    with pytest.raises(ValueError, match="job_title"):
        participant_correct_details(
            registration=registration, changes={"job_title": "Intern"}, by=None
        )
