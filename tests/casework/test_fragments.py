"""The child page's cached per-case contacts sections (casework/fragments.py).

A cached section is served only for the same community, case, contact version, language
and kind of reader; any contact logged or corrected shows on the next read.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from casework import fragments, services
from casework.models import Case, ContactKind
from casework.services import emergency
from tests.factories import CaseFactory, ChildFactory, ContactFactory

SHARED_WORLD = True

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _case(world):
    return CaseFactory(
        child__community=world.community_a,
        practitioner=world.practitioner_a,
        team_leader=world.teamleader_a,
        opened_on=timezone.localdate() - datetime.timedelta(days=30),
    )


def _page(client, case) -> str:
    response = client.get(reverse("casework:child_detail", args=[case.child_id]))
    assert response.status_code == 200
    return response.content.decode()


def _read(case) -> Case:
    with scopes_disabled():
        return fragments.with_contacts_version(Case.objects.filter(pk=case.pk)).get()


def test_a_second_read_serves_the_section_from_the_cache_with_fewer_queries(world, client_for):
    case = _case(world)
    contact = ContactFactory(case=case, note="Played football with his cousins")
    client = client_for(world.practitioner_a)
    with CaptureQueriesContext(connection) as first:
        page = _page(client, case)
    with CaptureQueriesContext(connection) as second:
        again = _page(client, case)
    assert f'id="contact-{contact.pk}"' in page and "Played football" in page
    assert again.count("Played football") == 1
    # The contacts and their corrections are not read again.
    assert len(second.captured_queries) == len(first.captured_queries) - 2
    assert not any(
        q["sql"].startswith(('SELECT "casework_contact".', 'SELECT "casework_contactamendment".'))
        for q in second.captured_queries
    )


def test_logging_a_contact_shows_on_the_next_read(world, client_for):
    case = _case(world)
    ContactFactory(case=case, occurred_at=NOW - datetime.timedelta(days=2))
    client = client_for(world.practitioner_a)
    _page(client, case)
    # Logged for an earlier moment than the one shown: the version still moves.
    logged = services.contact_log(
        actor=world.practitioner_a,
        case=case,
        occurred_at=NOW - datetime.timedelta(days=5),
        kind=ContactKind.PHONE,
        note="Rang the carer about school",
    )
    page = _page(client, case)
    assert f'id="contact-{logged.pk}"' in page and "Rang the carer about school" in page


def test_correcting_a_contact_shows_on_the_next_read(world, client_for):
    case = _case(world)
    contact = ContactFactory(case=case, kind=ContactKind.PHONE, note="First words")
    client = client_for(world.practitioner_a)
    assert "First words" in _page(client, case)
    with scopes_disabled():
        services.contact_amend(
            actor=world.practitioner_a,
            contact=contact,
            reason="Typed in a hurry",
            note="Corrected words",
        )
    page = _page(client, case)
    assert "Corrected words" in page and "First words" not in page.split("Before:")[0]
    assert "Typed in a hurry" in page


def test_the_key_names_the_community_the_version_and_the_reader_never_a_name(world):
    case = _case(world)
    contact = ContactFactory(case=case)
    read = _read(case)
    key = fragments.fragment_key(read, read_only=False)
    assert f":{case.community_id}:{case.pk}:" in key
    assert fragments.fragment_key(read, read_only=True) != key
    with scopes_disabled():
        child = case.child
    for text in (child.given_name, child.family_name, contact.note):
        assert not text or text not in key
    # Another community (a moved child) or a restored database reusing the contact's id
    # with another time recorded: another key.
    moved = _read(case)
    moved.community_id = world.community_b.pk
    assert fragments.fragment_key(moved, read_only=False) != key
    restored = _read(case)
    restored.latest_recorded_at = read.latest_recorded_at + datetime.timedelta(microseconds=1)
    assert fragments.fragment_key(restored, read_only=False) != key


def test_a_cached_section_with_links_is_never_served_to_a_read_only_reader(world):
    case = _case(world)
    contact = ContactFactory(case=case)
    editable, read_only = _read(case), _read(case)
    with scopes_disabled():
        fragments.attach_contact_sections([editable], read_only=False)
        fragments.attach_contact_sections([read_only], read_only=True)
    amend_url = reverse("casework:contact_amend", args=[contact.pk])
    assert amend_url in editable.contacts_html
    assert amend_url not in read_only.contacts_html
    assert cache.get(fragments.fragment_key(read_only, read_only=True)) == read_only.contacts_html


def test_the_page_reads_a_fixed_number_of_queries_whatever_the_number_of_cases(world, client_for):
    first = _case(world)
    ContactFactory(case=first)
    client = client_for(world.practitioner_a)
    _page(client, first)  # warm what every page reads once
    cache.clear()
    with CaptureQueriesContext(connection) as one:
        _page(client, first)
    for _ in range(3):
        other = CaseFactory(
            child=first.child,
            kind=Case.Kind.STRENGTHENING_FAMILIES,
            status=Case.Status.CLOSED,
            closed_on=timezone.localdate(),
            practitioner=world.practitioner_a,
        )
        ContactFactory(case=other)
    cache.clear()
    with CaptureQueriesContext(connection) as four:
        _page(client, first)
    assert len(four.captured_queries) == len(one.captured_queries)


def test_a_reader_through_a_grant_sees_the_contacts_read_only(world, client_for):
    """An emergency-access reader reads another community's child: its contacts sections
    are read inside the grant's opened fence, never empty, and without "Correct" links."""
    child = ChildFactory(
        community=world.community_b,
        given_name="Kumanjayi",
        family_name="Walker",
        date_of_birth=datetime.date(2013, 7, 2),
    )
    case = CaseFactory(child=child, practitioner=world.practitioner_b)
    contact = ContactFactory(case=case, note="Seen at the clinic with her aunt")
    emergency.emergency_access_grant(
        actor=world.practitioner_a,
        community=world.community_b,
        child_id=child.pk,
        given_name="Kumanjayi",
        family_name="Walker",
        date_of_birth=datetime.date(2013, 7, 2),
        reason="Brought to hospital at night; carer unknown",
    )
    for _ in range(2):  # rendered, then from the cache
        page = _page(client_for(world.practitioner_a), case)
        assert f'id="contact-{contact.pk}"' in page and "Seen at the clinic" in page
        assert reverse("casework:contact_amend", args=[contact.pk]) not in page


def test_an_unreachable_cache_costs_the_sections_not_the_page(world, client_for, settings):
    """Redis down (a port nothing listens on, a real refused connection): the child page
    still answers with its contacts, read and rendered as if nothing were cached."""
    case = _case(world)
    contact = ContactFactory(case=case, note="Talked about the football carnival")
    client = client_for(world.practitioner_a)
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    # The session is in the database as well; read from there alone for this request.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    page = _page(client, case)
    assert f'id="contact-{contact.pk}"' in page and "football carnival" in page
