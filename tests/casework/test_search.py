"""Finding a child: names, accents, partial words, dates, record numbers; only the user's
communities; audited; the same answers through the API; query counts at 1 and 20."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from casework import search
from tests.factories import CaseFactory, ChildFactory
from tests.queries import session_reads

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db


def child_a(world, **kwargs):
    return ChildFactory(community=world.community_a, **kwargs)


def found(client, q):
    response = client.get(reverse("casework:child_search"), {"q": q})
    assert response.status_code == 200
    return [child.pk for child, _kinds in response.context["rows"]]


def test_query_words_dates_and_numbers():
    query = search.parse_query("Zoë 3/4/2015 #12 2015-04-03 x 77")
    assert query.words == ["zoe"]
    assert query.dates == [datetime.date(2015, 4, 3), datetime.date(2015, 4, 3)]
    assert query.numbers == [12, 77]
    assert search.parse_date("31/2/2015") is None


def test_search_matches_names_accents_partial_words_dates_and_numbers(world, client_for):
    zoe = child_a(
        world, given_name="Zoë", family_name="Wunungmurra", date_of_birth=datetime.date(2015, 4, 3)
    )
    alt = child_a(
        world, given_name="Jacinta", family_name="Tipiloura", alternative_names="Jessie Tipiloora"
    )
    preferred = child_a(
        world, given_name="Bartholomew", family_name="Kerinauia", preferred_name="Barty"
    )
    other = child_a(
        world,
        given_name="Marcus",
        family_name="Wunungmurra",
        date_of_birth=datetime.date(2012, 1, 9),
    )
    case = CaseFactory(child=other)
    client = client_for(world.practitioner_a)

    assert found(client, "zoe") == [zoe.pk]  # accent-insensitive
    assert found(client, "ZOË wunung") == [zoe.pk]  # case-insensitive, every word, partial
    assert sorted(found(client, "ungmur")) == sorted([zoe.pk, other.pk])  # inside a word
    assert found(client, "tipiloora") == [alt.pk]  # an alternative spelling
    assert found(client, "barty") == [preferred.pk]
    assert found(client, "3/4/2015") == [zoe.pk]
    assert found(client, "2015-04-03") == [zoe.pk]
    assert found(client, "Wunungmurra 9/1/2012") == [other.pk]
    # A number is the child's record number or one of their case numbers.
    assert zoe.pk in found(client, f"#{zoe.pk}")
    assert other.pk in found(client, str(case.pk))
    assert found(client, f"{zoe.pk} zoe") == [zoe.pk]
    assert found(client, "nobody-called-this") == []
    assert found(client, "") == []


def test_search_shows_only_the_users_casework_communities(world, client_for):
    mine = child_a(world, given_name="Quenby", family_name="Arlott")
    theirs = ChildFactory(community=world.community_b, given_name="Quenby", family_name="Arlott")
    assert found(client_for(world.practitioner_a), "quenby") == [mine.pk]
    assert found(client_for(world.practitioner_b), "quenby") == [theirs.pk]
    assert found(client_for(world.practitioner_a), f"#{theirs.pk}") == []


def test_search_refuses_people_without_casework(world, client_for):
    child_a(world, given_name="Quenby")
    for persona in ("coordinator_a", "cochair"):
        response = client_for(world.users[persona]).get(
            reverse("casework:child_search"), {"q": "q"}
        )
        assert response.status_code == 403


def test_each_search_showing_children_is_audited_once_with_the_ids(world, client_for):
    children = [child_a(world, given_name=f"Ozrin{n}", family_name="Pellow") for n in range(3)]
    client = client_for(world.practitioner_a)
    with scopes_disabled():
        before = AuditEvent.objects.count()
    found(client, "ozrin")
    found(client, "no-such-child")  # nobody shown: nothing to record
    with scopes_disabled():
        events = list(AuditEvent.objects.order_by("id")[before:])
    assert len(events) == 1
    assert events[0].action == AuditEvent.Action.READ
    assert sorted(events[0].detail["child_ids"]) == sorted(c.pk for c in children)
    assert "ozrin" not in str(events[0].detail).lower()  # the words typed are not kept


def test_search_box_on_casework_pages(world, client_for):
    html = client_for(world.practitioner_a).get(reverse("casework:my_caseload")).content.decode()
    assert 'role="search"' in html and 'id="child-search-q"' in html


def test_search_api(world, client_for):
    zoe = child_a(world, given_name="Zoë", family_name="Yunupingu")
    ChildFactory(community=world.community_b, given_name="Zoe", family_name="Yunupingu")
    client = client_for(world.practitioner_a)
    response = client.get(reverse("child-search"), {"q": "zoe yunu"})
    assert response.status_code == 200
    body = response.json()
    assert [row["id"] for row in body["results"]] == [zoe.pk]
    assert (
        client_for(world.coordinator_a).get(reverse("child-search"), {"q": "zoe"}).status_code
        == 403
    )


@pytest.mark.parametrize("count", [1, 20])
def test_search_query_count_does_not_grow(world, client_for, django_assert_num_queries, count):
    for n in range(count):
        child = child_a(world, given_name=f"Teodor{n}", family_name="Malwarr")
        CaseFactory(child=child)
    client = client_for(world.practitioner_a)
    client.get(reverse("casework:my_caseload"))  # session and memberships warmed
    # session (unless read from the cache), user, memberships, count, page, open cases,
    # audit insert (+ savepoints),
    # unread notifications.
    with django_assert_num_queries(QUERIES_SEARCH + session_reads()):
        rows = found(client, "teodor malw")
    assert len(rows) == count


QUERIES_SEARCH = 7


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_search_uses_the_trigram_index(world):
    for n in range(50):
        child_a(world, given_name=f"Filler{n}", family_name="Child")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            with scopes_disabled():
                queryset = search._searchable(search.Child.objects.all()).filter(
                    search._name_matches("filler")
                )
                plan = queryset.explain()
        finally:
            cursor.execute("SET enable_seqscan = on")
    assert "child_name_search_trgm_idx" in plan


def test_adding_a_child_like_one_recorded_asks_first_and_keeps_what_was_typed(world, client_for):
    existing = child_a(
        world, given_name="Rosalind", family_name="Munkara", date_of_birth=datetime.date(2016, 3, 5)
    )
    ChildFactory(  # another community's child is never shown
        community=world.community_b,
        given_name="Rosalind",
        family_name="Munkara",
        date_of_birth=datetime.date(2016, 3, 5),
    )
    client = client_for(world.practitioner_a)
    typed = {
        "community": world.community_a.pk,
        "given_name": "Rosalynn",
        "family_name": "Munkara",
        "date_of_birth": "2016-03-09",
        "gender": "female",
        "aboriginal_status": "aboriginal",
        "residence": "in_community",
    }
    url = reverse("casework:child_create")
    page = client.post(url, typed)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="likely-duplicates"' in html
    assert [child.pk for child, _kinds in page.context["duplicates"]] == [existing.pk]
    assert 'value="Rosalynn"' in html  # what was typed is kept
    assert "This is a different child" in html
    with scopes_disabled():
        assert search.Child.objects.filter(given_name="Rosalynn").count() == 0

    done = client.post(url, {**typed, "not_a_duplicate": "on"})
    assert done.status_code == 302
    with scopes_disabled():
        assert search.Child.objects.filter(given_name="Rosalynn").count() == 1


def test_team_caseload_risk_and_reassessment_counts_link_to_the_filtered_list(world, client_for):
    case = CaseFactory(
        child__community=world.community_a,
        practitioner=world.practitioner_a,
        team_leader=world.teamleader_a,
        risk_level="high",
        next_reassessment_due_on=datetime.date(2020, 1, 1),
    )
    html = client_for(world.teamleader_a).get(reverse("casework:team_caseload")).content.decode()
    pk = case.practitioner_id
    assert f'href="?status=high_risk&amp;practitioner={pk}" id="high-risk-{pk}"' in html
    assert f'href="?status=reassessment_overdue&amp;practitioner={pk}"' in html
    assert 'id="team-mine" aria-current="page"' in html
