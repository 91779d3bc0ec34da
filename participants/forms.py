"""Input shapes for registration and the personal page. Rules live in services.py; these
forms only make sure each value is well formed and tell the person exactly what to fix."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from participants.models import Gender, Participant, Sector
from participants.services import ParticipantDetails

MARKUP = re.compile(r"<\s*[A-Za-z/!?]")
# Tab and line breaks are fine in a paragraph; every other control or surrogate code point is
# either an attack or garbage from a bad copy and paste.
MULTILINE_WHITESPACE = {"\n", "\r", "\t"}
HONEYPOT_FIELD = "website"


def reject_markup(value: str) -> None:
    if MARKUP.search(value):
        raise ValidationError(
            _("Please leave out HTML tags (text between “<” and “>”)."), code="markup"
        )


def _reject_control_characters(value: str, *, allowed: set[str]) -> None:
    for character in value:
        if character in allowed:
            continue
        if unicodedata.category(character) in ("Cc", "Cs"):
            raise ValidationError(
                _("Please remove the invisible control characters from this field."),
                code="control_characters",
            )


def reject_control_characters(value: str) -> None:
    _reject_control_characters(value, allowed=set())


def reject_control_characters_but_line_breaks(value: str) -> None:
    _reject_control_characters(value, allowed=MULTILINE_WHITESPACE)


def _max_length(field_name: str) -> int:
    return Participant._meta.get_field(field_name).max_length


def _text_field(
    field_name: str, label: str, *, required: bool = False, **kwargs
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=_max_length(field_name),
        validators=[reject_control_characters, reject_markup],
        **kwargs,
    )


class ParticipantDetailsForm(forms.Form):
    """The details a person can give and later change on their own page."""

    full_name = _text_field(
        "full_name",
        _("Full name"),
        required=True,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = _text_field(
        "organisation",
        _("Organisation"),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", "—"), *Sector.choices])
    job_title = _text_field(
        "job_title",
        _("Job title"),
        help_text=_("Not stored for participants under 18."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    gender = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        choices=[("", "—"), *Gender.choices],
        help_text=_(
            "Optional; used only for anonymous statistics. Not stored for participants under 18."
        ),
    )
    needs = forms.CharField(
        label=_("Accessibility or dietary needs"),
        required=False,
        max_length=_max_length("needs"),
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[reject_control_characters_but_line_breaks, reject_markup],
        help_text=_("Optional. Tell us what would help you take part."),
    )
    is_minor = forms.BooleanField(label=_("I am under 18"), required=False)
    guardian_name = _text_field(
        "guardian_name",
        _("Parent or guardian's full name"),
        help_text=_("Needed if you are under 18."),
    )
    guardian_email = forms.EmailField(
        label=_("Parent or guardian's e-mail"),
        required=False,
        max_length=_max_length("guardian_email"),
        help_text=_("Needed if you are under 18. They receive a copy of our e-mails."),
    )
    guardian_consent = forms.BooleanField(
        label=_("My parent or guardian agrees that I take part and that my data is processed"),
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *countries]

    def clean_full_name(self) -> str:
        name = self.cleaned_data["full_name"]
        if not any(character.isalpha() for character in name):
            raise ValidationError(_("Please give your name."), code="no_letters")
        return name

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("is_minor"):
            required = {
                "guardian_name": _("A participant under 18 needs a parent or guardian's name."),
                "guardian_email": _("A participant under 18 needs a parent or guardian's e-mail."),
                "guardian_consent": _(
                    "A participant under 18 needs a parent or guardian's consent."
                ),
            }
            for name, message in required.items():
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, ValidationError(message, code="required_for_minor"))
        return cleaned

    def details(self, *, email: str, consent: bool = False) -> ParticipantDetails:
        data = self.cleaned_data
        return ParticipantDetails(
            full_name=data["full_name"],
            email=email,
            organisation=data["organisation"],
            sector=data["sector"],
            job_title=data["job_title"],
            country=data["country"],
            gender=data["gender"],
            needs=data["needs"],
            is_minor=data["is_minor"],
            guardian_name=data["guardian_name"],
            guardian_email=data["guardian_email"],
            guardian_consent=data["guardian_consent"],
            consent=consent,
        )

    @classmethod
    def initial_from(cls, participant: Participant) -> dict:
        return {
            name: getattr(participant, name)
            for name in cls.base_fields
            if hasattr(participant, name)
        } | {
            "country": participant.country.code or "",
            "guardian_consent": participant.guardian_consent_at is not None,
        }


class RegistrationForm(ParticipantDetailsForm):
    """The public registration form: the details, the address, the consent, and a honeypot."""

    email = forms.EmailField(
        label=_("E-mail"),
        max_length=_max_length("email"),
        help_text=_("Your personal link and confirmation are sent here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_("I agree that my personal data is processed as the privacy notice describes"),
        error_messages={"required": _("Please agree to the processing of your personal data.")},
    )
    # People never see this field (CSS moves it off screen, screen readers skip it); bots fill it.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    field_order = [
        "full_name",
        "email",
        "organisation",
        "sector",
        "job_title",
        "country",
        "gender",
        "needs",
        "is_minor",
        "guardian_name",
        "guardian_email",
        "guardian_consent",
        "consent",
        "website",
    ]

    def registration_details(self) -> ParticipantDetails:
        return self.details(email=self.cleaned_data["email"], consent=self.cleaned_data["consent"])


def looks_like_spam(data: dict) -> bool:
    """The honeypot was filled in: a bot, answered as if it had succeeded."""
    return bool(str(data.get(HONEYPOT_FIELD, "")).strip())


class ErasureRequestForm(forms.Form):
    """Asking for erasure cannot be undone once staff confirm: the person ticks a box first."""

    confirm = forms.BooleanField(
        label=_("I understand: my name, e-mail and details will be erased for good"),
        error_messages={"required": _("Tick the box to confirm your request.")},
    )


class PersonCorrectionForm(forms.Form):
    """Staff correcting a registered person's details: the model's fields, checked like the
    public form's (no markup, no control characters); only the fields the service lets staff
    correct for this person are shown."""

    def __init__(self, *args, fields: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in forms.fields_for_model(Participant, fields=fields).items():
            if isinstance(field, forms.CharField) and not isinstance(field, forms.EmailField):
                field.validators += [reject_control_characters, reject_markup]
            self.fields[name] = field
