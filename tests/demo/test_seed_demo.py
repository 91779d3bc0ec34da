import datetime as dt
import io
import json
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from attendance.models import Attendance
from demo.offices_and_people import demo_password
from demo.seeder import DemoSeeder
from participants.models import Participant, Registration
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


def _snapshot():
    """Row count and a fingerprint of every row of every project model."""
    state = {}
    for app_label in ("workshops", "participants", "certificates", "auth"):
        for model in apps.get_app_config(app_label).get_models():
            rows = list(model.objects.order_by("pk").values())
            state[model._meta.label] = (len(rows), repr(rows))
    return state


def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", stdout=io.StringIO())
    first = _snapshot()

    call_command("seed_demo", stdout=io.StringIO())

    assert _snapshot() == first


def test_seed_demo_loads_port_vila_in_vanuatu_time():
    DemoSeeder().run()

    port_vila = Workshop.objects.get(slug="port-vila-2014")

    assert (port_vila.start_date, port_vila.end_date) == (
        dt.date(2014, 9, 22),
        dt.date(2014, 9, 24),
    )
    assert port_vila.time_zone == "Pacific/Efate"
    assert port_vila.country.code == "VU"
    assert sorted(p.acronym for p in port_vila.partners.all()) == ["CTO", "IMPACT", "OGCIO", "TRR"]
    first_session = port_vila.sessions.first()
    assert first_session.local_start().hour == 9
    assert first_session.starts_at.utcoffset() == dt.timedelta(0)  # stored in UTC


def test_seed_demo_has_an_upcoming_workshop_with_registration_open():
    today = dt.date(2026, 11, 29)
    DemoSeeder(today=today).run()

    upcoming = Workshop.objects.filter(status=Workshop.Status.PUBLISHED, start_date__gt=today)

    assert upcoming.count() >= 3
    assert upcoming.filter(format=Workshop.Format.ONLINE).exists()
    assert len({w.time_zone for w in upcoming}) >= 3


def test_seed_demo_past_attendance_qualifies_some_participants():
    DemoSeeder().run()
    port_vila = Workshop.objects.get(slug="port-vila-2014")
    sessions = port_vila.sessions.count()

    attended = [
        Attendance.objects.filter(registration=r).count()
        for r in Registration.objects.filter(workshop=port_vila)
    ]
    qualifying = [n for n in attended if n / sessions >= 0.8]

    assert len(attended) == 100
    assert 50 <= len(qualifying) < 100


def test_seed_demo_names_use_four_scripts():
    DemoSeeder().run()
    names = " ".join(Participant.objects.values_list("full_name", flat=True))

    assert any("\u0600" <= ch <= "\u06ff" for ch in names)  # Arabic
    assert any("\u0400" <= ch <= "\u04ff" for ch in names)  # Cyrillic
    assert any("\u4e00" <= ch <= "\u9fff" for ch in names)  # CJK
    assert "é" in names
    assert Participant.objects.count() >= 300


def test_seed_demo_moves_a_made_up_upcoming_workshop_that_has_passed():
    DemoSeeder(today=dt.date(2026, 11, 29)).run()
    later = dt.date(2027, 6, 1)

    DemoSeeder(today=later).run()

    bangkok = Workshop.objects.get(slug="asia-pacific-safer-online-learning")
    assert bangkok.start_date == later + dt.timedelta(days=24)
    assert bangkok.sessions.first().local_start().date() == bangkok.start_date


def test_seed_demo_prints_one_login_per_line_with_stable_passwords(capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    call_command("seed_demo")
    second = capsys.readouterr().out

    logins = [line for line in first.splitlines() if line.startswith("login: ")]
    assert f"login: bangkok password: {demo_password('bangkok')} (office staff, Bangkok)" in logins
    assert f"login: cairo password: {demo_password('cairo')} (office staff, Cairo)" in logins
    assert f"login: hq password: {demo_password('hq')} (headquarters, -)" in logins
    assert [line for line in second.splitlines() if line.startswith("login: ")] == logins
    user = get_user_model().objects.get(username="bangkok")
    assert user.check_password(demo_password("bangkok"))
    assert user.staff_membership.office.name == "Bangkok"


def test_participant_search_text_is_set_by_demo_data():
    DemoSeeder().run()

    assert not Participant.objects.filter(search_text="").exists()
    assert Participant.objects.get(email="mj.nunez@example.es").search_text.startswith(
        "maria jose nunez"
    )


def test_seed_demo_prints_a_port_vila_credential_that_is_served_and_signed(client, capsys):
    call_command("seed_demo")
    lines = [line for line in capsys.readouterr().out.splitlines() if "credential.json" in line]

    assert len(lines) == 1
    assert lines[0].endswith(", Capacity Building Child Online Protection Workshop)")
    response = client.get(urlsplit(lines[0].split(" credential: ")[1].split(" ")[0]).path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    credential = json.loads(response.content)
    assert credential["credentialSubject"]["achievement"]["id"].endswith(
        "/workshops/port-vila-2014/"
    )
    assert credential["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
