"""Exports of a team's caseload and a case's contacts: scope, audit, streaming, formulas."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from casework.exports import neutralise
from casework.models import ContactAmendment, ContactKind
from tests.factories import CaseFactory, ChildFactory, ContactFactory

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db

TEAM_URL = reverse("casework:team_caseload_export")
API_TEAM_URL = reverse("team-caseload-export")


def rows_of(response) -> list[dict]:
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def team_case(world, which="a", **kwargs):
    community = world.community_a if which == "a" else world.community_b
    return CaseFactory(
        child__community=community,
        practitioner=world.users[f"practitioner_{which}"],
        team_leader=world.users[f"teamleader_{which}"],
        **kwargs,
    )


def contacts_url(case, api=False):
    if api:
        return reverse("case-contacts-export", kwargs={"pk": case.pk})
    return reverse("casework:case_contacts_export", kwargs={"case_id": case.pk})


@pytest.mark.parametrize("value", ["=1+1", "+61 8 8999", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_stays_text(value):
    assert neutralise(value) == f"'{value}"


@pytest.mark.parametrize(
    ("value", "cell"),
    [("Visited", "Visited"), (None, ""), (True, "yes"), (7, "7"), ("a=b", "a=b")],
)
def test_other_cells_are_written_as_they_are(value, cell):
    assert neutralise(value) == cell


def test_a_team_leader_exports_their_teams_caseload_and_nothing_else(world, client_for):
    mine = [team_case(world) for _ in range(3)]
    team_case(world, "b")  # could leak: another community's case
    response = client_for(world.teamleader_a).get(TEAM_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="team-caseload-')
    assert "no-store" in response["Cache-Control"]
    # Audited with every id before the first row is read.
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert sorted(event.detail["case_ids"]) == sorted(case.pk for case in mine)
    assert sorted(event.detail["child_ids"]) == sorted(case.child_id for case in mine)
    assert event.actor == world.teamleader_a
    assert event.community_id == world.community_a.pk
    # The rows are read after the request's fence closed: the stream opens it again.
    rows = rows_of(response)
    assert sorted(int(row["case_id"]) for row in rows) == sorted(case.pk for case in mine)
    assert {row["community"] for row in rows} == {"Wadeye"}


def test_the_export_follows_the_pages_filters(world, client_for):
    overdue = team_case(world, opened_on=timezone.localdate() - datetime.timedelta(days=60))
    team_case(world)
    response = client_for(world.teamleader_a).get(TEAM_URL, {"status": "overdue"})
    rows = rows_of(response)
    assert [int(row["case_id"]) for row in rows] == [overdue.pk]
    assert rows[0]["contact_status"] == "overdue"


def test_practitioners_cannot_export_the_team_caseload(world, client_for):
    team_case(world)
    assert client_for(world.practitioner_a).get(TEAM_URL).status_code == 403
    assert client_for(world.practitioner_a).get(API_TEAM_URL).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_formulas_typed_into_records_leave_as_text(world, client_for):
    child = ChildFactory(community=world.community_a, given_name='=HYPERLINK("x")')
    case = CaseFactory(
        child=child, practitioner=world.practitioner_a, team_leader=world.teamleader_a
    )
    ContactFactory(case=case, note="@SUM(A1:A9)", who_was_seen="+carer", location="-camp")
    client = client_for(world.teamleader_a)
    [row] = rows_of(client.get(TEAM_URL))
    assert row["child_name"] == '\'=HYPERLINK("x") Demo-Child'
    [contact] = rows_of(client.get(contacts_url(case)))
    assert (contact["note"], contact["who_was_seen"], contact["location"]) == (
        "'@SUM(A1:A9)",
        "'+carer",
        "'-camp",
    )


def test_a_cases_contacts_oldest_first_as_they_read_after_corrections(world, client_for):
    case = team_case(world)
    now = timezone.now()
    older = ContactFactory(case=case, occurred_at=now - datetime.timedelta(days=9))
    newer = ContactFactory(
        case=case, occurred_at=now - datetime.timedelta(days=2), kind=ContactKind.PHONE
    )
    ContactAmendment.objects.create(
        community=case.community,
        contact=older,
        amended_by=world.practitioner_a,
        reason="Typo",
        previous_values={"note": "x"},
    )
    ContactFactory(case=team_case(world, "b"))  # could leak
    response = client_for(world.teamleader_a).get(contacts_url(case))
    assert response.status_code == 200
    rows = rows_of(response)
    assert [int(row["contact_id"]) for row in rows] == [older.pk, newer.pk]
    assert [row["version"] for row in rows] == ["2", "1"]
    assert rows[1]["kind"] == "Phone"
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.detail == {
        "what": "case_contacts_csv",
        "case_id": case.pk,
        "contact_ids": [older.pk, newer.pk],
    }
    assert event.child_id == case.child_id


@pytest.mark.parametrize("api", [False, True])
def test_a_cases_contacts_only_within_scope(world, client_for, api):
    foreign = team_case(world, "b")
    ContactFactory(case=foreign)
    assert client_for(world.teamleader_a).get(contacts_url(foreign, api)).status_code == 404
    own = team_case(world)
    assert client_for(world.practitioner_a).get(contacts_url(own, api)).status_code == 403
    assert client_for(world.coordinator_a).get(contacts_url(own, api)).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()
    response = client_for(world.teamleader_a).get(contacts_url(own, api))
    assert response.status_code == 200 and rows_of(response) == []


def test_the_api_streams_the_same_rows_as_the_page(world, client_for):
    for _ in range(2):
        team_case(world)
    client = client_for(world.teamleader_a)
    page = rows_of(client.get(TEAM_URL))
    api = rows_of(client.get(API_TEAM_URL, HTTP_ACCEPT="text/csv"))
    assert api == page
    exports = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).order_by("id")
    assert [e.detail["what"] for e in exports] == [
        "team_caseload_csv",
        "api_team_caseload_csv",
    ]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        rows_of(response)
    return len(queries)


@pytest.mark.parametrize("kind", ["caseload", "contacts"])
def test_an_export_reads_in_a_fixed_number_of_queries(world, client_for, kind):
    client = client_for(world.teamleader_a)
    case = team_case(world)
    ContactFactory(case=case)
    url = TEAM_URL if kind == "caseload" else contacts_url(case)
    one = _queries(client, url)
    for _ in range(12):
        other = team_case(world)
        contact = ContactFactory(case=case if kind == "contacts" else other)
        with scopes_disabled():
            ContactAmendment.objects.create(
                community=case.community,
                contact=contact,
                amended_by=world.practitioner_a,
                reason="Typo",
                previous_values={},
            )
    assert _queries(client, url) == one


def test_the_pages_link_to_their_exports_for_team_leaders(world, client_for):
    case = team_case(world)
    url = reverse("casework:case_contacts", kwargs={"case_id": case.pk})
    leader = client_for(world.teamleader_a)
    team = leader.get(reverse("casework:team_caseload"), {"status": "overdue"})
    assert f'href="{TEAM_URL}?status=overdue"' in team.content.decode()
    assert contacts_url(case).encode() in leader.get(url).content
    practitioner = client_for(world.practitioner_a)
    assert contacts_url(case).encode() not in practitioner.get(url).content
