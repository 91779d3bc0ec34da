"""Region names in six languages: fields, not catalogue labels. The migration that added the
columns filled them from the catalogue translations; pages mark a name shown in another
language, menus and the API give the field's text (README "Content in six languages")."""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from offices.models import Region
from tests.factories import RegionalOfficeFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def _eyebrow(page: str) -> str:
    return re.search(r'<p class="eyebrow">(.*?)</p>', page).group(1)


def test_regions_have_their_catalogue_names_in_every_language():
    africa = Region.objects.get(slug="africa")
    cis = Region.objects.get(slug="cis")

    assert (africa.name_en, africa.name_fr, africa.name_ru, africa.name_zh_hans) == (
        "Africa",
        "Afrique",
        "Африка",
        "非洲",
    )
    assert (cis.name_en, cis.name_es, cis.name_ar) == ("CIS", "CEI", "رابطة الدول المستقلة")


def test_french_workshop_page_shows_the_region_name_from_its_field(client):
    Region.objects.filter(slug="africa").update(name_fr="Afrique (région)")
    workshop = WorkshopFactory(
        office=RegionalOfficeFactory(
            slug="dakar", name_en="Dakar", name_fr="Dakar", region=Region.objects.get(slug="africa")
        )
    )

    page = client.get(f"/fr/workshops/{workshop.slug}/").text

    assert _eyebrow(page) == "Afrique (région) · Dakar"


def test_region_without_a_french_name_falls_back_to_english_with_the_marker(client):
    Region.objects.filter(slug="africa").update(name_fr=None)
    workshop = WorkshopFactory(
        office=RegionalOfficeFactory(
            slug="dakar", name_en="Dakar", region=Region.objects.get(slug="africa")
        )
    )

    page = client.get(f"/fr/workshops/{workshop.slug}/").text

    assert _eyebrow(page).startswith(
        '<span lang="en" dir="ltr">Africa</span> <small class="content-language">(en anglais)'
        "</small> · "
    )


def test_french_region_menu_and_api_use_the_field(client):
    Region.objects.filter(slug="asia-pacific").update(name_fr="Asie et Pacifique")
    WorkshopFactory()  # an Asia-Pacific office

    menu = client.get("/fr/workshops/").text
    api = client.get("/api/v1/workshops", {"lang": "fr"}).json()

    assert '<option value="asia-pacific">Asie et Pacifique</option>' in menu
    assert api["items"][0]["office"]["region"] == {
        "code": "asia-pacific",
        "name": "Asie et Pacifique",
    }


def test_admin_edits_a_region_name_per_language_and_adds_none(admin_client):
    africa = Region.objects.get(slug="africa")
    url = reverse("admin:offices_region_change", args=[africa.pk])
    post = {f"name_{code}": "" for code in ("ar", "zh_hans", "en", "fr", "ru", "es")}

    saved = admin_client.post(url, {**post, "name_en": "Africa", "name_fr": "L'Afrique"})
    missing = admin_client.post(url, {**post, "name_fr": "Afrique"})
    add = admin_client.get(reverse("admin:offices_region_add"))

    africa.refresh_from_db()
    assert saved.status_code == 302
    assert (africa.name_en, africa.name_fr, africa.slug) == ("Africa", "L'Afrique", "africa")
    assert missing.context["adminform"].form.errors == {"name_en": ["This field is required."]}
    assert add.status_code == 403


BEFORE = [("offices", "0003_office_name_languages")]
AFTER = [("offices", "0004_region_name_languages")]


def _region_columns() -> set[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, "workshops_region")
    return {column.name for column in description if column.name.startswith("name")}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_fills_region_names_from_the_catalogues_and_reverses():
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        before = _region_columns()
        old = executor.loader.project_state(BEFORE).apps.get_model("offices", "Region")
        old.objects.create(slug="antarctica")  # no label, no catalogue entry

        executor.loader.build_graph()
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps.get_model("offices", "Region")
        after = {
            row[0]: row[1:]
            for row in new.objects.values_list("slug", "name", "name_en", "name_fr", "name_es")
        }

        executor.loader.build_graph()
        executor.migrate(BEFORE)
        back = _region_columns()
        old.objects.filter(slug="antarctica").delete()
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert before == back == set()
    assert after["arab-states"] == ("Arab States", "Arab States", "États arabes", "Estados Árabes")
    assert after["antarctica"] == ("antarctica", "antarctica", None, None)
