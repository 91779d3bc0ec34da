import uuid

import pytest

from api.models import Scope
from api.services import api_token_create
from attendance.models import Attendance, CheckinAction
from certificates.models import Certificate, CertificateBatch
from offices.models import Region, StaffMembership
from participants.models import Registration
from tests.factories import (
    AttendanceFactory,
    RegionalOfficeFactory,
    RegistrationFactory,
    SessionFactory,
    StaffMembershipFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture
def token_for(office):
    """`token_for(scopes, office=..., role=...)`: a Bearer header for a new token of a new
    staff member of that office (the default office: Bangkok)."""

    def make(scopes=tuple(Scope.values), *, of=None, role=StaffMembership.Role.OFFICE_STAFF):
        target = office if of is None else of
        membership = StaffMembershipFactory(
            role=role, office=None if role == StaffMembership.Role.HEADQUARTERS else target
        )
        _token, secret = api_token_create(
            user=membership.user,
            office=membership.office,
            name=f"CRM of {target.name}",
            scopes=list(scopes),
        )
        return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    return make


@pytest.fixture
def cairo_workshop():
    cairo = RegionalOfficeFactory(
        slug="cairo", name="Cairo", region=Region.objects.get(slug="arab-states")
    )
    workshop = WorkshopFactory(office=cairo, slug="cairo-workshop")
    RegistrationFactory(workshop=workshop, participant__full_name="Cairo Person")
    return workshop


def registrations_url(slug: str) -> str:
    return f"/api/v1/office/workshops/{slug}/registrations"


def test_token_lists_its_office_registrations(client, token_for, workshop):
    registration = RegistrationFactory(workshop=workshop, participant__full_name="Ana Lima")

    response = client.get(registrations_url(workshop.slug), **token_for())

    assert response.status_code == 200
    assert [
        (item["id"], item["full_name"], item["status"]["code"]) for item in response.json()["items"]
    ] == [(registration.pk, "Ana Lima", "confirmed")]


def test_token_of_another_office_gets_404_for_every_office_endpoint(
    client, token_for, cairo_workshop
):
    headers = token_for()
    registration = cairo_workshop.registrations.get()
    urls = [
        registrations_url(cairo_workshop.slug),
        f"/api/v1/office/workshops/{cairo_workshop.slug}/attendance",
        f"/api/v1/office/participants/{registration.participant_id}",
    ]

    answers = [client.get(url, **headers) for url in urls]
    change = client.post(
        f"{registrations_url(cairo_workshop.slug)}/{registration.pk}/status",
        {"action": "cancel"},
        content_type="application/json",
        **headers,
    )

    assert [response.status_code for response in answers] == [404, 404, 404]
    assert all(response["Content-Type"] == PROBLEM for response in answers)
    assert "Cairo Person" not in "".join(r.content.decode() for r in answers)
    assert change.status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


@pytest.mark.parametrize(
    ("scope_missing", "method", "path"),
    [
        (Scope.READ_REGISTRATIONS, "get", "registrations"),
        (Scope.READ_ATTENDANCE, "get", "attendance"),
        (Scope.WRITE_REGISTRATIONS, "post", "registrations/{id}/status"),
    ],
)
def test_token_without_the_scope_gets_403_and_changes_nothing(
    client, token_for, workshop, scope_missing, method, path
):
    registration = RegistrationFactory(workshop=workshop)
    headers = token_for([scope for scope in Scope.values if scope != scope_missing])
    url = f"/api/v1/office/workshops/{workshop.slug}/" + path.format(id=registration.pk)

    if method == "get":
        response = client.get(url, **headers)
    else:
        response = client.post(
            url, {"action": "cancel"}, content_type="application/json", **headers
        )

    assert response.status_code == 403
    assert response.json()["type"] == "/api/v1/problems/forbidden"
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_cancel_through_the_api_uses_the_service_and_the_audit_names_the_token(
    client, token_for, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(workshop=workshop)
    headers = token_for()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{registrations_url(workshop.slug)}/{registration.pk}/status",
            {"action": "cancel"},
            content_type="application/json",
            **headers,
        )

    assert response.status_code == 200
    assert response.json()["status"]["code"] == "cancelled"
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert registration.sequence == 1
    record = registration.history.order_by("-history_id").first()
    assert record.history_change_reason == "API token: CRM of Bangkok"
    assert record.history_user.staff_membership.office == workshop.office
    assert [message.to for message in mailoutbox] == [[registration.participant.email]]


def test_a_change_the_rules_refuse_answers_409_and_changes_nothing(client, token_for, workshop):
    registration = RegistrationFactory(workshop=workshop)  # confirmed: not pending

    response = client.post(
        f"{registrations_url(workshop.slug)}/{registration.pk}/status",
        {"action": "approve"},
        content_type="application/json",
        **token_for(),
    )

    assert response.status_code == 409
    assert response.json()["type"] == "/api/v1/problems/conflict"
    assert response.json()["detail"] == "Only a registration pending approval can be approved."
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"action": "delete"}, ["body", "payload", "action"]),
        ({"action": 3}, ["body", "payload", "action"]),
        ({"action": "cancel", "why": "x"}, ["body", "payload", "why"]),
        ({}, ["body", "payload", "action"]),
    ],
)
def test_a_bad_status_body_answers_422_naming_the_field(client, token_for, workshop, body, loc):
    registration = RegistrationFactory(workshop=workshop)

    response = client.post(
        f"{registrations_url(workshop.slug)}/{registration.pk}/status",
        body,
        content_type="application/json",
        **token_for(),
    )

    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["errors"]] == [loc]
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_headquarters_token_reads_every_office_and_changes_nothing(
    client, token_for, cairo_workshop
):
    headers = token_for(
        ["read:registrations", "read:attendance"], role=StaffMembership.Role.HEADQUARTERS
    )
    registration = cairo_workshop.registrations.get()

    listed = client.get(registrations_url(cairo_workshop.slug), **headers)
    changed = client.post(
        f"{registrations_url(cairo_workshop.slug)}/{registration.pk}/status",
        {"action": "cancel"},
        content_type="application/json",
        **headers,
    )

    assert [item["full_name"] for item in listed.json()["items"]] == ["Cairo Person"]
    assert changed.status_code == 403
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_token_of_a_user_who_became_a_viewer_only_reads(client, token_for, workshop):
    headers = token_for()
    StaffMembership.objects.filter(office=workshop.office).update(
        role=StaffMembership.Role.OFFICE_VIEWER
    )
    registration = RegistrationFactory(workshop=workshop)

    listed = client.get(registrations_url(workshop.slug), **headers)
    changed = client.post(
        f"{registrations_url(workshop.slug)}/{registration.pk}/status",
        {"action": "cancel"},
        content_type="application/json",
        **headers,
    )

    assert listed.status_code == 200
    assert changed.status_code == 403


