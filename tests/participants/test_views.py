import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participants.forms import RegistrationForm
from participants.models import Participant, Registration
from tests.factories import ParticipantFactory, RegistrationFactory, WorkshopFactory
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "Tevita Kalo",
    "email": "tevita@example.to",
    "organisation": "Tonga Communications Commission",
    "sector": "regulator",
    "country": "TO",
    "consent": "on",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def _register_url(workshop):
    return reverse("participants:register", args=[workshop.slug])


def test_register_page_shows_the_form_with_labels(client, workshop):
    response = client.get(_register_url(workshop))

    assert response.status_code == 200
    assert '<label for="id_full_name">' in response.text
    assert reverse("privacy:notice") in response.text


def test_register_creates_the_registration_and_shows_a_neutral_page(
    client, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_register_url(workshop), FORM, follow=True)

    registration = Registration.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "participants:register_sent", args=[workshop.slug]
    )
    assert registration.participant.email == "tevita@example.to"
    assert registration.status == Registration.Status.CONFIRMED
    assert len(mailoutbox) == 1
    assert registration.token not in response.text


def test_register_same_email_again_shows_the_same_page_and_resends(
    client, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    first = client.post(_register_url(workshop), FORM, follow=True)

    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(
            _register_url(workshop), FORM | {"email": "TEVITA@example.to"}, follow=True
        )

    assert _without_csrf_tokens(second.text) == _without_csrf_tokens(first.text)
    assert Registration.objects.count() == 1
    assert mailoutbox[-1].subject.startswith("Your personal link")


def _without_csrf_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_register_in_french_records_the_language(client, workshop):
    client.post(_register_url(workshop), FORM, HTTP_ACCEPT_LANGUAGE="fr")

    assert Registration.objects.get().language == "fr"


def test_register_with_bad_input_saves_nothing_and_says_why(client, workshop):
    response = client.post(_register_url(workshop), FORM | {"email": "nope", "consent": ""})

    assert response.status_code == 400
    assert Participant.objects.count() == 0
    assert response.context["form"].errors.keys() == {"email", "consent"}
    assert 'aria-invalid="true"' in response.text


def test_register_minor_without_guardian_saves_nothing(client, workshop):
    response = client.post(_register_url(workshop), FORM | {"is_minor": "on"})

    assert response.status_code == 400
    assert Participant.objects.count() == 0
    assert "guardian_email" in response.context["form"].errors


def test_register_with_the_honeypot_filled_pretends_and_saves_nothing(client, workshop):
    response = client.post(_register_url(workshop), FORM | {"website": "http://spam.example"})

    assert response.status_code == 302
    assert response.url == reverse("participants:register_sent", args=[workshop.slug])
    assert Participant.objects.count() == 0


def test_register_is_rate_limited_per_ip(client, workshop, settings):
    settings.RATELIMIT_REGISTRATION = "2/h"
    for n in range(2):
        client.post(_register_url(workshop), FORM | {"email": f"p{n}@example.org"})

    response = client.post(_register_url(workshop), FORM | {"email": "third@example.org"})

    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert Participant.objects.count() == 2


def test_register_refuses_a_post_without_csrf_token(workshop):
    response = Client(enforce_csrf_checks=True).post(_register_url(workshop), FORM)

    assert response.status_code == 403
    assert Participant.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": Workshop.Status.CANCELLED}, "This workshop has been cancelled"),
        ({"status": Workshop.Status.COMPLETED}, "Registration for this workshop is closed"),
        (
            {"registration_opens_at": timezone.now() + dt.timedelta(days=2)},
            "Registration opens on",
        ),
    ],
)
def test_register_when_not_open_explains_and_saves_nothing(client, workshop, changes, message):
    Workshop.objects.filter(pk=workshop.pk).update(**changes)

    response = client.post(_register_url(workshop), FORM)

    assert message in response.text
    assert Participant.objects.count() == 0


def test_register_for_a_draft_is_not_found(client, office):
    draft = WorkshopFactory(office=office, status=Workshop.Status.DRAFT)

    assert client.get(_register_url(draft)).status_code == 404
    assert client.post(_register_url(draft), FORM).status_code == 404


def test_register_for_a_full_workshop_warns_of_the_waiting_list(client, workshop):
    workshop.capacity = 1
    workshop.save()
    RegistrationFactory(workshop=workshop)

    response = client.get(_register_url(workshop))

    assert "This workshop is full" in response.text


def test_workshop_page_links_to_the_form_while_open(client, workshop):
    response = client.get(workshop.get_absolute_url())

    assert f'href="{_register_url(workshop)}"' in response.text


def test_workshop_page_has_no_register_link_when_cancelled(client, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(status=Workshop.Status.CANCELLED)

    response = client.get(workshop.get_absolute_url())

    assert _register_url(workshop) not in response.text


posted_text = st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"]), max_size=250)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.fixed_dictionaries(
        {}, optional=dict.fromkeys(RegistrationForm.base_fields, posted_text)
    )
)
def test_register_never_answers_with_a_server_error(client, workshop, data):
    cache.clear()

    response = client.post(_register_url(workshop), data)

    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert response.context["form"].errors


