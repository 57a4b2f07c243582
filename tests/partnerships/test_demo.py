import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from partnerships import demo, selectors
from partnerships.models import Indicator, Partnership
from partnerships.reference_data import reference_data_load

pytestmark = pytest.mark.django_db


def test_demo_seeds_governance_for_two_contrasting_partnerships():
    reference_data_load()
    context = demo.DemoContext(today=timezone.localdate(), password="demo-password-for-tests")
    demo.seed(context)
    palmerston = Partnership.objects.get(community__slug="palmerston")
    wadeye = Partnership.objects.get(community__slug="wadeye")
    assert palmerston.keeps_case_records is False and wadeye.keeps_case_records is True
    with scopes_disabled():
        for partnership in (palmerston, wadeye):
            tiers = selectors.tiers_with_participation(partnership=partnership)
            assert {t.kind for t in tiers} == {"steering_group", "working_group", "open_forum"}
            attendance = Indicator.objects.get(partnership=partnership, name="School attendance")
            assert attendance.values.count() == 12
            assert partnership.workers.exists() and partnership.investments.count() == 4
    figures = selectors.partnership_figures_for_report(
        palmerston, timezone.localdate().replace(day=1), timezone.localdate()
    )
    assert figures["investment"]["total"] > 0
