"""Free text that leaves a community names none of its children or family members."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from casework.models import FamilyMember
from core.free_text import WITHHELD, Person, identifying_words
from escalations import services
from escalations.models import Escalation
from escalations.selectors import regional_escalations
from oversight.quarters import Quarter
from oversight.report import report_figures
from oversight.report_print import checked_for_print, render_report_html

from ..factories import ChildFactory, EscalationFactory, FamilyFactory, ThemeFactory

BORN = datetime.date(2015, 4, 3)
PEOPLE = [
    Person(names=("Jo", "Zoë"), family_name="Pellandra", date_of_birth=BORN),
    Person(names=("Mary Anne",), family_name="Ng"),
]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Jo Pellandra needs a house", ["Jo Pellandra"]),
        ("ZOE was not at school", ["ZOE"]),
        ("zoë", ["zoë"]),
        ("the pellandra household", ["pellandra"]),
        ("mary anne and her aunt", ["mary anne"]),
        ("born 3/4/2015", ["3/4/2015"]),
        ("born 03/04/2015.", ["03/04/2015"]),
        ("2015-04-03", ["2015-04-03"]),
        ("3 April 2015", ["3 April 2015"]),
        ("3rd of Apr 2015", ["3rd of Apr 2015"]),
        ("April 3, 2015", ["April 3, 2015"]),
        ("3.4.15", ["3.4.15"]),
    ],
)
def test_names_and_dates_of_birth_are_found_as_typed(text, found):
    assert identifying_words(text, PEOPLE) == found


@pytest.mark.parametrize(
    "text",
    [
        "Jo and the youth workers",  # a short name alone is too often another word
        "A job for Jon",
        "Mary came",  # a part of a two-word name
        "Zoetrope and Pellandrax",  # whole words only
        "Ng",  # a short family name alone
        "13/04/2015 and 2015-04-13",
        "The school needs a second attendance officer.",
    ],
)
def test_other_words_and_dates_pass(text):
    assert identifying_words(text, PEOPLE) == []


def _people(world):
    ChildFactory(
        community=world.community_a,
        given_name="Kirra",
        family_name="Pellandra",
        date_of_birth=BORN,
    )
    family = FamilyFactory(community=world.community_a, name="Tjungurrayi family")
    FamilyMember.objects.create(
        family=family,
        community=world.community_a,
        person_name="Ruby Napurrula",
        relationship=FamilyMember.Relationship.CARER,
    )
    return ThemeFactory(community=world.community_a)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "text", "words"),
    [
        ("requested_action", "Housing for Kirra, born 3 April 2015.", ["Kirra", "3 April 2015"]),
        ("requested_action", "The Tjungurrayi household needs help", ["Tjungurrayi"]),
        ("body", "Ruby Napurrula's clinic", ["Ruby Napurrula"]),
    ],
)
def test_an_escalation_naming_a_person_is_refused_with_the_words(world, field, text, words):
    theme = _people(world)
    fields = {"body": "Regional office", "requested_action": "A second officer."}
    fields[field] = text
    with pytest.raises(ValidationError) as refused:
        services.escalation_raise(
            actor=world.coordinator_a, theme=theme, level=Escalation.Level.REGIONAL, **fields
        )
    message = " ".join(refused.value.message_dict[field])
    for word in words:
        assert f"“{word}”" in message
    with scopes_disabled():
        assert not Escalation.objects.exists()


@pytest.mark.django_db
def test_another_communitys_names_are_not_checked_against_this_one(world):
    theme = _people(world)
    ChildFactory(community=world.community_b, given_name="Wirrpanda")
    escalation = services.escalation_raise(
        actor=world.coordinator_a,
        theme=theme,
        level=Escalation.Level.REGIONAL,
        body="Regional office",
        requested_action="Ask Wirrpanda Street clinic for a nurse.",
    )
    assert escalation.pk


@pytest.mark.django_db
def test_a_response_naming_a_person_is_refused(world):
    theme = _people(world)
    escalation = EscalationFactory(theme=theme, level=Escalation.Level.REGIONAL)
    with pytest.raises(ValidationError) as refused:
        services.escalation_response_add(
            actor=world.coordinator_a,
            escalation=escalation,
            responded_on=escalation.raised_on,
            summary="They will see kirra pellandra next week",
        )
    assert "kirra pellandra" in " ".join(refused.value.message_dict["summary"])


@pytest.mark.django_db
def test_the_page_shows_the_refusal_beside_the_field_and_keeps_the_text(world, client_for):
    theme = _people(world)
    client = client_for(world.coordinator_a)
    response = client.post(
        reverse("escalations:escalation_create"),
        {
            "theme": theme.pk,
            "level": "regional",
            "body": "Regional office",
            "requested_action": "Kirra needs a house",
            "raised_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Take out: “Kirra”" in body and "Kirra needs a house" in body


@pytest.mark.django_db
def test_the_api_answers_400_naming_the_words(world, client_for):
    theme = _people(world)
    client = client_for(world.coordinator_a)
    response = client.post(
        reverse("escalation-list"),
        {
            "theme": theme.pk,
            "level": "regional",
            "body": "Regional office",
            "requested_action": "For Kirra Pellandra 03/04/2015",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Kirra Pellandra" in response.json()["errors"]["requested_action"][0]


QUARTER = Quarter.parse("2026-27 Q2")


@pytest.mark.django_db
def test_the_report_prints_no_text_that_names_a_person_even_if_saved_before(world):
    theme = _people(world)
    # Saved before the check existed (straight to the database), and a name added since.
    EscalationFactory(
        theme=theme,
        level=Escalation.Level.REGIONAL,
        raised_on=QUARTER.start,
        requested_action="Housing for Kirra Pellandra",
    )
    later = EscalationFactory(
        theme=theme,
        level=Escalation.Level.REGIONAL,
        raised_on=QUARTER.start,
        requested_action="Help for Bindi",
    )
    figures = report_figures(QUARTER)
    printed = [row["requested_action"] for row in figures["regional_escalations"]]
    assert printed == [WITHHELD, "Help for Bindi"]
    assert "Kirra" not in str(figures)
    ChildFactory(community=world.community_a, given_name="Bindi")
    html = render_report_html(figures, version=1, generated_at=timezone.now())
    assert "Bindi" not in html and "[withheld: names a person]" in html
    assert checked_for_print(figures)["regional_escalations"][1]["requested_action"] == WITHHELD
    assert later.requested_action == "Help for Bindi"


@pytest.mark.django_db
def test_the_regional_list_withholds_text_that_names_a_person(world):
    theme = _people(world)
    EscalationFactory(theme=theme, level=Escalation.Level.REGIONAL, body="Kirra's school")
    (row,) = regional_escalations()
    assert row["body"] == WITHHELD
