"""Reading Zoom and Teams attendance reports: durations, rejoins, guests, sections."""

from pathlib import Path

import pytest

from attendance.online_reports import parse_duration_seconds, parse_online_report
from core.tabular import read_table

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("3h 2m 10s", 10930), ("59m 59s", 3599), ("3h", 10800), ("212", 12720), ("1:05:00", 3900)],
)
def test_parse_duration_seconds(text, seconds):
    assert parse_duration_seconds(text) == seconds


def test_parse_duration_seconds_rejects_words():
    assert parse_duration_seconds("three hours") is None


def test_parse_online_report_zoom_adds_up_rejoins_and_lists_guests():
    report = parse_online_report(read_table((DATA / "zoom_participants_report.csv").read_bytes()))

    minutes = {person.email: person.seconds // 60 for person in report.people}
    assert minutes["jb.kaltongga@example.vu"] == 72 + 110
    assert minutes["olena.kovalenko@example.ua"] == 20
    assert report.without_email == [(12, "Sione Taufa"), (13, "iPhone de Chloé")]
    assert [d.isoformat() for d in report.meeting_days] == ["2026-11-20"]


def test_parse_online_report_teams_reads_only_the_participants_section():
    report = parse_online_report(read_table((DATA / "teams_attendance_report.csv").read_bytes()))

    seconds = {person.email: person.seconds for person in report.people}
    assert len(report.people) == 8
    assert seconds["jb.kaltongga@example.vu"] == 3 * 3600 + 2 * 60 + 10
    assert seconds["kwame.mensah@example.gh"] == 59 * 60 + 59
    assert seconds["leilani.k@example.vu"] == 3 * 3600
