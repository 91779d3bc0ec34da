import pytest
from django.urls import reverse

from offices.models import StaffMembership
from participants.models import Participant, Registration
from tests.factories import (
    ParticipantFactory,
    RegionalOfficeFactory,
    RegistrationFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def approval_workshop(workshop):
    workshop.requires_approval = True
    workshop.capacity = 2
    workshop.save()
    return workshop


def staff_client_for(staff_client_for, role, office):
    staff_client_for(role=role, office=office)


def _url(name, registration):
    return reverse(f"staff:{name}", args=[registration.workshop.slug, registration.pk])


def test_staff_page_lists_pending_waitlisted_and_confirmed(
    staff_client_for, client, approval_workshop
):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, approval_workshop.office)
    pending = RegistrationFactory(workshop=approval_workshop, status="pending")
    waiting = RegistrationFactory(workshop=approval_workshop, status="waitlisted")
    seated = RegistrationFactory(workshop=approval_workshop, status="confirmed")
    RegistrationFactory(workshop=approval_workshop, status="cancelled")

    response = client.get(reverse("staff:workshop", args=[approval_workshop.slug]))

    lists = response.context["registration_lists"]
    assert (lists.pending, lists.waitlisted, lists.confirmed) == ([pending], [waiting], [seated])
    assert lists.seats_left == 1
    assert _url("registration_approve", pending) in response.text


def test_staff_page_for_a_viewer_has_no_decision_buttons(
    staff_client_for, client, approval_workshop
):
    staff_client_for(StaffMembership.Role.OFFICE_VIEWER, approval_workshop.office)
    pending = RegistrationFactory(workshop=approval_workshop, status="pending")

    response = client.get(reverse("staff:workshop", args=[approval_workshop.slug]))

    assert pending.participant.full_name in response.text
    assert _url("registration_approve", pending) not in response.text


def test_staff_page_query_count_is_the_same_for_one_and_three_rows(
    staff_client_for, client, workshop, assert_queries_do_not_grow
):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, workshop.office)
    url = reverse("staff:workshop", args=[workshop.slug])

    def add_row():
        RegistrationFactory(workshop=workshop, status="confirmed")
        RegistrationFactory(workshop=workshop, status="pending")

    assert_queries_do_not_grow(lambda: client.get(url), add_row=add_row)


def test_staff_approve_confirms_and_mails(
    staff_client_for, client, approval_workshop, mailoutbox, django_capture_on_commit_callbacks
):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, approval_workshop.office)
    pending = RegistrationFactory(workshop=approval_workshop, status="pending")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("registration_approve", pending), follow=True)

    pending.refresh_from_db()
    assert pending.status == Registration.Status.CONFIRMED
    assert f"{pending.participant.full_name} approved: confirmed." in response.text
    assert mailoutbox[0].to == [pending.participant.email]


def test_staff_decline_declines(staff_client_for, client, approval_workshop):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, approval_workshop.office)
    pending = RegistrationFactory(workshop=approval_workshop, status="pending")

    client.post(_url("registration_decline", pending))

    pending.refresh_from_db()
    assert pending.status == Registration.Status.DECLINED


def test_staff_approve_of_a_confirmed_registration_says_why(
    staff_client_for, client, approval_workshop
):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, approval_workshop.office)
    confirmed = RegistrationFactory(workshop=approval_workshop, status="confirmed")

    response = client.post(_url("registration_approve", confirmed), follow=True)

    assert "Only a registration pending approval can be approved." in response.text


def test_staff_approve_needs_post(staff_client_for, client, approval_workshop):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, approval_workshop.office)
    pending = RegistrationFactory(workshop=approval_workshop, status="pending")

    assert client.get(_url("registration_approve", pending)).status_code == 405


def test_viewer_cannot_approve(staff_client_for, client, approval_workshop):
    staff_client_for(StaffMembership.Role.OFFICE_VIEWER, approval_workshop.office)
    pending = RegistrationFactory(workshop=approval_workshop, status="pending")

    response = client.post(_url("registration_approve", pending))

    pending.refresh_from_db()
    assert response.status_code == 403
    assert pending.status == Registration.Status.PENDING


def test_other_office_cannot_approve(staff_client_for, client, approval_workshop):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, RegionalOfficeFactory(slug="cairo"))
    pending = RegistrationFactory(workshop=approval_workshop, status="pending")

    response = client.post(_url("registration_approve", pending))

    pending.refresh_from_db()
    assert response.status_code == 404
    assert pending.status == Registration.Status.PENDING


