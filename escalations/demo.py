"""Demo themes, a leaders' meeting and escalations at all three levels (synthetic only)."""

import datetime

from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from casework.models import Child, Family

from . import services
from .models import Escalation, Theme


def _links(community, actor_slug) -> tuple[list[int], list[int]]:
    """Two or more existing children or families of the community, or synthetic households."""
    with scopes_disabled():
        children = list(
            Child.objects.filter(community=community)
            .order_by("id")
            .values_list("pk", flat=True)[:3]
        )
        families = list(
            Family.objects.filter(community=community)
            .order_by("id")
            .values_list("pk", flat=True)[:2]
        )
    while len(children) + len(families) < services.MIN_THEME_LINKS:
        family = Family.objects.create(
            community=community,
            name=f"Synthetic household {actor_slug}-{len(families) + 1}",
        )
        families.append(family.pk)
    return children, families


def seed(context) -> None:
    today = context.today
    wadeye = context.communities["wadeye"]
    yuendumu = context.communities["yuendumu"]
    coordinator = context.users["coordinator.wadeye"]
    # Linking children to a theme is casework staff's: the coordinator sees a count only.
    teamleader_w = context.users["teamleader.wadeye"]
    teamleader_y = context.users["teamleader.yuendumu"]

    children, families = _links(wadeye, "wadeye")
    school = services.theme_create(
        actor=teamleader_w,
        community=wadeye,
        title=_("Children missing school after community unrest"),
        category=Theme.Category.SCHOOL_ENGAGEMENT,
        description="Several children have stopped attending since the unrest in town camps.",
        identified_on=today - datetime.timedelta(days=70),
        child_ids=children,
        family_ids=families,
    )
    housing = services.theme_create(
        actor=teamleader_w,
        community=wadeye,
        title=_("Overcrowded housing"),
        category=Theme.Category.HOUSING,
        description="Households of 15 or more people; children sleeping in shifts.",
        identified_on=today - datetime.timedelta(days=40),
        child_ids=children,
        family_ids=families,
    )
    children_y, families_y = _links(yuendumu, "yuendumu")
    food = services.theme_create(
        actor=teamleader_y,
        community=yuendumu,
        title=_("Food running out before payday"),
        category=Theme.Category.FOOD_SECURITY,
        description="Store prices and payment timing leave families without food for days.",
        identified_on=today - datetime.timedelta(days=55),
        child_ids=children_y,
        family_ids=families_y,
    )

    meeting = services.leaders_meeting_create(
        actor=coordinator,
        community=wadeye,
        held_on=today - datetime.timedelta(days=30),
        discussion="Elders and the school spoke about why children stay home.",
        responses_agreed="Elders walk with children to school on Mondays; a bus from the "
        "outstations twice a week, run by the ACCO.",
        attendee_people="Elder A. Demo\nElder B. Demo\nSchool principal (demo)",
        attendee_organisations=[
            context.organisations["Thamarrurr Family Support (demo ACCO)"],
            context.organisations["Department of Education (demo)"],
        ],
        theme_ids=[school.pk, housing.pk],
    )
    services.meeting_action_add(
        actor=coordinator,
        meeting=meeting,
        description="Arrange the outstation bus with the ACCO",
        owner="Thamarrurr Family Support",
        due_on=today + datetime.timedelta(days=14),
    )
    done = services.meeting_action_add(
        actor=coordinator,
        meeting=meeting,
        description="Roster elders for Monday walks",
        owner="Elder A. Demo",
        due_on=today - datetime.timedelta(days=10),
    )
    services.meeting_action_mark_done(
        actor=coordinator, action=done, done_on=today - datetime.timedelta(days=12)
    )

    programmatic = services.escalation_raise(
        actor=coordinator,
        theme=school,
        level=Escalation.Level.PROGRAMMATIC,
        body="School attendance program (demo)",
        requested_action="An Aboriginal attendance officer for the primary school.",
        raised_on=today - datetime.timedelta(days=60),
    )
    services.escalation_change_status(
        actor=coordinator,
        escalation=programmatic,
        status=Escalation.Status.ACKNOWLEDGED,
        on=today - datetime.timedelta(days=50),
    )
    services.escalation_response_add(
        actor=coordinator,
        escalation=programmatic,
        responded_on=today - datetime.timedelta(days=50),
        summary="Position approved for next term.",
    )
    services.escalation_change_status(
        actor=coordinator,
        escalation=programmatic,
        status=Escalation.Status.RESOLVED,
        on=today - datetime.timedelta(days=20),
    )
    services.escalation_raise(
        actor=coordinator,
        theme=housing,
        level=Escalation.Level.COMMUNITY,
        body="Thamarrurr Regional Council (demo)",
        requested_action="Prioritise repairs to the three most crowded houses.",
        raised_on=today - datetime.timedelta(days=35),
    )
    regional = services.escalation_raise(
        actor=coordinator,
        theme=housing,
        level=Escalation.Level.REGIONAL,
        body="Territory Families, Housing and Communities, regional office (demo)",
        requested_action="Bring forward the remote housing build for Wadeye.",
        raised_on=today - datetime.timedelta(days=25),
    )
    services.escalation_change_status(
        actor=coordinator,
        escalation=regional,
        status=Escalation.Status.ACKNOWLEDGED,
        on=today - datetime.timedelta(days=18),
    )
    services.escalation_change_status(
        actor=coordinator,
        escalation=regional,
        status=Escalation.Status.IN_PROGRESS,
        on=today - datetime.timedelta(days=10),
    )
    services.escalation_response_add(
        actor=coordinator,
        escalation=regional,
        responded_on=today - datetime.timedelta(days=10),
        summary="Build schedule under review; answer due next month.",
    )
    # Left unacknowledged past the period, so it shows as overdue.
    services.escalation_raise(
        actor=teamleader_y,
        theme=food,
        level=Escalation.Level.REGIONAL,
        body="NT Government store pricing taskforce (demo)",
        requested_action="Review store prices and payday timing for Yuendumu.",
        raised_on=today - datetime.timedelta(days=30),
    )
