import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participants.forms import ParticipantDetailsForm, RegistrationForm
from tests.factories import ParticipantFactory

VALID = {
    "full_name": "Nguyễn Thị Lan",
    "email": "lan.nguyen@example.vn",
    "organisation": "Ministry of Information and Communications",
    "sector": "government",
    "job_title": "Policy officer",
    "country": "VN",
    "gender": "undisclosed",
    "needs": "",
    "consent": "on",
}


def _form(**changes):
    data = VALID | changes
    return RegistrationForm({k: v for k, v in data.items() if v is not None})


def test_registration_form_accepts_a_complete_registration():
    form = _form()

    assert form.is_valid(), form.errors
    details = form.registration_details()
    assert (details.full_name, details.email, details.consent) == (
        "Nguyễn Thị Lan",
        "lan.nguyen@example.vn",
        True,
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"email": "a@b@example.org"}, "email"),
        ({"consent": None}, "consent"),
        ({"full_name": "     "}, "full_name"),
        ({"full_name": "\u200b\u200b"}, "full_name"),
        ({"full_name": "x" * 201}, "full_name"),
        ({"email": "a" * 250 + "@example.org"}, "email"),
        ({"needs": "n" * 1001}, "needs"),
        ({"full_name": "<script>alert(1)</script>"}, "full_name"),
        ({"organisation": "<b>ACME</b>"}, "organisation"),
        ({"needs": "wheelchair <img src=x onerror=alert(1)>"}, "needs"),
        ({"full_name": "Null\x00Byte"}, "full_name"),
        ({"job_title": "tab\there"}, "job_title"),
        ({"sector": "pirate"}, "sector"),
        ({"sector": ""}, "sector"),
        ({"country": "XX"}, "country"),
        ({"gender": "robot"}, "gender"),
    ],
)
def test_registration_form_rejects_bad_input_on_the_right_field(changes, field):
    form = _form(**changes)

    assert not form.is_valid()
    assert list(form.errors) == [field]


def test_registration_form_minor_needs_guardian_name_email_and_consent():
    form = _form(is_minor="on")

    assert not form.is_valid()
    assert sorted(form.errors) == ["guardian_consent", "guardian_email", "guardian_name"]


def test_registration_form_minor_with_guardian_is_valid():
    form = _form(
        is_minor="on",
        guardian_name="Trần Văn Minh",
        guardian_email="minh@example.vn",
        guardian_consent="on",
    )

    assert form.is_valid(), form.errors


def test_registration_form_keeps_line_breaks_in_needs():
    form = _form(needs="Vegetarian.\r\nStep-free access, please.")

    assert form.is_valid(), form.errors


def test_registration_form_accepts_a_less_than_sign_that_is_not_markup():
    form = _form(needs="I need < 2 hours of screen time in a row")

    assert form.is_valid(), form.errors


def test_details_form_initial_from_a_participant_round_trips(db):
    participant = ParticipantFactory(sector="academia", country="FR")

    initial = ParticipantDetailsForm.initial_from(participant)

    assert ParticipantDetailsForm(initial | {"is_minor": ""}).is_valid()
    assert initial["country"] == "FR"


text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=300)
posted = st.fixed_dictionaries({}, optional=dict.fromkeys(RegistrationForm.base_fields, text))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=posted)
def test_registration_form_never_crashes_on_any_input(data):
    form = RegistrationForm(data)

    if form.is_valid():
        details = form.registration_details()
        assert details.full_name.strip()
        assert details.consent is True
        if details.is_minor:
            assert details.guardian_email
    else:
        assert form.errors
