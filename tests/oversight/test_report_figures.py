import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from oversight.quarters import Quarter
from oversight.report import report_figures

from ..factories import (
    CaseFactory,
    ChildFactory,
    CommunityFactory,
    EscalationFactory,
    OversightGroupFactory,
    OversightMemberFactory,
    ThemeFactory,
)

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db

QUARTER = Quarter.parse("2026-27 Q1")


def _figures_queries():
    with CaptureQueriesContext(connection) as captured:
        figures = report_figures(QUARTER)
    return figures, len(captured)


def test_report_figures_query_count_does_not_grow_with_partnerships(world):
    CaseFactory(
        child=ChildFactory(community=world.community_a), opened_on=datetime.date(2026, 1, 1)
    )
    _first, one = _figures_queries()
    for _ in range(4):
        community = CommunityFactory()
        CaseFactory(child=ChildFactory(community=community), opened_on=datetime.date(2026, 1, 1))
        ThemeFactory(community=community, identified_on=QUARTER.start)
    figures, many = _figures_queries()
    assert many == one
    assert len(figures["partnerships"]) == 6


def test_small_counts_are_suppressed_and_nothing_names_a_child(world):
    child = ChildFactory(community=world.community_a, given_name="Pellandra")
    CaseFactory(child=child, opened_on=datetime.date(2026, 1, 1))
    for _ in range(6):
        CaseFactory(
            child=ChildFactory(community=world.community_b), opened_on=datetime.date(2026, 1, 1)
        )
    figures = report_figures(QUARTER)
    in_care = figures["case_tables"][0]
    wadeye = next(row for row in in_care["rows"] if row["name"].startswith("Wadeye"))
    assert "<5" in wadeye["cells"] and "1" not in wadeye["cells"]
    assert "Pellandra" not in str(figures)
    assert str(child.date_of_birth) not in str(figures)


def test_regional_escalations_are_in_the_report_by_their_level(world):
    theme = ThemeFactory(community=world.community_b, identified_on=QUARTER.start)
    regional = EscalationFactory(theme=theme, level="regional", raised_on=QUARTER.start)
    EscalationFactory(theme=theme, level="programmatic", raised_on=QUARTER.start)
    figures = report_figures(QUARTER)
    assert [row["reference"] for row in figures["regional_escalations"]] == [f"E-{regional.pk}"]
    levels = {row["level"]: row["raised"] for row in figures["escalation_levels"]}
    assert levels == {"Programmatic": 1, "Community": 0, "Regional": 1}


@pytest.mark.parametrize("url_name", ["oversight:group", "oversight:report_list", "report-list"])
def test_oversight_pages_query_count(world, client_for, url_name):
    group = OversightGroupFactory()
    OversightMemberFactory(group=group)
    client = client_for(world.cochair)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(url_name)).status_code == 200
        return len(captured)

    one = count()
    OversightMemberFactory.create_batch(4, group=group)
    assert count() == one
