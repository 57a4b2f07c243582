"""Synthetic themes, leaders' meetings and escalations for ``manage.py generate_load_data``.

Called by casework's generator once children, families and staff exist. Per community:
about one theme for every 40 children, each linked to two to five of the community's own
children and usually one family (the rule the service enforces: two links or more); a
leaders' meeting for about every two themes; escalations on about 60% of themes at the
three levels, with their status dates and the bodies' responses kept consistent with the
model's constraints. Bulk inserts; every row's community is the community of its theme.
"""

import datetime
from collections import defaultdict

from casework.models import Family

from .models import Escalation, EscalationResponse, LeadersMeeting, MeetingAction, Theme, ThemeLink

CHILDREN_PER_THEME = 40
BATCH = 5000
BODIES = {
    Escalation.Level.PROGRAMMATIC: ["School attendance program", "Youth diversion program"],
    Escalation.Level.COMMUNITY: ["Local decision-making body", "Community housing committee"],
    Escalation.Level.REGIONAL: ["Regional Oversight Group", "NT Government agency head"],
}
TITLES = {
    Theme.Category.FAMILY_VIOLENCE: "Family violence after paydays",
    Theme.Category.SCHOOL_ENGAGEMENT: "Children missing school",
    Theme.Category.HOUSING: "Overcrowded housing",
    Theme.Category.ALCOHOL_AND_OTHER_DRUGS: "Grog running into the community",
    Theme.Category.YOUTH_JUSTICE: "Young people out at night",
    Theme.Category.HEALTH: "Ear infections untreated",
    Theme.Category.FOOD_SECURITY: "Food running out before payday",
    Theme.Category.OTHER: "Other worry seen across families",
}


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def generate(context) -> None:
    rng, today = context.rng, context.today
    children_by_community: dict[int, list[int]] = defaultdict(list)
    for _case_id, community_id, child_id in context.cases:
        children_by_community[community_id].append(child_id)
    families_by_community: dict[int, list[int]] = defaultdict(list)
    for family_id, community_id in Family.objects.filter(
        community_id__in=list(children_by_community)
    ).values_list("id", "community_id"):
        families_by_community[community_id].append(family_id)
    span = 365 * context.years

    themes: list[Theme] = []
    for community_id, children in children_by_community.items():
        if len(children) < 2:
            continue
        staff = context.team_leaders[community_id]
        for _ in range(max(1, len(children) // CHILDREN_PER_THEME)):
            category = rng.choice(list(Theme.Category.values))
            identified_on = today - _days(rng.randrange(10, span))
            closed = rng.random() < 0.3
            themes.append(
                Theme(
                    community_id=community_id,
                    title=TITLES[category],
                    category=category,
                    description="Synthetic theme seen across several children.",
                    identified_on=identified_on,
                    status=Theme.Status.CLOSED
                    if closed
                    else rng.choice([Theme.Status.OPEN, Theme.Status.MONITORING]),
                    closed_on=min(today, identified_on + _days(rng.randrange(30, 400)))
                    if closed
                    else None,
                    created_by_id=rng.choice(staff),
                )
            )
    Theme.objects.bulk_create(themes, batch_size=BATCH)

    links = []
    for theme in themes:
        children = children_by_community[theme.community_id]
        links.extend(
            ThemeLink(community_id=theme.community_id, theme=theme, child_id=child_id)
            for child_id in rng.sample(children, min(len(children), rng.randrange(2, 6)))
        )
        families = families_by_community[theme.community_id]
        if families and rng.random() < 0.7:
            links.append(
                ThemeLink(
                    community_id=theme.community_id, theme=theme, family_id=rng.choice(families)
                )
            )
    ThemeLink.objects.bulk_create(links, batch_size=BATCH)

    # Leaders' meetings: one for about every two themes of a community.
    by_community: dict[int, list[Theme]] = defaultdict(list)
    for theme in themes:
        by_community[theme.community_id].append(theme)
    meetings, meeting_themes = [], []
    for community_id, community_themes in by_community.items():
        for i in range(0, len(community_themes), 2):
            pair = community_themes[i : i + 2]
            held_on = min(today, max(t.identified_on for t in pair) + _days(rng.randrange(5, 60)))
            meetings.append(
                LeadersMeeting(
                    community_id=community_id,
                    held_on=held_on,
                    attendee_people="Elder (synthetic)\nSchool principal (synthetic)",
                    discussion="Synthetic discussion of the themes.",
                    responses_agreed="Synthetic place-based response.",
                    created_by_id=pair[0].created_by_id,
                )
            )
            meeting_themes.append(pair)
    LeadersMeeting.objects.bulk_create(meetings, batch_size=BATCH)
    Through = LeadersMeeting.themes.through  # noqa: N806
    Through.objects.bulk_create(
        [
            Through(leadersmeeting_id=meeting.pk, theme_id=theme.pk)
            for meeting, pair in zip(meetings, meeting_themes, strict=True)
            for theme in pair
        ],
        batch_size=BATCH,
    )
    MeetingAction.objects.bulk_create(
        [
            MeetingAction(
                community_id=meeting.community_id,
                meeting=meeting,
                description="Synthetic agreed action",
                owner="Synthetic ACCO",
                due_on=meeting.held_on + _days(14),
                done_on=meeting.held_on + _days(10) if rng.random() < 0.6 else None,
            )
            for meeting in meetings
        ],
        batch_size=BATCH,
    )

    # Escalations at the three levels on about 60% of themes, with responses.
    escalations = []
    for theme in themes:
        if rng.random() >= 0.6:
            continue
        level = rng.choices(list(Escalation.Level.values), weights=[5, 3, 2])[0]
        raised_on = min(today, theme.identified_on + _days(rng.randrange(7, 90)))
        status = rng.choices(list(Escalation.Status.values), weights=[2, 2, 2, 3, 1])[0]
        acknowledged_on = (
            None if status == Escalation.Status.RAISED else raised_on + _days(rng.randrange(1, 30))
        )
        closed_on = (
            acknowledged_on + _days(rng.randrange(10, 200))
            if status in (Escalation.Status.RESOLVED, Escalation.Status.DECLINED)
            else None
        )
        escalations.append(
            Escalation(
                community_id=theme.community_id,
                theme=theme,
                level=level,
                body=rng.choice(BODIES[level]),
                requested_action="Synthetic systemic change asked for.",
                raised_on=raised_on,
                status=status,
                acknowledged_on=acknowledged_on,
                closed_on=closed_on,
                raised_by_id=theme.created_by_id,
            )
        )
    Escalation.objects.bulk_create(escalations, batch_size=BATCH)
    responses = []
    for escalation in escalations:
        if escalation.acknowledged_on is None:
            continue
        responses.extend(
            EscalationResponse(
                community_id=escalation.community_id,
                escalation=escalation,
                responded_on=escalation.acknowledged_on + _days(7 * k),
                summary="Synthetic response from the body.",
                recorded_by_id=escalation.raised_by_id,
            )
            for k in range(rng.randrange(1, 3))
        )
    EscalationResponse.objects.bulk_create(responses, batch_size=BATCH)
