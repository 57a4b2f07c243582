import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from escalations.models import Escalation, LeadersMeeting, Theme
from oversight.models import OversightGroup, QuarterlyReport
from oversight.selectors import composition_for

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_rule_abiding_group_themes_escalations_and_a_report(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", "--force", verbosity=0)
    group = OversightGroup.objects.get()
    assert group.is_constituted
    assert all(rule.holds for rule in composition_for(group))
    assert group.members.exclude(region=None).values("region").distinct().count() == 6
    with scopes_disabled():
        assert set(Theme.objects.values_list("community__slug", flat=True)) == {
            "wadeye",
            "yuendumu",
        }
        assert all(theme.links.count() >= 2 for theme in Theme.objects.all())
        assert LeadersMeeting.objects.exists()
        assert set(Escalation.objects.values_list("level", flat=True)) == set(
            Escalation.Level.values
        )
    report = QuarterlyReport.objects.get()
    assert report.version == 1 and report.page_count >= 5
