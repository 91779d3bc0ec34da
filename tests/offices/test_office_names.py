"""Office names in six languages: one column per language, shown by the content rule (the
page's language, else English, marked), unique per language only where a name exists, edited
per language in the admin (README "Content in six languages")."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from core.content_languages import localized
from offices.models import Region, RegionalOffice
from tests.factories import RegionalOfficeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def _office_fields(**names) -> dict:
    return {
        "slug": "nairobi",
        "region": Region.objects.get(slug="africa"),
        "city": "Nairobi",
        "country": "KE",
        "time_zone": "Africa/Nairobi",
        **names,
    }


def test_office_name_reads_the_requested_language_else_english():
    office = RegionalOfficeFactory(name_en="Cairo", name_fr="Le Caire")

    french = localized(office, "name", "fr")
    russian = localized(office, "name", "ru")

    assert (french.text, french.language, french.differs) == ("Le Caire", "fr", False)
    assert (russian.text, russian.language, russian.differs) == ("Cairo", "en", True)


def test_office_name_attribute_follows_the_active_language():
    office = RegionalOfficeFactory(name_en="Cairo", name_fr="Le Caire")

    with translation.override("fr"):
        in_french = office.name
    with translation.override("ar"):
        in_arabic = office.name

    assert (in_french, in_arabic, str(office)) == ("Le Caire", "Cairo", "Cairo")


def test_french_page_shows_the_french_office_name(client):
    office = RegionalOfficeFactory(slug="cairo", name_en="Cairo", name_fr="Le Caire")
    workshop = WorkshopFactory(office=office)

    page = client.get(f"/fr/workshops/{workshop.slug}/").text

    eyebrow = re.search(r'<p class="eyebrow">(.*?)</p>', page).group(1)
    assert eyebrow.endswith(" · Le Caire")


def test_missing_french_name_falls_back_to_english_with_the_marker(client):
    office = RegionalOfficeFactory(slug="bangkok", name_en="Bangkok")
    workshop = WorkshopFactory(office=office)

    page = client.get(f"/fr/workshops/{workshop.slug}/").text

    eyebrow = re.search(r'<p class="eyebrow">(.*?)</p>', page).group(1)
    assert eyebrow.endswith(
        ' · <span lang="en" dir="ltr">Bangkok</span> '
        '<small class="content-language">(en anglais)</small>'
    )


def test_two_offices_with_the_same_english_name_are_refused_with_a_message():
    RegionalOfficeFactory(name_en="Cairo")
    second = RegionalOffice(**_office_fields(name_en="Cairo"))

    with pytest.raises(ValidationError) as refused:
        second.full_clean()

    assert refused.value.message_dict == {"name_en": ["Another office already has this name."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_two_offices_without_a_french_name_are_accepted():
    RegionalOfficeFactory(name_en="Cairo", name_fr="")
    second = RegionalOffice(**_office_fields(name_en="Nairobi", name_fr=""))
    third = RegionalOffice(**_office_fields(name_en="Dakar", slug="dakar"))

    second.full_clean()
    second.save()
    third.full_clean()
    third.save()

    assert list(RegionalOffice.objects.values_list("name_en", "name_fr")) == [
        ("Cairo", ""),
        ("Dakar", None),
        ("Nairobi", ""),
    ]


def test_two_offices_with_the_same_french_name_are_refused():
    RegionalOfficeFactory(name_en="Cairo", name_fr="Le Caire")
    second = RegionalOffice(**_office_fields(name_en="Cairo (old)", name_fr="Le Caire"))

    with pytest.raises(ValidationError) as refused:
        second.full_clean()

    assert refused.value.message_dict == {"name_fr": ["Another office already has this name."]}


def _admin_post(**names) -> dict:
    return {
        "name_ar": "",
        "name_zh_hans": "",
        "name_en": "",
        "name_fr": "",
        "name_ru": "",
        "name_es": "",
        "slug": "nairobi",
        "region": Region.objects.get(slug="africa").pk,
        "city": "Nairobi",
        "country": "KE",
        "time_zone": "Africa/Nairobi",
        "email": "",
        "_save": "Save",
        **names,
    }


def test_admin_edits_the_name_per_language(admin_client):
    form = admin_client.get(reverse("admin:offices_regionaloffice_add")).text
    response = admin_client.post(
        reverse("admin:offices_regionaloffice_add"),
        _admin_post(name_en="Nairobi", name_fr="Nairobi (bureau)", name_ar="نيروبي"),
    )

    office = RegionalOffice.objects.get(slug="nairobi")
    assert [
        f'name="name_{code}"' in form for code in ("ar", "zh_hans", "en", "fr", "ru", "es")
    ] == [True] * 6
    assert response.status_code == 302
    assert (office.name_en, office.name_fr, office.name_ar, office.name_ru) == (
        "Nairobi",
        "Nairobi (bureau)",
        "نيروبي",
        None,  # an empty input is no name: modeltranslation stores NULL
    )


def test_admin_refuses_a_taken_english_name_and_a_missing_one(admin_client):
    RegionalOfficeFactory(name_en="Cairo")
    url = reverse("admin:offices_regionaloffice_add")

    taken = admin_client.post(url, _admin_post(name_en="Cairo", name_fr="Nairobi"))
    missing = admin_client.post(url, _admin_post(name_en="", name_fr="Nairobi"))

    assert taken.status_code == 200
    assert taken.context["adminform"].form.errors == {
        "name_en": ["Another office already has this name."]
    }
    assert missing.status_code == 200
    assert missing.context["adminform"].form.errors == {"name_en": ["This field is required."]}
    assert not RegionalOffice.objects.filter(slug="nairobi").exists()


def test_admin_accepts_a_second_office_without_a_french_name(admin_client):
    RegionalOfficeFactory(name_en="Cairo", name_fr="")

    response = admin_client.post(
        reverse("admin:offices_regionaloffice_add"), _admin_post(name_en="Nairobi")
    )

    assert response.status_code == 302
    assert RegionalOffice.objects.get(slug="nairobi").name_en == "Nairobi"


BEFORE = [("offices", "0002_role_groups_removed")]
AFTER = [("offices", "0003_office_name_languages")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_copies_names_to_english_and_back():
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        old_office = old.get_model("offices", "RegionalOffice")
        region = old.get_model("offices", "Region").objects.get(slug="africa")
        for slug, name in (("nairobi", "Nairobi"), ("dakar", "Dakar")):
            old_office.objects.create(
                slug=slug, name=name, region=region, city=name, country="KE", time_zone="UTC"
            )

        executor.loader.build_graph()
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps.get_model("offices", "RegionalOffice")
        after = list(new.objects.order_by("name_en").values_list("name_en", "name_fr"))
        # Office names in French may now be added, the same empty French name for both.
        new.objects.update(name_fr="")
        new.objects.filter(slug="dakar").update(name="Dakar (fr)")

        executor.loader.build_graph()
        executor.migrate(BEFORE)
        back = list(old_office.objects.order_by("name").values_list("name", flat=True))
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert after == [("Dakar", None), ("Nairobi", None)]
    assert back == ["Dakar", "Nairobi"]
