"""Correcting a child's details: the history kept, the dates refused, and the six-week rule
switching to the return-visit rule (and back) from the day the child moved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from casework import rules, services
from casework.contact_due import case_refresh_contact_due
from casework.models import Case, Child, ContactKind, RecordChange
from tests.factories import CaseFactory, ChildFactory, ContactFactory, ReturnVisitFactory

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def darwin(day, hour=12, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def recorded_days_ago(child, n):
    with scopes_disabled():
        Child.objects.filter(pk=child.pk).update(created_at=darwin(days_ago(n)))
        child.refresh_from_db()
    return child


def in_care(world, **child):
    case = CaseFactory(
        child__community=world.community_a,
        practitioner=world.practitioner_a,
        kind=Case.Kind.IN_CARE,
        opened_on=days_ago(100),
        **{f"child__{k}": v for k, v in child.items()},
    )
    recorded_days_ago(case.child, 100)
    return case


def refreshed(case):
    with scopes_disabled():
        case.refresh_from_db()
        case.child.refresh_from_db()
    return case


def test_a_correction_keeps_the_earlier_values_who_and_why(world):
    child = ChildFactory(community=world.community_a, given_name="Jon", alternative_names="")
    services.child_update(
        actor=world.practitioner_a,
        child=child,
        given_name="John",
        alternative_names="Jonno, Johnny",
        reason="Spelling confirmed with his grandmother",
    )
    with scopes_disabled():
        change = RecordChange.objects.get(child=child)
    assert change.record_type == "casework.child"
    assert change.changed_by == world.practitioner_a
    assert change.reason == "Spelling confirmed with his grandmother"
    assert change.previous_values == {"given_name": "Jon", "alternative_names": ""}
    assert change.new_values == {"given_name": "John", "alternative_names": "Jonno, Johnny"}


def test_a_correction_needs_a_reason_and_nothing_is_saved_without_one(world):
    child = ChildFactory(community=world.community_a, given_name="Jon")
    with pytest.raises(ValidationError) as error:
        services.child_update(
            actor=world.practitioner_a, child=child, given_name="John", reason=" "
        )
    assert "reason" in error.value.message_dict
    with scopes_disabled():
        assert Child.objects.get(pk=child.pk).given_name == "Jon"
        assert not RecordChange.objects.exists()


def test_nothing_changed_keeps_no_history(world):
    child = ChildFactory(community=world.community_a, given_name="Jon")
    services.child_update(actor=world.practitioner_a, child=child, given_name="Jon", reason="")
    with scopes_disabled():
        assert not RecordChange.objects.exists()


def test_date_of_birth_today_is_accepted_tomorrow_refused(world):
    child = ChildFactory(community=world.community_a)
    services.child_update(actor=world.practitioner_a, child=child, date_of_birth=TODAY, reason="r")
    with pytest.raises(ValidationError) as error:
        services.child_update(
            actor=world.practitioner_a,
            child=child,
            date_of_birth=TODAY + datetime.timedelta(days=1),
            reason="r",
        )
    assert "date_of_birth" in error.value.message_dict


def test_a_move_dated_before_the_record_is_refused_on_the_day_accepted(world):
    child = recorded_days_ago(ChildFactory(community=world.community_a), 10)
    with pytest.raises(ValidationError) as error:
        services.child_update(
            actor=world.practitioner_a,
            child=child,
            residence=Child.Residence.ELSEWHERE_NT,
            residence_changed_on=days_ago(11),
            reason="Moved to Darwin",
        )
    assert "residence_changed_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.child_update(
            actor=world.practitioner_a,
            child=child,
            residence=Child.Residence.ELSEWHERE_NT,
            residence_changed_on=TODAY + datetime.timedelta(days=1),
            reason="Moved to Darwin",
        )
    services.child_update(
        actor=world.practitioner_a,
        child=child,
        residence=Child.Residence.ELSEWHERE_NT,
        residence_changed_on=days_ago(10),
        reason="Moved to Darwin",
    )
    with scopes_disabled():
        child.refresh_from_db()
    assert child.residence_changed_on == days_ago(10)
    assert child.contact_rule_since is None  # still in the NT: the six weeks run on


def test_moving_to_boarding_school_switches_to_the_return_visit_rule_and_back(world):
    case = in_care(world)
    ContactFactory(
        case=case, kind=ContactKind.FACE_TO_FACE_PRACTITIONER, occurred_at=darwin(days_ago(90))
    )
    services.child_update(
        actor=world.practitioner_a,
        child=case.child,
        residence=Child.Residence.BOARDING_SCHOOL_INTERSTATE,
        residence_changed_on=days_ago(80),
        reason="Started boarding school in Adelaide",
    )
    case = refreshed(case)
    assert case.child.contact_rule_since == days_ago(80)
    assert case.next_contact_due_on is None  # nothing due until a return visit
    # Back in the NT 5 days ago: six weeks from the day they came back, not from 90 days ago.
    services.child_update(
        actor=world.practitioner_a,
        child=case.child,
        residence=Child.Residence.IN_COMMUNITY,
        residence_changed_on=days_ago(5),
        reason="Back home for good",
    )
    case = refreshed(case)
    assert case.next_contact_due_on == days_ago(5) + rules.SIX_WEEKS
    assert case.contact_status(TODAY) == rules.ContactStatus.ON_TRACK


def _interstate_case_with_visit(world, starts, ends):
    case = in_care(world, residence=Child.Residence.INTERSTATE)
    ReturnVisitFactory(case=case, starts_on=starts, ends_on=ends)
    # As the return-visit service would: the visit sets when the child is next due.
    with scopes_disabled():
        case_refresh_contact_due(case)
    return case


@pytest.mark.parametrize(
    ("day", "hour", "minute", "counts"),
    [
        (21, 12, 0, False),  # the day before the visit
        (20, 0, 0, True),  # first minute of the first day (Darwin)
        (14, 23, 59, True),  # last minute of the last day
        (13, 0, 1, False),  # the day after
    ],
)
def test_an_unlinked_face_to_face_contact_during_a_visit_counts_for_it(
    world, day, hour, minute, counts
):
    case = _interstate_case_with_visit(world, days_ago(20), days_ago(14))
    services.contact_log(
        actor=world.practitioner_a,
        case=case,
        occurred_at=darwin(days_ago(day), hour, minute),
        kind=ContactKind.FACE_TO_FACE_PRACTITIONER,
    )
    case = refreshed(case)
    if counts:
        assert case.next_contact_due_on is None
    else:
        assert case.next_contact_due_on == days_ago(14)
        assert case.contact_status(TODAY) == rules.ContactStatus.OVERDUE


def test_a_phone_call_during_a_visit_does_not_count(world):
    case = _interstate_case_with_visit(world, days_ago(20), days_ago(14))
    services.contact_log(
        actor=world.practitioner_a,
        case=case,
        occurred_at=darwin(days_ago(17)),
        kind=ContactKind.PHONE,
    )
    assert refreshed(case).next_contact_due_on == days_ago(14)


def test_contact_counts_for_visit_rule_edges():
    start, end = datetime.date(2026, 7, 1), datetime.date(2026, 7, 3)
    judge = rules.contact_counts_for_visit
    assert judge(contact_on=start, starts_on=start, ends_on=end, linked=False)
    assert judge(contact_on=end, starts_on=start, ends_on=end, linked=False)
    assert not judge(
        contact_on=end + datetime.timedelta(days=1), starts_on=start, ends_on=end, linked=False
    )
    assert judge(
        contact_on=end + datetime.timedelta(days=1), starts_on=start, ends_on=end, linked=True
    )


def test_in_nt_rule_restarts_from_the_return_day_only_when_later():
    opened = datetime.date(2026, 1, 1)
    seen = datetime.date(2026, 3, 1)
    assert (
        rules.next_contact_due_in_nt(
            last_face_to_face_on=seen, opened_on=opened, in_nt_since=datetime.date(2026, 2, 1)
        )
        == seen + rules.SIX_WEEKS
    )
    assert (
        rules.next_contact_due_in_nt(
            last_face_to_face_on=seen, opened_on=opened, in_nt_since=datetime.date(2026, 4, 1)
        )
        == datetime.date(2026, 4, 1) + rules.SIX_WEEKS
    )


# --- the page and the API ----------------------------------------------------------------


def test_the_correction_page_keeps_what_was_typed_beside_the_refusal(world, client_for):
    child = ChildFactory(community=world.community_a, given_name="Jon")
    client = client_for(world.practitioner_a)
    url = reverse("casework:child_update", args=[child.pk])
    assert client.get(url).status_code == 200
    typed = {
        "reason": "Birth certificate",
        "given_name": "Johnathan",
        "family_name": child.family_name,
        "date_of_birth": (TODAY + datetime.timedelta(days=3)).isoformat(),
        "gender": child.gender,
        "aboriginal_status": child.aboriginal_status,
        "residence": child.residence,
    }
    response = client.post(url, typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert "cannot be in the future" in page
    assert 'value="Johnathan"' in page
    with scopes_disabled():
        assert Child.objects.get(pk=child.pk).given_name == "Jon"
    typed["date_of_birth"] = child.date_of_birth.isoformat()
    assert client.post(url, typed).status_code == 302
    history = client.get(reverse("casework:child_history", args=[child.pk])).content.decode()
    assert "Birth certificate" in history and "Johnathan" in history and "Jon" in history


def test_api_patch_corrects_a_child_with_a_reason(world, client_for):
    child = ChildFactory(community=world.community_a, given_name="Jon")
    client = client_for(world.practitioner_a)
    url = reverse("child-detail", args=[child.pk])
    refused = client.patch(url, {"given_name": "John"}, content_type="application/json")
    assert refused.status_code == 400
    assert "reason" in refused.json()["errors"]
    response = client.patch(
        url, {"given_name": "John", "reason": "Typo"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["given_name"] == "John"
    history = client.get(reverse("child-history", args=[child.pk])).json()
    assert history[0]["previous_values"] == {"given_name": "Jon"}


def test_add_a_child_preselects_no_gender_or_aboriginal_status(world, client_for):
    page = client_for(world.practitioner_a).get(reverse("casework:child_create")).content.decode()
    for name, values in (
        ("gender", Child.Gender.values),
        ("aboriginal_status", Child.AboriginalStatus.values),
    ):
        select = page.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
        assert "Choose" in select
        assert not [v for v in values if f'value="{v}" selected' in select]
