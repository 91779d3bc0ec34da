"""The one rule for showing a count of people."""

import pytest
from django.template import Context, Template

from core.counts import people_count


@pytest.mark.parametrize(
    ("count", "shown"), [(0, 0), (1, "fewer than 3"), (2, "fewer than 3"), (3, 3), (40, 40)]
)
def test_people_count_folds_one_and_two(count, shown):
    assert people_count(count) == shown


def test_people_count_follows_the_setting(settings):
    settings.REPORT_MIN_COUNT = 5

    assert [people_count(n) for n in (4, 5)] == ["fewer than 5", 5]


def test_people_count_filter_in_a_template():
    template = Template("{% load people_counts %}{{ a|people_count }}/{{ b|people_count }}")

    assert template.render(Context({"a": 2, "b": 7})) == "fewer than 3/7"
