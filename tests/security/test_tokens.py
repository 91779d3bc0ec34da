"""Token guessing: an unknown link, a replaced one and an anonymised person's one all answer
the same 404 page, byte for byte, on every personal address (no timing assertion: a database
lookup on a unique index is the same work whether or not the row exists)."""

import re

import pytest
from django.urls import reverse

from participants import services
from participants.models import new_personal_token
from privacy import services as privacy_services
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

PERSONAL_ADDRESSES = [
    "me:page",
    "me:edit",
    "me:cancel",
    "me:data",
    "me:erase",
    "me:calendar",
]


CSRF_VALUE = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def page_shape(response, token: str) -> bytes:
    """The body with what differs per request by design removed: the masked CSRF token (new
    on every response) and the address asked for (the language switcher returns to it)."""
    return CSRF_VALUE.sub(b"", response.content).replace(token.encode(), b"TOKEN")


@pytest.fixture
def dead_tokens(workshop):
    """Three tokens no one may use: never issued, replaced by a new link, anonymised."""
    replaced = RegistrationFactory(workshop=workshop)
    replaced_token = replaced.token
    services.registration_revoke_token(registration=replaced)
    erased = RegistrationFactory(workshop=workshop)
    erased_token = erased.token
    privacy_services.participant_anonymise(participant=erased.participant)
    return {"unknown": new_personal_token(), "replaced": replaced_token, "erased": erased_token}


@pytest.mark.parametrize("name", PERSONAL_ADDRESSES)
def test_dead_tokens_answer_the_same_404(client, dead_tokens, name):
    responses = {
        kind: client.get(reverse(name, args=[token])) for kind, token in dead_tokens.items()
    }

    assert {kind: r.status_code for kind, r in responses.items()} == dict.fromkeys(dead_tokens, 404)
    bodies = {page_shape(r, dead_tokens[kind]) for kind, r in responses.items()}
    assert len(bodies) == 1
    assert b"Page not found" in bodies.pop()


@pytest.mark.parametrize("name", ["me:cancel", "me:new_link", "me:new_calendar_link", "me:erase"])
def test_dead_tokens_refuse_changes_with_the_same_404(client, dead_tokens, name):
    responses = {t: client.post(reverse(name, args=[t])) for t in dead_tokens.values()}

    assert [r.status_code for r in responses.values()] == [404, 404, 404]
    assert len({page_shape(r, t) for t, r in responses.items()}) == 1


def test_a_live_token_differs_from_a_dead_one_only_by_its_page(client, workshop):
    live = RegistrationFactory(workshop=workshop)

    assert client.get(reverse("me:page", args=[live.token])).status_code == 200
    assert client.get(reverse("me:calendar", args=[live.feed_token])).status_code == 200


def test_tokens_are_long_and_unguessable(workshop):
    tokens = {RegistrationFactory(workshop=workshop).token for _ in range(50)}

    assert len(tokens) == 50
    assert min(len(token) for token in tokens) >= 43  # 32 random bytes, URL-safe base64