def test_registration_of_another_workshop_is_not_found(staff_client_for, client, approval_workshop):
    staff_client_for(StaffMembership.Role.OFFICE_STAFF, approval_workshop.office)
    elsewhere = RegistrationFactory(
        workshop=WorkshopFactory(office=RegionalOfficeFactory(slug="cairo")), status="pending"
    )

    url = reverse("staff:registration_approve", args=[approval_workshop.slug, elsewhere.pk])

    assert client.post(url).status_code == 404


# Cancel, move up, correct a person's details.


def test_staff_cancel_frees_the_seat_for_the_first_waiting(staff_client, workshop):
    workshop.capacity = 1
    workshop.save()
    seated = RegistrationFactory(workshop=workshop, status="confirmed")
    waiting = RegistrationFactory(workshop=workshop, status="waitlisted")

    response = staff_client.post(_url("registration_cancel", seated), follow=True)

    assert [Registration.objects.get(pk=r.pk).status for r in (seated, waiting)] == [
        "cancelled",
        "confirmed",
    ]
    assert [str(m) for m in response.context["messages"]] == [
        f"{seated.participant.full_name}'s registration is cancelled; they are told by e-mail."
    ]


def test_staff_page_shows_cancel_move_up_and_correct_for_managers(staff_client, workshop):
    workshop.capacity = 2
    workshop.save()
    seated = RegistrationFactory(workshop=workshop, status="confirmed")
    waiting = RegistrationFactory(workshop=workshop, status="waitlisted")

    response = staff_client.get(reverse("staff:workshop", args=[workshop.slug]))

    for url in (
        _url("registration_cancel", seated),
        _url("registration_cancel", waiting),
        _url("registration_promote", waiting),
        _url("person_correct", seated),
    ):
        assert url in response.text


def test_staff_page_for_a_viewer_has_no_cancel_move_up_or_correct(viewer_client, workshop):
    workshop.capacity = 2
    workshop.save()
    seated = RegistrationFactory(workshop=workshop, status="confirmed")
    waiting = RegistrationFactory(workshop=workshop, status="waitlisted")

    response = viewer_client.get(reverse("staff:workshop", args=[workshop.slug]))

    assert waiting.participant.full_name in response.text
    assert "/cancel/" not in response.text.replace(f"/workshops/{workshop.slug}/cancel/", "")
    assert _url("registration_promote", waiting) not in response.text
    assert _url("person_correct", seated) not in response.text


def test_staff_move_up_confirms_the_waiting_person(staff_client, workshop):
    workshop.capacity = 2
    workshop.save()
    RegistrationFactory(workshop=workshop, status="confirmed")
    waiting = RegistrationFactory(workshop=workshop, status="waitlisted")

    response = staff_client.post(_url("registration_promote", waiting), follow=True)

    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert (
        f"Moved up from the waiting list and told by e-mail: {waiting.participant.full_name}."
        in response.text
    )


def test_staff_move_up_without_a_free_seat_says_why_and_changes_nothing(staff_client, workshop):
    workshop.capacity = 1
    workshop.save()
    RegistrationFactory(workshop=workshop, status="confirmed")
    waiting = RegistrationFactory(workshop=workshop, status="waitlisted")

    response = staff_client.post(_url("registration_promote", waiting), follow=True)

    waiting.refresh_from_db()
    assert waiting.status == "waitlisted"
    assert "No seat is free: cancel a registration or raise the capacity first." in response.text


@pytest.mark.parametrize("name", ["registration_cancel", "registration_promote"])
def test_staff_cancel_and_move_up_need_post(staff_client, workshop, name):
    waiting = RegistrationFactory(workshop=workshop, status="waitlisted")

    response = staff_client.get(_url(name, waiting))

    waiting.refresh_from_db()
    assert (response.status_code, waiting.status) == (405, "waitlisted")


@pytest.mark.parametrize("name", ["registration_cancel", "registration_promote"])
def test_staff_cancel_and_move_up_need_the_csrf_token(staff_client, workshop, name):
    waiting = RegistrationFactory(workshop=workshop, status="waitlisted")
    staff_client.handler.enforce_csrf_checks = True

    response = staff_client.post(_url(name, waiting))

    waiting.refresh_from_db()
    assert (response.status_code, waiting.status) == (403, "waitlisted")


