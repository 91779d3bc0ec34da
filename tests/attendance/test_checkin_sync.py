"""A check-in device's batch of actions (attendance.services.apply_checkin_actions): each applies
once whatever the retries, and the end state does not depend on the order batches arrive in."""

import datetime as dt
import itertools
import uuid

import pytest
from django.utils import timezone

from attendance.models import Attendance, CheckinAction
from attendance.qr_signing import qr_payload_sign, registration_qr_payload
from attendance.services import CheckinActionInput, apply_checkin_actions, checkin_undo_logged
from participants.models import Participant, Registration
from tests.factories import (
    AttendanceFactory,
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def session(workshop):
    return SessionFactory(workshop=workshop, title="Opening")


@pytest.fixture
def registration(workshop):
    return RegistrationFactory(workshop=workshop, participant__full_name="Chloé Dubois")


@pytest.fixture
def staff():
    return UserFactory(username="door")


def act(kind, session, minutes, registration=None, **fields) -> CheckinActionInput:
    return CheckinActionInput(
        client_id=fields.pop("client_id", None) or uuid.uuid4(),
        kind=kind,
        session_id=session.pk,
        occurred_at=T0 + dt.timedelta(minutes=minutes),
        registration_id=registration.pk if registration else None,
        **fields,
    )


def apply(workshop, actions, staff=None, device="phone A"):
    return apply_checkin_actions(
        workshop=workshop, actions=actions, actor=staff, device_label=device
    )


def state(registration, session):
    attendance = Attendance.objects.filter(registration=registration, session=session).first()
    return (attendance.status, attendance.recorded_at) if attendance else None


def test_check_in_applies_at_the_time_it_happened(workshop, session, registration, staff):
    [result] = apply(workshop, [act("check_in", session, 5, registration)], staff)

    assert result.outcome == "applied"
    assert result.present is True
    assert state(registration, session) == ("present", T0 + dt.timedelta(minutes=5))
    assert Attendance.objects.get().recorded_by == staff


def test_the_same_action_sent_again_is_a_duplicate_and_changes_nothing(
    workshop, session, registration, staff
):
    action = act("check_in", session, 5, registration)
    apply(workshop, [action], staff)

    [again] = apply(workshop, [action], staff)

    assert again.outcome == "duplicate"
    assert again.as_json()["original"] == "applied"
    assert Attendance.objects.count() == 1
    assert CheckinAction.objects.count() == 1


def test_two_devices_checking_in_one_person_give_one_attendance_at_the_earliest_time(
    workshop, session, registration, staff
):
    later = act("check_in", session, 9, registration)
    earlier = act("check_in", session, 4, registration)
    [first] = apply(workshop, [later], staff, device="phone B")

    [second] = apply(workshop, [earlier], staff, device="phone A")

    assert (first.outcome, second.outcome) == ("applied", "applied")
    assert Attendance.objects.count() == 1
    assert state(registration, session) == ("present", T0 + dt.timedelta(minutes=4))


def test_the_later_device_is_told_it_lost_to_the_earlier_one_and_why(
    workshop, session, registration, staff
):
    apply(workshop, [act("check_in", session, 4, registration)], staff, device="phone A")

    [lost] = apply(workshop, [act("check_in", session, 9, registration)], staff, device="phone B")

    assert lost.outcome == "lost"
    assert lost.by_device == "phone A (door)"
    assert lost.by_at == T0 + dt.timedelta(minutes=4)
    assert lost.message.startswith("Chloé Dubois was already checked in at")
    assert lost.message.endswith("on phone A (door).")


def test_an_undo_removes_the_check_in_it_follows(workshop, session, registration):
    results = apply(
        workshop, [act("check_in", session, 1, registration), act("undo", session, 2, registration)]
    )

    assert [r.outcome for r in results] == ["applied", "applied"]
    assert state(registration, session) is None


def test_every_order_and_split_of_the_same_actions_ends_in_the_same_state(
    workshop, session, registration, staff
):
    actions = [
        act("check_in", session, 1, registration),
        act("undo", session, 2, registration),
        act("check_in", session, 3, registration),
        act("check_in", session, 5, registration),
    ]
    end_states = set()
    for order in itertools.permutations(actions):
        CheckinAction.objects.all().delete()
        Attendance.objects.all().delete()
        for action in order[:2]:
            apply(workshop, [action], staff)
        apply(workshop, list(order[1:]), staff)  # one replayed, the rest new
        apply(workshop, list(order), staff)  # everything replayed
        end_states.add(state(registration, session))

    assert end_states == {("present", T0 + dt.timedelta(minutes=3))}


def test_an_undo_older_than_a_check_in_from_another_device_loses(
    workshop, session, registration, staff
):
    apply(workshop, [act("check_in", session, 6, registration)], staff, device="phone B")

    [undo] = apply(workshop, [act("undo", session, 2, registration)], staff, device="phone A")

    assert undo.outcome == "lost"
    assert "was checked in again at" in undo.message
    assert state(registration, session)[0] == "present"


def test_a_check_in_made_online_earlier_wins_over_a_device(workshop, session, registration, staff):
    online = AttendanceFactory(registration=registration, session=session, recorded_by=staff)
    Attendance.objects.filter(pk=online.pk).update(recorded_at=T0)

    [result] = apply(workshop, [act("check_in", session, 5, registration)], staff)

    assert result.outcome == "lost"
    assert result.by_device == "the online check-in page (door)"
    assert state(registration, session) == ("present", T0)


def test_a_cancelled_registration_is_refused_and_nothing_is_recorded(workshop, session, staff):
    cancelled = RegistrationFactory(workshop=workshop, status=Registration.Status.CANCELLED)

    [result] = apply(workshop, [act("check_in", session, 1, cancelled)], staff)

    assert result.outcome == "refused"
    assert "cancelled" in result.message
    assert Attendance.objects.count() == 0


def test_another_workshops_registration_or_session_is_refused(workshop, session, staff):
    elsewhere = RegistrationFactory(workshop=WorkshopFactory())
    other_session = SessionFactory(workshop=elsewhere.workshop)
    mine = RegistrationFactory(workshop=workshop)

    results = apply(
        workshop,
        [act("check_in", session, 1, elsewhere), act("check_in", other_session, 1, mine)],
        staff,
    )

    assert [r.outcome for r in results] == ["refused", "refused"]
    assert Attendance.objects.count() == 0


def test_a_walk_in_becomes_a_confirmed_registration_checked_in(workshop, session, staff):
    walk_in = act("walk_in", session, 3, full_name="Олена Коваленко", email="olena@example.ua")

    result, again = apply(workshop, [walk_in, walk_in], staff)

    registration = Registration.objects.get(participant__email="olena@example.ua")
    assert (result.outcome, again.outcome) == ("applied", "duplicate")
    assert result.registration_id == registration.pk
    assert (registration.status, registration.source) == ("confirmed", "walk_in")
    assert state(registration, session) == ("present", T0 + dt.timedelta(minutes=3))
    assert Attendance.objects.get().method == "walk_in"


def test_a_walk_in_replayed_registers_nobody_twice(workshop, session, staff):
    walk_in = act("walk_in", session, 3, full_name="Ana Pérez", email="ana@example.es")
    apply(workshop, [walk_in], staff)

    [again] = apply(workshop, [walk_in], staff)

    assert again.outcome == "duplicate"
    assert Registration.objects.filter(participant__email="ana@example.es").count() == 1


def test_a_walk_in_of_a_known_person_keeps_their_details(workshop, session, staff):
    known = ParticipantFactory(email="ana@example.es", full_name="Ana Pérez", organisation="ITU")

    apply(
        workshop,
        [
            act(
                "walk_in",
                session,
                3,
                full_name="Someone Else",
                email="ANA@example.es",
                organisation="Other",
            )
        ],
        staff,
    )

    known.refresh_from_db()
    assert (known.full_name, known.organisation) == ("Ana Pérez", "ITU")
    assert Participant.objects.count() == 1


def test_a_walk_in_past_capacity_is_confirmed_with_a_warning(session, staff):
    workshop = session.workshop
    workshop.capacity = 1
    workshop.save()
    RegistrationFactory(workshop=workshop)

    [result] = apply(
        workshop, [act("walk_in", session, 3, full_name="Ana Pérez", email="ana@example.es")]
    )

    assert result.outcome == "applied"
    assert result.warning == "The workshop is over capacity: 2 confirmed for 1 seats."


def test_an_undo_may_name_a_walk_in_by_its_client_id(workshop, session, staff):
    walk_in = act("walk_in", session, 3, full_name="Ana Pérez", email="ana@example.es")
    undo = act("undo", session, 4, walk_in_ref=walk_in.client_id)

    results = apply(workshop, [undo, walk_in], staff)  # arrives in any order

    assert [r.outcome for r in results] == ["applied", "applied"]
    assert Attendance.objects.count() == 0
    assert Registration.objects.filter(participant__email="ana@example.es").count() == 1


def test_a_walk_in_with_a_bad_address_is_refused_and_leaves_nothing(workshop, session, staff):
    [result] = apply(
        workshop, [act("walk_in", session, 3, full_name="Ana Pérez", email="not-an-address")]
    )

    assert result.outcome == "refused"
    assert Participant.objects.count() == 0


def test_a_scanned_code_is_checked_again_on_the_server(workshop, session, registration, staff):
    genuine = registration_qr_payload(registration)
    altered = qr_payload_sign(workshop_id=workshop.pk, registration_id=registration.pk)[:-3] + "AAA"

    results = apply(
        workshop,
        [act("check_in", session, 1, qr=altered), act("check_in", session, 2, qr=genuine)],
        staff,
    )

    assert [r.outcome for r in results] == ["refused", "applied"]
    assert "altered or forged" in results[0].message
    assert Attendance.objects.get().method == "qr"


def test_a_code_of_another_workshop_is_refused(workshop, session, staff):
    elsewhere = RegistrationFactory(workshop=WorkshopFactory())

    [result] = apply(
        workshop, [act("check_in", session, 1, qr=registration_qr_payload(elsewhere))], staff
    )

    assert result.outcome == "refused"
    assert Attendance.objects.count() == 0


def test_an_action_id_used_for_another_workshop_is_refused(workshop, session, registration):
    other = RegistrationFactory(workshop=WorkshopFactory())
    other_session = SessionFactory(workshop=other.workshop)
    action = act("check_in", other_session, 1, other)
    apply(other.workshop, [action])

    [result] = apply(
        workshop, [act("check_in", session, 1, registration, client_id=action.client_id)]
    )

    assert result.outcome == "refused"
    assert state(registration, session) is None


def test_future_times_are_never_written(workshop, session, registration):
    # The form clamps them; the service stores what it is given.
    soon = timezone.now()
    apply(
        workshop,
        [
            CheckinActionInput(
                client_id=uuid.uuid4(),
                kind="check_in",
                session_id=session.pk,
                occurred_at=soon,
                registration_id=registration.pk,
            )
        ],
    )

    assert state(registration, session) == ("present", soon)


def test_an_online_undo_is_not_undone_by_a_device_check_in_made_before_it_and_synced_after(
    workshop, session, registration, staff
):
    online = AttendanceFactory(registration=registration, session=session, recorded_by=staff)
    Attendance.objects.filter(pk=online.pk).update(recorded_at=T0)
    earlier_on_a_device = act("check_in", session, 1, registration)

    checkin_undo_logged(workshop=workshop, registration=registration, session=session, by=staff)
    [result] = apply(workshop, [earlier_on_a_device], staff)

    assert state(registration, session) is None
    assert result.outcome == "lost"
    assert CheckinAction.objects.filter(
        kind="undo", device_label="the online check-in page"
    ).exists()
