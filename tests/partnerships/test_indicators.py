"""Shared measurement: indicator sources, computed and imported values, the dashboard."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from core.actors import system_actor
from partnerships import indicator_sources, services
from partnerships.models import IndicatorValue

from ..factories import (
    GovernanceTierFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    InvestmentFactory,
    PartnershipWorkerFactory,
    PriorityActionFactory,
    TierMemberFactory,
)

pytestmark = pytest.mark.django_db

IMPORTER = system_actor("tests:indicator_import")


def _detail(world, name, **kwargs):
    return reverse(f"partnerships:{name}", kwargs={"slug": world.community_a.slug, **kwargs})


# --- Shared measurement ---------------------------------------------------------------------


def test_registry_names_other_apps_sources_by_path():
    with pytest.raises(KeyError):
        indicator_sources.resolve("not-a-source")
    assert indicator_sources.SOURCES["contact_compliance"][0] == (
        "casework.metrics.contact_compliance_share"
    )
    assert indicator_sources.SOURCES["escalations_resolved"][0] == (
        "escalations.metrics.escalations_resolved_count"
    )


def test_aboriginal_participation_share_source(world):
    start, end = datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)
    assert (
        indicator_sources.compute(
            "aboriginal_participation_share", world.community_a.pk, start, end
        )
        is None
    )
    tier = GovernanceTierFactory(partnership=world.community_a.partnership)
    TierMemberFactory(tier=tier, is_from_acco=True)
    TierMemberFactory(tier=tier, is_aboriginal_community_member=True)
    TierMemberFactory(tier=tier)
    # Ended before the period: not counted. Another community: not counted.
    TierMemberFactory(tier=tier, starts_on=datetime.date(2024, 1, 1), ends_on=start)
    TierMemberFactory(tier__partnership=world.community_b.partnership, is_from_acco=True)
    value = indicator_sources.compute(
        "aboriginal_participation_share", world.community_a.pk, start, end
    )
    assert value == Decimal("66.67")


def test_computing_an_indicator_records_its_value_or_refuses_a_retired_source(world):
    tier = GovernanceTierFactory(partnership=world.community_a.partnership)
    TierMemberFactory(tier=tier, is_from_acco=True)
    indicator = IndicatorFactory(
        partnership=world.community_a.partnership, source_key="aboriginal_participation_share"
    )
    value = services.indicator_compute(
        actor=world.coordinator_a,
        indicator=indicator,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 3, 31),
    )
    assert (value.value, value.source, value.period_end) == (
        Decimal("100.00"),
        IndicatorValue.Source.COMPUTED,
        datetime.date(2025, 3, 31),
    )
    # A key once offered and since removed from the registry (the value stays in the row).
    retired = IndicatorFactory(partnership=world.community_a.partnership, source_key="retired")
    with pytest.raises(ValidationError, match="no longer offered"):
        services.indicator_compute(
            actor=world.coordinator_a,
            indicator=retired,
            start=datetime.date(2025, 1, 1),
            end=datetime.date(2025, 3, 31),
        )


def test_indicator_value_is_one_per_period(world):
    indicator = IndicatorFactory(partnership=world.community_a.partnership)
    kwargs = {"actor": world.coordinator_a, "indicator": indicator, "value": Decimal("3")}
    services.indicator_value_record(period_end=datetime.date(2025, 1, 31), **kwargs)
    with pytest.raises(ValidationError, match="already has a value"):
        services.indicator_value_record(period_end=datetime.date(2025, 1, 31), **kwargs)


CSV_GOOD = (
    "indicator,period_end,value,source\n"
    "Attendance,2025-01-31,40,census\n"
    "attendance,2025-02-28,42.5,census\n"
)


def test_csv_import_imports_every_row(world):
    indicator = IndicatorFactory(partnership=world.community_a.partnership, name="Attendance")
    report = services.indicator_values_import(
        actor=world.coordinator_a, partnership=world.community_a.partnership, csv_text=CSV_GOOD
    )
    assert report.ok and report.imported == 2
    with scopes_disabled():
        values = list(indicator.values.values_list("value", "source"))
    assert values == [(Decimal("40.00"), "import"), (Decimal("42.50"), "import")]


def test_csv_import_with_one_bad_row_imports_nothing_and_names_the_row(world):
    IndicatorFactory(partnership=world.community_a.partnership, name="Attendance")
    # Another community's indicator is not a valid target, even by its exact name.
    IndicatorFactory(partnership=world.community_b.partnership, name="Incidents")
    text = (
        CSV_GOOD
        + "Attendance,2025-03-31,forty,\nIncidents,2025-03-31,4,\nAttendance,2025-01-31,1,\n"
    )
    report = services.indicator_values_import(
        actor=world.coordinator_a, partnership=world.community_a.partnership, csv_text=text
    )
    assert not report.ok and report.imported == 0 and report.rows == 5
    assert [line for line, _ in report.rejected] == [4, 5, 6]
    assert "not a number" in report.rejected[0][1]
    assert report.rejected[1][1] == "No indicator named 'Incidents'."
    assert "twice" in report.rejected[2][1]
    with scopes_disabled():
        assert IndicatorValue.objects.count() == 0


def test_csv_import_refuses_missing_columns_and_existing_periods(world):
    indicator = IndicatorFactory(partnership=world.community_a.partnership, name="Attendance")
    partnership = world.community_a.partnership
    report = services.indicator_values_import(
        actor=IMPORTER, partnership=partnership, csv_text="name,value\nx,1\n"
    )
    assert report.rejected == [(1, "Missing column(s): indicator, period_end.")]
    IndicatorValueFactory(indicator=indicator, period_end=datetime.date(2025, 1, 31))
    report = services.indicator_values_import(
        actor=IMPORTER, partnership=partnership, csv_text=CSV_GOOD
    )
    assert [line for line, _ in report.rejected] == [2]
    with scopes_disabled():
        assert IndicatorValue.objects.count() == 1


def test_csv_import_page_reports_rejected_rows(world, client_for):
    IndicatorFactory(partnership=world.community_a.partnership, name="Attendance")
    upload = SimpleUploadedFile("values.csv", (CSV_GOOD + "Attendance,soon,1,\n").encode())
    response = client_for(world.coordinator_a).post(
        _detail(world, "indicator_import"), {"file": upload}
    )
    assert response.status_code == 200
    assert b"Nothing was imported" in response.content and b"Line</th>" in response.content
    assert b'<th scope="row">4</th><td>Period_end is not a date' in response.content
    upload = SimpleUploadedFile("values.csv", CSV_GOOD.encode())
    response = client_for(world.coordinator_a).post(
        _detail(world, "indicator_import"), {"file": upload}
    )
    assert response.status_code == 302
    upload = SimpleUploadedFile("values.csv", CSV_GOOD.encode())
    assert (
        client_for(world.practitioner_a)
        .post(_detail(world, "indicator_import"), {"file": upload})
        .status_code
        == 403
    )


def test_import_command_imports_all_or_nothing(world, tmp_path):
    IndicatorFactory(partnership=world.community_a.partnership, name="Attendance")
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV_GOOD + "Attendance,2025-04-30,,\n")
    with pytest.raises(CommandError, match="Nothing imported: 1 of 3 rows rejected"):
        call_command("import_indicator_values", "wadeye", str(bad))
    good = tmp_path / "good.csv"
    good.write_text(CSV_GOOD)
    call_command("import_indicator_values", "wadeye", str(good))
    with scopes_disabled():
        assert IndicatorValue.objects.count() == 2


def test_dashboard_charts_each_indicator_against_its_target_without_external_requests(
    world, client_for
):
    indicator = IndicatorFactory(
        partnership=world.community_a.partnership, name="Attendance", target=Decimal("60")
    )
    for month in range(1, 13):
        IndicatorValueFactory(
            indicator=indicator, period_end=datetime.date(2025, month, 28), value=30 + month
        )
    IndicatorFactory(partnership=world.community_a.partnership, name="Not yet measured")
    content = client_for(world.practitioner_a).get(_detail(world, "dashboard")).content.decode()
    assert content.count("<svg") == 2
    assert 'class="target"' in content and 'class="series"' in content
    assert "latest 42.00 %" in content
    # Charts are inline SVG: no chart script, no inline style; the page's only scripts are
    # the product's own static files (forms and offline capture), never a CDN.
    scripts = re.findall(r"<script[^>]*>", content)
    assert all('src="/static/' in tag for tag in scripts), scripts
    assert "style=" not in content
    assert "http://" not in content.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in content


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("page", "make"),
    [
        ("dashboard", lambda p: IndicatorValueFactory(indicator=IndicatorFactory(partnership=p))),
        ("priority_list", lambda p: PriorityActionFactory(priority__partnership=p)),
        ("workers", lambda p: PartnershipWorkerFactory(partnership=p)),
        ("investment", lambda p: InvestmentFactory(partnership=p)),
        ("community_detail", lambda p: TierMemberFactory(tier__partnership=p)),
    ],
)
def test_list_pages_cost_the_same_queries_at_one_and_many_items(world, client_for, page, make):
    partnership = world.community_a.partnership
    client = client_for(world.coordinator_a)
    make(partnership)
    one = _queries_for(client, _detail(world, page))
    for _ in range(6):
        make(partnership)
    assert _queries_for(client, _detail(world, page)) == one