def test_attendance_lists_the_workshop_records(client, token_for, workshop):
    record = AttendanceFactory(registration__workshop=workshop)

    items = client.get(
        f"/api/v1/office/workshops/{workshop.slug}/attendance", **token_for()
    ).json()["items"]

    assert [(i["registration_id"], i["session_id"], i["status"]["code"]) for i in items] == [
        (record.registration_id, record.session_id, "present")
    ]


def test_participant_details_show_only_the_office_registrations(
    client, token_for, workshop, cairo_workshop
):
    own = RegistrationFactory(workshop=workshop, participant__full_name="Both Offices")
    RegistrationFactory(workshop=cairo_workshop, participant=own.participant)

    body = client.get(f"/api/v1/office/participants/{own.participant_id}", **token_for()).json()

    assert body["full_name"] == "Both Offices"
    assert [item["workshop"] for item in body["registrations"]] == [workshop.slug]


def test_office_endpoint_without_a_token_is_401(client, workshop):
    response = client.get(registrations_url(workshop.slug))

    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM


def test_certificate_batch_starts_through_the_service_and_reports_progress(
    client, token_for, past_workshop, make_attendee, django_capture_on_commit_callbacks
):
    first, second = make_attendee(), make_attendee()
    headers = token_for(["write:certificates"])
    url = f"/api/v1/office/workshops/{past_workshop.slug}/certificate-batches"

    with django_capture_on_commit_callbacks(execute=False) as queued:
        started = client.post(url, content_type="application/json", **headers)
    for run in queued:  # the worker (the immediate backend) runs the batch
        run()
    progress = client.get(started["Location"], **headers)
    again = client.get(started["Location"], HTTP_IF_NONE_MATCH=progress["ETag"], **headers)

    assert started.status_code == 202
    assert (started.json()["status"]["code"], started.json()["total"]) == ("queued", 0)
    assert started["Location"] == f"{url}/{started.json()['id']}"
    body = progress.json()
    assert (body["status"]["code"], body["total"], body["done_count"], body["failed_count"]) == (
        "done",
        2,
        2,
        0,
    )
    assert again.status_code == 304
    batch = CertificateBatch.objects.get()
    assert batch.requested_by.staff_membership.office == past_workshop.office
    assert sorted(c.registration_id for c in Certificate.objects.all()) == [first.pk, second.pk]


def test_certificate_batch_already_running_is_answered_instead_of_a_second(
    client, token_for, past_workshop
):
    running = CertificateBatch.objects.create(
        workshop=past_workshop, status=CertificateBatch.Status.RUNNING
    )

    response = client.post(
        f"/api/v1/office/workshops/{past_workshop.slug}/certificate-batches",
        content_type="application/json",
        **token_for(["write:certificates"]),
    )

    assert (response.status_code, response.json()["id"]) == (202, running.pk)
    assert CertificateBatch.objects.count() == 1


def test_certificate_batch_of_another_workshop_is_404(
    client, token_for, past_workshop, cairo_workshop
):
    other = CertificateBatch.objects.create(workshop=cairo_workshop)

    response = client.get(
        f"/api/v1/office/workshops/{past_workshop.slug}/certificate-batches/{other.pk}",
        **token_for(["write:certificates"]),
    )

    assert response.status_code == 404


