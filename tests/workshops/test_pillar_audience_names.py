"""COP pillar and audience names in six languages: fields, not catalogue labels. The migration
that added the columns filled them from the catalogue translations; a workshop's page marks a
name shown in another language, the document library's menus give the field's text."""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import WorkshopFactory
from workshops.models import Audience, Pillar

pytestmark = pytest.mark.django_db


def _themes(page: str) -> str:
    return re.search(r'<section aria-labelledby="themes-heading">(.*?)</section>', page, re.S)[1]


def test_pillars_and_audiences_have_their_catalogue_names_in_every_language():
    legal = Pillar.objects.get(code="legal")
    children = Audience.objects.get(code="children")

    assert (legal.name_en, legal.name_fr, legal.name_es) == (
        "Legal Measures",
        "Mesures juridiques",
        "Medidas jurídicas",
    )
    assert (children.name_en, children.name_fr, children.name_ru) == (
        "Children",
        "Enfants",
        "Дети",
    )


def test_french_workshop_page_shows_pillar_and_audience_names_from_their_fields(client):
    Pillar.objects.filter(code="legal").update(name_fr="Mesures légales")
    workshop = WorkshopFactory()
    workshop.pillars.set(Pillar.objects.filter(code="legal"))
    workshop.audiences.set(Audience.objects.filter(code="children"))

    themes = _themes(client.get(f"/fr/workshops/{workshop.slug}/").text)

    assert '<span class="tag">Mesures légales</span>' in themes
    assert '<span class="tag">Enfants</span>' in themes


def test_pillar_without_a_french_name_falls_back_to_english_with_the_marker(client):
    Pillar.objects.filter(code="capacity").update(name_fr=None)
    workshop = WorkshopFactory()
    workshop.pillars.set(Pillar.objects.filter(code="capacity"))

    themes = _themes(client.get(f"/fr/workshops/{workshop.slug}/").text)

    assert (
        '<span class="tag"><span lang="en" dir="ltr">Capacity Building</span> '
        '<small class="content-language">(en anglais)</small></span>'
    ) in themes


def test_french_document_menus_use_the_pillar_and_audience_fields(client):
    Pillar.objects.filter(code="legal").update(name_fr="Mesures légales")
    Audience.objects.filter(code="industry").update(name_fr="Industrie")

    page = client.get("/fr/documents/").text

    assert '<option value="legal">Mesures légales</option>' in page
    assert '<option value="industry">Industrie</option>' in page


BEFORE = [("workshops", "0007_content_moved_to_languages")]
AFTER = [("workshops", "0008_pillar_audience_name_languages")]


def _name_columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
    return {column.name for column in description if column.name.startswith("name")}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_fills_pillar_and_audience_names_from_the_catalogues_and_reverses():
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        before = _name_columns("workshops_pillar") | _name_columns("workshops_audience")

        executor.loader.build_graph()
        executor.migrate(AFTER)
        apps = executor.loader.project_state(AFTER).apps
        pillar = apps.get_model("workshops", "Pillar").objects.get(code="technical")
        audience = apps.get_model("workshops", "Audience").objects.get(code="parents-educators")
        after = [
            (pillar.name, pillar.name_en, pillar.name_fr, pillar.name_zh_hans),
            (audience.name, audience.name_en, audience.name_ar),
        ]

        executor.loader.build_graph()
        executor.migrate(BEFORE)
        back = _name_columns("workshops_pillar") | _name_columns("workshops_audience")
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert before == back == set()
    assert after == [
        (
            "Technical & Procedural Measures",
            "Technical & Procedural Measures",
            "Mesures techniques et procédurales",
            "技术和程序措施",
        ),
        (
            "Parents, Guardians and Educators",
            "Parents, Guardians and Educators",
            "الآباء والأوصياء والمعلمون",
        ),
    ]