# The personal page


def _me(registration, name="page"):
    return reverse(f"me:{name}", args=[registration.token])


def test_me_shows_status_qr_code_and_calendar_link(client, workshop, settings):
    registration = RegistrationFactory(workshop=workshop)

    response = client.get(_me(registration))

    assert response.status_code == 200
    assert "Your place is confirmed." in response.text
    assert '<svg width="' in response.text
    assert (
        f"<title>QR code of participant code {registration.participant.code}</title>"
        in response.text
    )
    assert f'href="{settings.SITE_URL}/me/{registration.feed_token}/calendar.ics"' in response.text
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_me_shows_the_place_on_the_waiting_list(client, workshop):
    RegistrationFactory(workshop=workshop, status=Registration.Status.WAITLISTED)
    second = RegistrationFactory(workshop=workshop, status=Registration.Status.WAITLISTED)

    response = client.get(_me(second))

    assert "on the waiting list, number 2" in response.text


@pytest.mark.parametrize("token", ["unknown", "x" * 43, "../../admin", "a" * 300])
def test_me_with_an_unknown_token_is_not_found(client, token):
    RegistrationFactory()

    assert client.get(f"/me/{token}/").status_code == 404


def test_me_with_a_tampered_token_is_not_found(client, workshop):
    registration = RegistrationFactory(workshop=workshop)
    tampered = registration.token[:-1] + ("A" if registration.token[-1] != "A" else "B")

    assert client.get(f"/me/{tampered}/").status_code == 404
    assert client.post(f"/me/{tampered}/cancel/").status_code == 404


def test_me_cancel_asks_for_confirmation_first(client, workshop):
    registration = RegistrationFactory(workshop=workshop)

    response = client.get(_me(registration, "cancel"))

    registration.refresh_from_db()
    assert "Yes, cancel my registration" in response.text
    assert registration.status == Registration.Status.CONFIRMED


def test_me_cancel_cancels_and_the_waiting_list_moves(
    client, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    workshop.capacity = 1
    workshop.save()
    seated = RegistrationFactory(workshop=workshop)
    waiting = RegistrationFactory(workshop=workshop, status=Registration.Status.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_me(seated, "cancel"), follow=True)

    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert (seated.status, waiting.status) == ("cancelled", "confirmed")
    assert "Your registration is cancelled" in response.text
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [seated.participant.email, waiting.participant.email]
    )


def test_me_cancel_twice_says_so(client, workshop):
    registration = RegistrationFactory(workshop=workshop, status=Registration.Status.CANCELLED)

    response = client.post(_me(registration, "cancel"))

    assert response.status_code == 409
    assert "already cancelled" in response.text


def test_me_edit_saves_new_details(client, workshop):
    registration = RegistrationFactory(workshop=workshop)

    response = client.post(
        _me(registration, "edit"),
        {"full_name": "Tevita Kalo Jr", "sector": "industry", "organisation": "Digicel"},
    )

    participant = Participant.objects.get(pk=registration.participant_id)
    assert response.status_code == 302
    assert (participant.full_name, participant.organisation) == ("Tevita Kalo Jr", "Digicel")


def test_me_edit_with_bad_input_saves_nothing(client, workshop):
    registration = RegistrationFactory(workshop=workshop)
    before = registration.participant.full_name

    response = client.post(
        _me(registration, "edit"), {"full_name": "<script>x</script>", "sector": "industry"}
    )

    assert response.status_code == 400
    assert Participant.objects.get(pk=registration.participant_id).full_name == before


def test_me_edit_prefills_the_form(client, workshop):
    registration = RegistrationFactory(workshop=workshop)

    response = client.get(_me(registration, "edit"))

    assert f'value="{registration.participant.full_name}"' in response.text


def test_me_new_link_revokes_the_old_one(
    client, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(workshop=workshop)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_me(registration, "new_link"))

    assert response.status_code == 200
    assert client.get(_me(registration)).status_code == 404
    registration.refresh_from_db()
    assert registration.token in mailoutbox[0].body


def test_me_new_link_needs_post(client, workshop):
    registration = RegistrationFactory(workshop=workshop)

    assert client.get(_me(registration, "new_link")).status_code == 405


def test_privacy_page_covers_what_why_retention_minors_rights_and_contact(client, settings):
    settings.PRIVACY_CONTACT_EMAIL = "privacy@cop.example.org"

    response = client.get(reverse("privacy:notice"))

    headings = [
        "What we collect",
        "Why",
        "How long we keep it",
        "Participants under 18",
        "Your rights",
        "Contact",
    ]
    assert [h for h in headings if f">{h}</h2>" in response.text] == headings
    assert 'href="mailto:privacy@cop.example.org"' in response.text


def test_existing_participant_registering_sees_no_stored_details(client, workshop):
    ParticipantFactory(email="tevita@example.to", organisation="Secret Org")

    response = client.post(_register_url(workshop), FORM, follow=True)

    assert "Secret Org" not in response.text
