"""A theme keeps its history and shows it on its page, like a child's record: who changed
what, when and why. Linked children are named only to casework staff; others see counts."""

import datetime

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from escalations import services
from escalations.models import Theme

from ..factories import ChildFactory

pytestmark = pytest.mark.django_db


def _theme(world):
    first, second, third = (
        ChildFactory(community=world.community_a, given_name=name, family_name="Tipiloura")
        for name in ("Ava", "Leo", "Zara")
    )
    theme = services.theme_create(
        actor=world.teamleader_a,
        community=world.community_a,
        title="School attendance",
        category=Theme.Category.SCHOOL_ENGAGEMENT,
        description="Children not at school.",
        identified_on=datetime.date(2026, 10, 1),
        child_ids=[first.pk, second.pk],
    )
    return theme, third


def _linked(theme):
    with scopes_disabled():
        return [link.child_id for link in theme.links.all() if link.child_id]


def _update(world, theme, **changes):
    fields = {
        "title": theme.title,
        "category": theme.category,
        "description": theme.description,
        "identified_on": theme.identified_on,
        "status": theme.status,
        "child_ids": _linked(theme),
        "family_ids": [],
        **changes,
    }
    return services.theme_update(actor=world.teamleader_a, theme=theme, **fields)


def test_a_new_theme_says_it_has_no_changes_yet(world, client_for):
    theme, _third = _theme(world)
    page = client_for(world.coordinator_a).get(reverse("escalations:theme_detail", args=[theme.pk]))
    html = page.content.decode()
    assert 'id="history-title"' in html
    assert 'id="history-empty"' in html


def test_the_theme_page_shows_each_edit_with_who_when_and_why(world, client_for):
    theme, third = _theme(world)
    ids = _linked(theme)
    _update(world, theme, title="School attendance, term 4", reason="Narrowed to this term")
    _update(world, theme, child_ids=[*ids, third.pk], reason="Zara seen too")
    _update(world, theme, status=Theme.Status.CLOSED)

    url = reverse("escalations:theme_detail", args=[theme.pk])
    html = client_for(world.teamleader_a).get(url).content.decode()
    assert html.count('<li id="change-') == 3
    # Newest first.
    assert html.index("Zara seen too") < html.index("Narrowed to this term")
    assert "School attendance, term 4" in html and "Why: Narrowed to this term" in html
    assert "teamleader_a" in html
    # Casework staff read the names of the children linked before and after.
    assert "Linked children" in html
    assert "Ava Tipiloura, Leo Tipiloura, Zara Tipiloura" in html


def test_those_who_may_not_read_names_see_only_how_many_were_linked(world, client_for):
    theme, third = _theme(world)
    ids = _linked(theme)
    _update(world, theme, child_ids=[*ids, third.pk], reason="One more")
    html = (
        client_for(world.coordinator_a)
        .get(reverse("escalations:theme_detail", args=[theme.pk]))
        .content.decode()
    )
    assert "Linked children" in html
    assert "2 linked" in html and "3 linked" in html
    assert "Zara" not in html and f"#{third.pk}" not in html


def test_another_communitys_theme_history_is_not_found(world, client_for):
    theme, _third = _theme(world)
    page = client_for(world.coordinator_b).get(reverse("escalations:theme_detail", args=[theme.pk]))
    assert page.status_code == 404