@pytest.mark.parametrize("name", ["registration_cancel", "registration_promote"])
def test_viewer_cannot_cancel_or_move_up(viewer_client, workshop, name):
    waiting = RegistrationFactory(workshop=workshop, status="waitlisted")

    response = viewer_client.post(_url(name, waiting))

    waiting.refresh_from_db()
    assert (response.status_code, waiting.status) == (403, "waitlisted")


@pytest.mark.parametrize("name", ["registration_cancel", "registration_promote", "person_correct"])
def test_registration_of_another_workshop_is_404(staff_client, workshop, name):
    ours = RegistrationFactory(workshop=workshop, status="waitlisted")
    other = RegistrationFactory(workshop=WorkshopFactory(office=workshop.office))
    url = reverse(f"staff:{name}", args=[workshop.slug, other.pk])
    missing = reverse(f"staff:{name}", args=[workshop.slug, 999999])

    responses = (staff_client.post(url), staff_client.post(missing))

    assert [r.status_code for r in responses] == [404, 404]
    assert Registration.objects.get(pk=other.pk).status == other.status
    assert Registration.objects.get(pk=ours.pk).status == "waitlisted"


def test_person_correct_form_shows_the_stored_details(staff_client, workshop):
    registration = RegistrationFactory(
        workshop=workshop, participant__full_name="Amina Hadad", participant__organisation="NTRA"
    )

    response = staff_client.get(_url("person_correct", registration))

    form = response.context["form"]
    assert (form["full_name"].value(), form["organisation"].value()) == ("Amina Hadad", "NTRA")
    assert "guardian_email" not in form.fields


def test_person_correct_saves_and_records_who(staff_client, workshop):
    registration = RegistrationFactory(
        workshop=workshop, participant__full_name="Amina Hadad", participant__email="a@example.org"
    )
    form = staff_client.get(_url("person_correct", registration)).context["form"]
    data = {name: form[name].value() or "" for name in form.fields} | {"full_name": "Amina Haddad"}

    response = staff_client.post(_url("person_correct", registration), data, follow=True)

    person = Participant.objects.get(pk=registration.participant_id)
    assert person.full_name == "Amina Haddad"
    assert [str(m) for m in response.context["messages"]] == [
        "Amina Haddad's details are corrected."
    ]
    record = registration.history.latest()
    assert record.history_change_reason == "Person's details corrected: full name"
    assert record.history_user == response.wsgi_request.user


def test_person_correct_email_of_another_person_is_refused_and_changes_nothing(
    staff_client, workshop
):
    ParticipantFactory(email="taken@example.org")
    registration = RegistrationFactory(
        workshop=workshop, participant__full_name="Mine", participant__email="mine@example.org"
    )
    data = {"full_name": "Changed", "email": "taken@example.org", "preferred_language": "en"}

    response = staff_client.post(_url("person_correct", registration), data)

    person = Participant.objects.get(pk=registration.participant_id)
    assert response.status_code == 400
    assert "Another person already uses this e-mail address: nothing was changed." in response.text
    assert (person.full_name, person.email) == ("Mine", "mine@example.org")


def test_person_correct_markup_is_refused(staff_client, workshop):
    registration = RegistrationFactory(workshop=workshop, participant__full_name="Mine")
    data = {
        "full_name": "<script>x</script>",
        "email": registration.participant.email,
        "preferred_language": "en",
    }

    response = staff_client.post(_url("person_correct", registration), data)

    assert response.status_code == 400
    assert Participant.objects.get(pk=registration.participant_id).full_name == "Mine"


def test_viewer_cannot_correct_a_person(viewer_client, workshop):
    registration = RegistrationFactory(workshop=workshop, participant__full_name="Mine")
    data = {"full_name": "Changed", "email": "x@example.org", "preferred_language": "en"}

    got = viewer_client.get(_url("person_correct", registration))
    posted = viewer_client.post(_url("person_correct", registration), data)

    assert (got.status_code, posted.status_code) == (403, 403)
    assert Participant.objects.get(pk=registration.participant_id).full_name == "Mine"


def test_person_correct_of_another_office_registration_is_404(staff_client, workshop):
    theirs = RegistrationFactory(participant__full_name="Theirs")
    data = {"full_name": "Changed", "email": "x@example.org", "preferred_language": "en"}

    got = staff_client.get(_url("person_correct", theirs))
    posted = staff_client.post(_url("person_correct", theirs), data)

    assert (got.status_code, posted.status_code) == (404, 404)
    assert Participant.objects.get(pk=theirs.participant_id).full_name == "Theirs"
