"""A write through a token leaves the audit trail the same write in the staff area leaves (the
same history rows, the same sequence bumps, the same user), and its reason names the token on
exactly those rows."""

import pytest
from django.urls import reverse

from api.models import Scope
from api.services import api_token_create
from participants.models import Registration
from tests.factories import RegistrationFactory, StaffMembershipFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

STAFF_VIEWS = {
    "approve": "registration_approve",
    "decline": "registration_decline",
    "cancel": "registration_cancel",
    "promote": "registration_promote",
}

# action -> the registrations set up (name, status) and which one the action is on. Cancel frees
# a seat, so the first on the waiting list moves up in the same write; promote moves up
# everyone ahead too.
SCENARIOS = {
    "cancel": ([("seated", "confirmed"), ("first", "waitlisted"), ("second", "waitlisted")], 0),
    "approve": ([("asking", "pending"), ("other", "confirmed")], 0),
    "decline": ([("asking", "pending"), ("other", "confirmed")], 0),
    "promote": (
        [("seated", "confirmed"), ("first", "waitlisted"), ("second", "waitlisted")],
        2,
    ),
}


def _arrange(office, action):
    people, target = SCENARIOS[action]
    workshop = WorkshopFactory(office=office, capacity=3 if action == "promote" else 1)
    registrations = [
        RegistrationFactory(workshop=workshop, status=status, participant__full_name=name)
        for name, status in people
    ]
    return workshop, registrations[target]


def _trail(workshop, after_id):
    """The history rows written after `after_id`, as what matters to an auditor."""
    return [
        (
            row.participant.full_name,
            row.history_type,
            row.status,
            row.sequence,
            row.history_user.username,
            row.history_change_reason,
        )
        for row in Registration.history.filter(workshop=workshop, history_id__gt=after_id)
        .select_related("participant", "history_user")
        .order_by("history_id")
    ]


def _last_history_id():
    return Registration.history.order_by("-history_id").values_list("history_id", flat=True)[0]


@pytest.mark.parametrize("action", list(STAFF_VIEWS))
def test_api_write_leaves_the_staff_area_audit_rows_and_names_the_token(client, office, action):
    user = StaffMembershipFactory(office=office).user
    _token, secret = api_token_create(
        user=user, office=office, name="CRM sync", scopes=[Scope.WRITE_REGISTRATIONS]
    )
    by_staff, staff_target = _arrange(office, action)
    by_api, api_target = _arrange(office, action)
    unrelated = RegistrationFactory(workshop=by_api, status="cancelled")
    before = _last_history_id()

    client.force_login(user)
    staff = client.post(
        reverse(f"staff:{STAFF_VIEWS[action]}", args=[by_staff.slug, staff_target.pk])
    )
    client.logout()
    api = client.post(
        f"/api/v1/office/workshops/{by_api.slug}/registrations/{api_target.pk}/status",
        {"action": action},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )

    assert (staff.status_code, api.status_code) == (302, 200)
    staff_trail = _trail(by_staff, before)
    api_trail = _trail(by_api, before)
    assert staff_trail  # the action wrote something
    assert [row[:5] for row in api_trail] == [row[:5] for row in staff_trail]
    assert {row[5] for row in staff_trail} == {None}
    assert {row[5] for row in api_trail} == {"API token: CRM sync"}
    # Rows of the same workshop the write did not touch keep their own (empty) reason.
    assert list(unrelated.history.values_list("history_change_reason", flat=True)) == [None]
