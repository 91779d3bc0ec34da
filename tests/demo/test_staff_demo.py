"""The demo's two offices and headquarters, through the staff area and the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from demo.seeder import DemoSeeder
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    DemoSeeder().run()


def _sign_in(client, username):
    client.force_login(get_user_model().objects.get(username=username))


@pytest.mark.parametrize("office", ["bangkok", "cairo"])
def test_demo_office_dashboard_lists_only_its_own_workshops(client, demo, office):
    _sign_in(client, office)

    response = client.get(reverse("staff:dashboard"))

    offices = {w.office.slug for w in response.context["workshops"]}
    assert response.status_code == 200
    assert offices == {office}


def test_demo_headquarters_dashboard_lists_every_office(client, demo):
    _sign_in(client, "hq")

    response = client.get(reverse("staff:dashboard"))

    assert len(response.context["workshops"]) == Workshop.objects.count()


@pytest.mark.parametrize("username", ["bangkok", "cairo", "hq", "bangkok-viewer"])
def test_demo_reports_render_with_charts_and_tables(client, demo, username):
    _sign_in(client, username)

    response = client.get(reverse("staff:reports"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") == sum(1 for r in response.context["reports"] if r.bars)
    assert html.count("<table") == sum(1 for r in response.context["reports"] if r.rows)


@pytest.mark.parametrize(
    ("username", "status"),
    [("admin", 200), ("hq", 403), ("bangkok", 403), ("bangkok-viewer", 403), ("cairo", 403)],
)
def test_demo_admin_is_for_the_superuser_only(client, demo, username, status):
    _sign_in(client, username)

    response = client.get(reverse("admin:workshops_workshop_changelist"))

    assert response.status_code == status
