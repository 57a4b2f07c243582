"""Casework pages: what each shows, forms that keep input, query counts, audit on reads."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from casework import rules, services
from casework.fragments import CHILD_PAGE_CONTACTS
from casework.models import Case, Contact, ContactKind
from casework.selectors import CONTACT_HISTORY_PAGE_SIZE
from casework.views import caseloads as caseload_views
from partnerships.models import Role
from tests.factories import CaseFactory, CaseTaskFactory, ChildFactory, ContactFactory
from tests.factories.partnerships import UserFactory, grant

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def overdue_case(world, **kwargs):
    return CaseFactory(
        child__community=world.community_a,
        practitioner=world.practitioner_a,
        team_leader=world.teamleader_a,
        opened_on=TODAY - datetime.timedelta(days=60),
        **kwargs,
    )


def local_input(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_log_contact_keeps_input_on_error_then_puts_child_on_track(world, client_for):
    case = overdue_case(world)
    client = client_for(world.practitioner_a)
    url = reverse("casework:contact_log", args=[case.pk])

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="f2f_practitioner"' in html and "checked" in html
    assert 'id="id_occurred_at"' in html

    typed = {
        "occurred_at": local_input(timezone.now() + datetime.timedelta(days=1)),
        "kind": ContactKind.FACE_TO_FACE_PRACTITIONER,
        "who_was_seen": "Child and kinship carer",
        "location": "Carer's home",
        "child_views": "Wants to play football on Saturdays",
        "note": "Long visit, shared lunch; school attendance improving.",
    }
    response = client.post(url, typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert "future" in html
    for value in ("Child and kinship carer", "Carer&#x27;s home", "football", "school attendance"):
        assert value in html
    assert typed["occurred_at"] in html
    with scopes_disabled():
        assert Contact.objects.count() == 0

    typed["occurred_at"] = local_input(timezone.now() - datetime.timedelta(minutes=30))
    response = client.post(url, typed)
    assert response.status_code == 302
    with scopes_disabled():
        case.refresh_from_db()
    assert case.contact_status(TODAY) == rules.ContactStatus.ON_TRACK
    caseload = client.get(reverse("casework:my_caseload")).content.decode()
    assert f'id="case-{case.pk}" data-status="on_track"' in caseload


def test_third_party_errors_keep_input(world, client_for):
    case = overdue_case(world)
    client = client_for(world.practitioner_a)
    response = client.post(
        reverse("casework:contact_log", args=[case.pk]),
        {
            "occurred_at": local_input(timezone.now()),
            "kind": ContactKind.FACE_TO_FACE_THIRD_PARTY,
            "third_party_name": "R. Synthetic",
            "note": "Seen at school",
        },
    )
    html = response.content.decode()
    assert "Name the organisation they work for." in html
    assert 'value="R. Synthetic"' in html
    assert "Seen at school" in html


def test_my_caseload_most_urgent_first(world, client_for):
    on_track = CaseFactory(child__community=world.community_a, practitioner=world.practitioner_a)
    overdue = overdue_case(world)
    due_soon = CaseFactory(
        child__community=world.community_a,
        practitioner=world.practitioner_a,
        opened_on=TODAY - datetime.timedelta(days=38),
    )
    someone_else = CaseFactory(child__community=world.community_a)
    foreign = CaseFactory(child__community=world.community_b, practitioner=world.practitioner_a)
    html = client_for(world.practitioner_a).get(reverse("casework:my_caseload")).content.decode()
    positions = [html.index(f'id="case-{c.pk}"') for c in (overdue, due_soon, on_track)]
    assert positions == sorted(positions)
    assert f'id="case-{someone_else.pk}"' not in html
    assert f'id="case-{foreign.pk}"' not in html


def test_caseload_pages_refuse_other_roles(world, client_for):
    assert client_for(world.coordinator_a).get(reverse("casework:my_caseload")).status_code == 403
    assert client_for(world.coordinator_a).get(reverse("casework:child_create")).status_code == 403
    assert (
        client_for(world.practitioner_a).get(reverse("casework:team_caseload")).status_code == 403
    )


def test_a_record_is_403_to_a_role_without_casework_there_and_404_elsewhere(world, client_for):
    own = overdue_case(world)
    foreign = CaseFactory(child__community=world.community_b, practitioner=world.practitioner_b)
    coordinator = client_for(world.coordinator_a)
    for url_name, case in (("casework:child_detail", own), ("casework:child_detail", foreign)):
        response = coordinator.get(reverse(url_name, args=[case.child_id]))
        assert response.status_code == (403 if case is own else 404)
    assert coordinator.get(reverse("casework:contact_log", args=[own.pk])).status_code == 403
    assert coordinator.get(reverse("casework:contact_log", args=[foreign.pk])).status_code == 404
    practitioner = client_for(world.practitioner_a)
    assert practitioner.get(reverse("casework:contact_log", args=[foreign.pk])).status_code == 404
    # Nothing was read: no audit event for the refused pages.
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.READ).exists()


def test_team_caseload_filters_and_summary(world, client_for):
    overdue = overdue_case(world)
    fine = CaseFactory(child__community=world.community_a, practitioner=world.practitioner_a)
    foreign = CaseFactory(
        child__community=world.community_b,
        practitioner=world.practitioner_b,
        opened_on=TODAY - datetime.timedelta(days=60),
    )
    client = client_for(world.teamleader_a)
    html = client.get(reverse("casework:team_caseload"), {"status": "overdue"}).content.decode()
    assert f'id="case-{overdue.pk}"' in html
    assert f'id="case-{fine.pk}"' not in html
    assert f'id="case-{foreign.pk}"' not in html
    assert "practitioner_a" in html  # the per-practitioner summary
    for sort in ("risk", "due", "child", "practitioner", "opened", "nonsense"):
        assert client.get(reverse("casework:team_caseload"), {"sort": sort}).status_code == 200


def test_team_caseload_shows_the_leaders_own_team_unless_asked_for_everyone(world, client_for):
    other_leader = UserFactory()
    grant(other_leader, Role.TEAM_LEADER, world.community_a)
    other_practitioner = UserFactory(display_name="Other Team Practitioner")
    grant(other_practitioner, Role.PRACTITIONER, world.community_a)
    mine = overdue_case(world)
    unled = CaseFactory(child__community=world.community_a, practitioner=world.practitioner_a)
    theirs = CaseFactory(
        child__community=world.community_a,
        practitioner=other_practitioner,
        team_leader=other_leader,
    )
    client = client_for(world.teamleader_a)
    url = reverse("casework:team_caseload")

    own = client.get(url)
    html = own.content.decode()
    assert f'id="case-{mine.pk}"' in html
    assert f'id="case-{unled.pk}"' in html  # no one leads it: every team leader sees it
    assert f'id="case-{theirs.pk}"' not in html
    assert "Other Team Practitioner" not in html  # neither in the summary nor the filter
    assert 'id="team-mine" aria-current="page"' in html

    everyone = client.get(url, {"team": "all"}).content.decode()
    for case in (mine, unled, theirs):
        assert f'id="case-{case.pk}"' in everyone
    assert "Other Team Practitioner" in everyone
    assert 'id="team-all" aria-current="page"' in everyone
    # The summary's links keep the wider view.
    assert f'href="?team=all&amp;practitioner={other_practitioner.pk}"' in everyone
    # Anything else is the leader's own team.
    assert f'id="case-{theirs.pk}"' not in client.get(url, {"team": "x"}).content.decode()


def test_team_leader_approves_one_closure_and_sends_back_another(world, client_for):
    def sf_case(level, threats=()):
        return services.case_open_strengthening_families(
            actor=world.practitioner_a,
            child=ChildFactory(community=world.community_a),
            practitioner=world.practitioner_a,
            team_leader=world.teamleader_a,
            opened_on=TODAY - datetime.timedelta(days=30),
            parents_agreed_on=TODAY - datetime.timedelta(days=30),
            safe_at_home_judgement="Safety plan with grandmother.",
            assessment={
                "assessed_on": TODAY - datetime.timedelta(days=30),
                "level": level,
                "next_reassessment_due_on": TODAY + datetime.timedelta(days=30),
                "safety_threats": list(threats),
            },
        )

    ready = sf_case("low")
    services.case_request_closure(
        actor=world.practitioner_a, case=ready, reason="Goals met", parents_capacity_note="Able."
    )
    not_ready = sf_case("low")
    services.case_request_closure(
        actor=world.practitioner_a, case=not_ready, reason="r", parents_capacity_note="Able."
    )
    # A reassessment after the request: high risk, so the conditions are no longer met.
    services.risk_assessment_record(
        actor=world.practitioner_a,
        case=not_ready,
        assessed_on=TODAY,
        level="high",
        next_reassessment_due_on=TODAY + datetime.timedelta(days=14),
        safety_threats=["New adult in the house"],
    )
    client = client_for(world.teamleader_a)
    listing = client.get(reverse("casework:team_caseload"), {"status": "closure_waiting"})
    assert f'id="decide-closure-{ready.pk}"' in listing.content.decode()

    url = reverse("casework:closure_decide", args=[ready.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 302
    with scopes_disabled():
        ready.refresh_from_db()
    assert ready.status == Case.Status.CLOSED

    url = reverse("casework:closure_decide", args=[not_ready.pk])
    page = client.get(url).content.decode()
    assert "The latest risk is high" in page  # why it cannot close
    assert 'id="approve"' not in page  # and no approval is offered
    refused = client.post(url, {"decision": "approve"}).content.decode()
    assert "The conditions for closing are not met" in refused
    assert "no longer met" not in refused  # they never were
    response = client.post(
        url, {"decision": "send_back", "reason": "Reassess after the new adult moved in."}
    )
    assert response.status_code == 302
    child_page = client_for(world.practitioner_a).get(
        reverse("casework:child_detail", args=[not_ready.child_id])
    )
    assert "Reassess after the new adult moved in." in child_page.content.decode()


def test_practitioner_cannot_decide_closure_or_task(world, client_for):
    case = overdue_case(world, status=Case.Status.CLOSURE_REQUESTED)
    task = CaseTaskFactory(case=case)
    client = client_for(world.practitioner_a)
    assert client.get(reverse("casework:closure_decide", args=[case.pk])).status_code == 403
    assert client.get(reverse("casework:task_decide", args=[task.pk])).status_code == 403


def test_child_page_is_audited_with_ids_only(world, client_for):
    case = overdue_case(world)
    response = client_for(world.practitioner_a).get(
        reverse("casework:child_detail", args=[case.child_id])
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditEvent.Action.READ, child_id=case.child_id)
    assert event.actor == world.practitioner_a
    assert event.community_id == world.community_a.pk
    assert case.child.given_name not in str(event.detail)


def test_imminent_risk_shows_ifps_prompt_with_five_locations(world, client_for):
    case = overdue_case(world, kind=Case.Kind.STRENGTHENING_FAMILIES)
    client = client_for(world.practitioner_a)
    response = client.post(
        reverse("casework:risk_assessment_record", args=[case.pk]),
        {
            "assessed_on": TODAY.isoformat(),
            "level": "very_high",
            "imminent_risk_of_removal": "on",
            "next_reassessment_due_on": (TODAY + datetime.timedelta(days=14)).isoformat(),
            "safety_threats": "Violence in the home\nNo food in the house",
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("casework:child_detail", args=[case.child_id])).content.decode()
    assert f'id="ifps-prompt-{case.pk}"' in html
    for place in ("Alice Springs", "Tennant Creek", "Katherine", "Darwin", "Nhulunbuy"):
        assert place in html


def test_withdrawal_page_opens_task(world, client_for):
    case = overdue_case(world, kind=Case.Kind.STRENGTHENING_FAMILIES, risk_level="high")
    client = client_for(world.practitioner_a)
    response = client.post(
        reverse("casework:agreement_withdraw", args=[case.pk]),
        {"withdrawn_on": TODAY.isoformat(), "note": "Father asked the team to stop visiting."},
    )
    assert response.status_code == 302
    with scopes_disabled():
        task = case.tasks.get()
    leader = client_for(world.teamleader_a)
    summary = leader.get(
        reverse("casework:team_caseload"), {"status": "task_open"}
    ).content.decode()
    assert f'id="case-{case.pk}"' in summary
    response = leader.post(
        reverse("casework:task_decide", args=[task.pk]), {"decision": "Safety planning meeting."}
    )
    assert response.status_code == 302


def _make_cases(world, n):
    for i in range(n):
        case = CaseFactory(
            child__community=world.community_a,
            practitioner=world.practitioner_a,
            team_leader=world.teamleader_a,
            opened_on=TODAY - datetime.timedelta(days=10 + 3 * i),
            kind=Case.Kind.IN_CARE if i % 2 else Case.Kind.STRENGTHENING_FAMILIES,
        )
        if i % 3 == 0:
            CaseTaskFactory(case=case)


@pytest.mark.parametrize("url_name", ["casework:my_caseload", "casework:team_caseload"])
def test_caseload_query_count_does_not_grow(
    world, client_for, django_assert_max_num_queries, url_name
):
    user = world.practitioner_a if url_name == "casework:my_caseload" else world.teamleader_a
    client = client_for(user)
    _make_cases(world, 1)
    client.get(reverse(url_name))  # warm the session

    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse(url_name)).status_code == 200
    _make_cases(world, 19)
    with CaptureQueriesContext(connection) as twenty:
        assert client.get(reverse(url_name)).status_code == 200
    assert len(twenty) == len(one), (len(one), len(twenty))


@pytest.mark.parametrize(
    "page",
    [
        lambda case: reverse("casework:child_detail", args=[case.child_id]),
        lambda case: reverse("casework:case_contacts", args=[case.pk]),
    ],
    ids=["child page", "contact history"],
)
def test_contact_pages_query_count_does_not_grow_with_contacts(world, client_for, page):

    case = overdue_case(world)
    ContactFactory(case=case)
    client = client_for(world.practitioner_a)
    url = page(case)
    client.get(url)
    # The child page's contacts sections are cached (casework/fragments.py): each read
    # here renders them afresh, the costlier case.
    cache.clear()
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(20):
        contact = ContactFactory(case=case)
        services.contact_amend(
            actor=world.practitioner_a, contact=contact, reason="typo", note="corrected"
        )
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_add_a_child_then_open_a_strengthening_families_case(world, client_for):
    client = client_for(world.practitioner_a)
    response = client.post(
        reverse("casework:child_create"),
        {
            "community": world.community_a.pk,
            "given_name": "Synthetic",
            "family_name": "Newchild",
            "date_of_birth": "2019-03-04",
            "gender": "female",
            "aboriginal_status": "aboriginal",
            "residence": "in_community",
        },
    )
    assert response.status_code == 302
    open_url = response["Location"]
    typed = {
        "kind": "strengthening_families",
        "practitioner": world.practitioner_a.pk,
        "opened_on": TODAY.isoformat(),
        "parents_agreed_on": TODAY.isoformat(),
        "level": "very_high",
        "safety_threats": "Violence in the home",
    }
    refused = client.post(open_url, typed).content.decode()
    assert "safely remain at home" in refused
    assert "Violence in the home" in refused  # kept
    typed["safe_at_home_judgement"] = "Grandmother moved in; safety plan agreed."
    assert client.post(open_url, typed).status_code == 302
    with scopes_disabled():
        case = Case.objects.get(child__family_name="Newchild")
    assert case.risk_level == "very_high"
    assert case.kind == Case.Kind.STRENGTHENING_FAMILIES


def test_add_child_offers_only_the_users_communities(world, client_for):
    html = client_for(world.practitioner_a).get(reverse("casework:child_create")).content.decode()
    assert "Wadeye" in html
    assert "Yuendumu" not in html
    response = client_for(world.practitioner_a).post(
        reverse("casework:child_create"),
        {"community": world.community_b.pk, "given_name": "X", "family_name": "Y"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_team_caseload_pages_keep_the_filters(world, client_for, monkeypatch):
    monkeypatch.setattr(caseload_views, "TEAM_CASELOAD_PAGE_SIZE", 2)
    _make_cases(world, 5)
    client = client_for(world.teamleader_a)
    url = reverse("casework:team_caseload")
    first = client.get(url, {"sort": "opened"})
    assert len(first.context["cases"]) == 2
    html = first.content.decode()
    assert "5 cases, page 1 of 3." in html
    assert 'href="?sort=opened&amp;page=2"' in html
    last = client.get(url, {"sort": "opened", "page": 3})
    assert len(last.context["cases"]) == 1
    # Every case appears on exactly one page, in the chosen order.
    seen = [
        case.pk
        for n in (1, 2, 3)
        for case in client.get(url, {"sort": "opened", "page": n}).context["cases"]
    ]
    assert len(seen) == len(set(seen)) == 5
    # The summary still counts every open case, not only the page's.
    assert sum(row.open_cases for row in first.context["summary"]) == 5


def test_opening_a_case_whose_first_assessment_is_refused_leaves_no_case(world, client_for):
    child = ChildFactory(community=world.community_a)
    today = timezone.localdate()
    response = client_for(world.practitioner_a).post(
        reverse("casework:case_open", kwargs={"child_id": child.pk}),
        {
            "kind": Case.Kind.IN_CARE,
            "practitioner": world.practitioner_a.pk,
            "team_leader": "",
            "opened_on": today.isoformat(),
            "level": "high",
            "assessed_on": today.isoformat(),
            # Before the assessment itself: the assessment service refuses it.
            "next_reassessment_due_on": (today - datetime.timedelta(days=1)).isoformat(),
            "safety_threats": "Carer unwell",
        },
    )
    assert response.status_code == 200
    assert b"Carer unwell" in response.content  # what was typed is still there
    with scopes_disabled():
        assert not Case.objects.filter(child=child).exists()


def test_child_page_shows_the_latest_contacts_and_links_to_the_whole_history(world, client_for):

    case = overdue_case(world)
    now = timezone.now()
    total = CONTACT_HISTORY_PAGE_SIZE + 5
    contacts = [
        ContactFactory(case=case, occurred_at=now - datetime.timedelta(days=total - i))
        for i in range(total)
    ]
    newest, oldest = contacts[-1], contacts[0]
    client = client_for(world.practitioner_a)

    page = client.get(reverse("casework:child_detail", args=[case.child_id])).content.decode()
    assert page.count('class="card" id="contact-') == CHILD_PAGE_CONTACTS
    assert f'id="contact-{newest.pk}"' in page
    assert f'id="contact-{oldest.pk}"' not in page
    history_url = reverse("casework:case_contacts", args=[case.pk])
    assert f"The latest {CHILD_PAGE_CONTACTS} of {total} contacts." in page
    assert f'href="{history_url}"' in page

    first = client.get(history_url).content.decode()
    assert first.count('class="card" id="contact-') == CONTACT_HISTORY_PAGE_SIZE
    assert f'id="contact-{newest.pk}"' in first
    assert f"{total} contacts, newest first; page 1 of 2." in first
    second = client.get(history_url, {"page": 2}).content.decode()
    assert second.count('class="card" id="contact-') == 5
    assert f'id="contact-{oldest.pk}"' in second
    with scopes_disabled():
        reads = AuditEvent.objects.filter(
            action=AuditEvent.Action.READ, child_id=case.child_id, actor=world.practitioner_a
        ).count()
    assert reads == 3  # the child page and two pages of its contact history


def test_child_page_links_the_contact_history_once_there_is_a_contact(world, client_for):
    # Issue #21: on a phone the contact history is one tap from the case, however few.
    case = overdue_case(world)
    client = client_for(world.practitioner_a)
    url = reverse("casework:child_detail", args=[case.child_id])
    history_link = f'href="{reverse("casework:case_contacts", args=[case.pk])}"'
    assert history_link not in client.get(url).content.decode()
    ContactFactory(case=case)
    assert history_link in client.get(url).content.decode()


def test_child_page_on_a_phone_leads_with_status_and_log_a_contact(world, client_for):
    case = overdue_case(world)
    ContactFactory(case=case, kind="phone")
    page = (
        client_for(world.practitioner_a)
        .get(reverse("casework:child_detail", args=[case.child_id]))
        .content.decode()
    )
    log = page.index(f'id="log-contact-{case.pk}"')
    assert log < page.index('id="open-case"')
    assert log < page.index("<h3>Care plan</h3>")
    assert "No face-to-face contact since" in page
    assert "Starts at now" not in page