def _attendance_batch(*actions):
    return {"actions": list(actions)}


def _action(kind, session, registration, at="2026-03-02T09:00:00+00:00", client_id=None):
    return {
        "id": client_id or str(uuid.uuid4()),
        "kind": kind,
        "session": session.pk,
        "occurred_at": at,
        "registration": registration.pk,
    }


def test_attendance_batch_records_each_action_once_whatever_the_retries(
    client, token_for, workshop
):
    session = SessionFactory(workshop=workshop)
    first, second = RegistrationFactory.create_batch(2, workshop=workshop)
    batch = _attendance_batch(
        _action("check_in", session, first),
        _action("check_in", session, second),
        _action("undo", session, second, at="2026-03-02T09:05:00+00:00"),
    )
    url = f"/api/v1/office/workshops/{workshop.slug}/attendance"
    headers = token_for([Scope.WRITE_ATTENDANCE])

    sent = client.post(url, batch, content_type="application/json", **headers)
    replayed = client.post(url, batch, content_type="application/json", **headers)

    assert sent.status_code == 200
    assert [r["outcome"] for r in sent.json()["results"]] == ["applied"] * 3
    assert [r["outcome"] for r in replayed.json()["results"]] == ["duplicate"] * 3
    assert list(Attendance.objects.values_list("registration_id", flat=True)) == [first.pk]
    assert CheckinAction.objects.count() == 3
    assert set(CheckinAction.objects.values_list("device_label", flat=True)) == {
        f"API token: CRM of {workshop.office.name}"
    }


def test_attendance_batch_two_clients_keep_the_earliest_check_in(client, token_for, workshop):
    session = SessionFactory(workshop=workshop)
    registration = RegistrationFactory(workshop=workshop)
    url = f"/api/v1/office/workshops/{workshop.slug}/attendance"
    headers = token_for([Scope.WRITE_ATTENDANCE])

    later = _attendance_batch(_action("check_in", session, registration, "2026-03-02T09:10:00Z"))
    earlier = _attendance_batch(_action("check_in", session, registration, "2026-03-02T09:01:00Z"))
    client.post(url, later, content_type="application/json", **headers)
    client.post(url, earlier, content_type="application/json", **headers)

    record = Attendance.objects.get()
    assert record.recorded_at.isoformat() == "2026-03-02T09:01:00+00:00"


def test_attendance_batch_refuses_another_workshops_session_and_applies_the_rest(
    client, token_for, workshop
):
    own_session = SessionFactory(workshop=workshop)
    foreign_session = SessionFactory(workshop=WorkshopFactory(office=workshop.office))
    registration = RegistrationFactory(workshop=workshop)

    response = client.post(
        f"/api/v1/office/workshops/{workshop.slug}/attendance",
        _attendance_batch(
            _action("check_in", foreign_session, registration),
            _action("check_in", own_session, registration),
        ),
        content_type="application/json",
        **token_for([Scope.WRITE_ATTENDANCE]),
    )

    assert [r["outcome"] for r in response.json()["results"]] == ["refused", "applied"]
    assert response.json()["results"][0]["message"]
    assert list(Attendance.objects.values_list("session_id", flat=True)) == [own_session.pk]


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"occurred_at": "2026-03-02T09:00:00"}, "occurred_at"),  # no UTC offset
        ({"kind": "walk_in"}, "kind"),
        ({"colour": "red"}, "colour"),
        ({"registration": "first"}, "registration"),
        ({"id": "not-a-uuid"}, "id"),
    ],
)
def test_attendance_batch_bad_action_answers_422_naming_the_field_and_changes_nothing(
    client, token_for, workshop, change, loc
):
    session = SessionFactory(workshop=workshop)
    registration = RegistrationFactory(workshop=workshop)
    good = _action("check_in", session, registration)

    response = client.post(
        f"/api/v1/office/workshops/{workshop.slug}/attendance",
        _attendance_batch(good, {**_action("check_in", session, registration), **change}),
        content_type="application/json",
        **token_for([Scope.WRITE_ATTENDANCE]),
    )

    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    assert loc in {str(part) for error in response.json()["errors"] for part in error["loc"]}
    assert not Attendance.objects.exists()
    assert not CheckinAction.objects.exists()


def test_attendance_batch_over_500_actions_is_refused_and_changes_nothing(
    client, token_for, workshop
):
    session = SessionFactory(workshop=workshop)
    registration = RegistrationFactory(workshop=workshop)

    response = client.post(
        f"/api/v1/office/workshops/{workshop.slug}/attendance",
        _attendance_batch(*[_action("check_in", session, registration) for _ in range(501)]),
        content_type="application/json",
        **token_for([Scope.WRITE_ATTENDANCE]),
    )

    assert response.status_code == 422
    assert not CheckinAction.objects.exists()
