"""A certificate prints the workshop's title, city and dates in the certificate's language
(README "Content in six languages"), whatever language the issuing request speaks."""

import pytest
from django.utils import translation

from certificates.services import certificate_issue
from tests.pdf_helpers import pdf_text

pytestmark = pytest.mark.django_db


def _texts(workshop, **columns):
    for name, value in columns.items():
        setattr(workshop, name, value)
    workshop.save()


def _printed(certificate) -> str:
    with certificate.pdf.open("rb") as pdf:
        return " ".join(pdf_text(pdf.read()).split())


def test_certificate_in_french_prints_the_french_title_and_city(
    past_workshop, make_attendee, staff_user
):
    _texts(
        past_workshop,
        languages=["en", "fr"],
        certificate_language="fr",
        title_en="Capacity Building COP Workshop",
        title_fr="Atelier de renforcement des capacités",
        city_en="Port Vila",
        city_fr="Port-Vila",
    )
    registration = make_attendee(full_name="Marie Tamata")

    with translation.override("ru"):  # the issuing staff member reads Russian
        certificate = certificate_issue(registration=registration, by=staff_user).certificate

    text = _printed(certificate)
    assert "Atelier de renforcement des capacités" in text
    assert "Port-Vila" in text
    assert "Capacity Building COP Workshop" not in text


def test_certificate_in_arabic_prints_the_arabic_title_right_to_left(
    past_workshop, make_attendee, staff_user
):
    _texts(
        past_workshop,
        languages=["ar", "en"],
        certificate_language="ar",
        title_en="Regional workshop on COP for the Arab Region",
        title_ar="ورشة عمل إقليمية",
        city_ar="القاهرة",
    )
    registration = make_attendee(full_name="Layla Hassan")

    certificate = certificate_issue(registration=registration, by=staff_user).certificate

    text = _printed(certificate)
    assert certificate.language == "ar"
    # pypdf gives right-to-left text back in visual order or logical order depending on the
    # font's mapping; either way the words are there and the English title is not.
    words = ["ورشة", "عمل", "إقليمية"]
    assert all(word in text or word[::-1] in text for word in words)
    assert "Regional workshop" not in text


def test_certificate_falls_back_by_the_workshops_rule(past_workshop, make_attendee, staff_user):
    _texts(
        past_workshop,
        languages=["fr", "en"],
        certificate_language="es",
        title_en="Workshop",
        title_fr="Atelier",
    )
    registration = make_attendee(full_name="Ana Pérez")

    certificate = certificate_issue(registration=registration, by=staff_user).certificate

    assert "Atelier" in _printed(certificate)
