"""A theme's history through the API: the page's rows, names only to casework staff."""

import pytest

from escalations.models import Theme

from .test_theme_history import _linked, _theme, _update

pytestmark = pytest.mark.django_db


def _history(client, theme):
    return client.get(f"/api/v1/themes/{theme.pk}/history/")


def _linked_row(rows):
    return next(
        item for row in rows for item in row["fields"] if item["label"] == "Linked children"
    )


def test_casework_staff_read_each_edit_newest_first_with_the_names(world, client_for):
    theme, third = _theme(world)
    _update(world, theme, title="School attendance, term 4", reason="Narrowed to this term")
    _update(world, theme, child_ids=[*_linked(theme), third.pk], reason="Zara seen too")
    _update(world, theme, status=Theme.Status.CLOSED)

    response = _history(client_for(world.practitioner_a), theme)
    assert response.status_code == 200
    rows = response.json()
    assert [row["reason"] for row in rows] == ["", "Zara seen too", "Narrowed to this term"]
    leader = world.teamleader_a
    assert rows[2]["changed_by"] == (leader.display_name or leader.username)
    assert set(rows[0]) == {"id", "changed_at", "changed_by", "reason", "fields"}
    linked = _linked_row(rows)
    assert linked["before"] == "Ava Tipiloura, Leo Tipiloura"
    assert linked["after"] == "Ava Tipiloura, Leo Tipiloura, Zara Tipiloura"


def test_a_coordinator_reads_how_many_were_linked_never_who(world, client_for):
    theme, third = _theme(world)
    _update(world, theme, child_ids=[*_linked(theme), third.pk], reason="One more")
    response = _history(client_for(world.coordinator_a), theme)
    assert response.status_code == 200
    linked = _linked_row(response.json())
    assert (linked["before"], linked["after"]) == ("2 linked", "3 linked")
    assert "Zara" not in response.content.decode()
    assert f"#{third.pk}" not in response.content.decode()


def test_a_new_theme_has_no_history_and_another_communitys_is_not_found(world, client_for):
    theme, _third = _theme(world)
    assert _history(client_for(world.teamleader_a), theme).json() == []
    response = _history(client_for(world.coordinator_b), theme)
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "code", "errors"}


def test_the_theme_itself_names_its_links_only_to_casework_staff(world, client_for):
    theme, _third = _theme(world)
    linked = sorted(_linked(theme))
    staff = client_for(world.practitioner_a).get(f"/api/v1/themes/{theme.pk}/").json()
    assert sorted(staff["child_ids"]) == linked and staff["linked_count"] == len(linked)
    coordinator = client_for(world.coordinator_a).get(f"/api/v1/themes/{theme.pk}/").json()
    assert coordinator["child_ids"] == [] and coordinator["family_ids"] == []
    assert coordinator["linked_count"] == len(linked)
