import datetime

from django_scopes import scopes_disabled

from escalations.models import Escalation, MeetingAction

from ..factories import EscalationFactory, LeadersMeetingFactory, ThemeFactory
from . import TERRITORY_WIDE, Route

# Themes and leaders' meetings are read by every community role and changed by team leaders
# and coordinators; escalations are the team leaders' and coordinators' alone. The
# Territory-wide roles have none of these: they read regional escalations, de-identified.
NOT_EDITORS = ("practitioner_a",)


def _theme(w, which):
    key = f"theme_{which}"
    if key not in w.extra:
        community = w.community_a if which == "a" else w.community_b
        w.extra[key] = ThemeFactory(community=community)
    return w.extra[key]


def _meeting(w, which):
    key = f"meeting_{which}"
    if key not in w.extra:
        community = w.community_a if which == "a" else w.community_b
        meeting = LeadersMeetingFactory(community=community)
        MeetingAction.objects.create(
            meeting=meeting,
            community=community,
            description="Talk to the school",
            owner="Coordinator",
            due_on=datetime.date(2026, 12, 1),
        )
        w.extra[key] = meeting
    return w.extra[key]


def _action_kwargs(w, which):
    meeting = _meeting(w, which)
    with scopes_disabled():
        action = MeetingAction.objects.filter(meeting=meeting).values_list("pk", flat=True)
        return {"pk": meeting.pk, "action_pk": action.first()}


def _escalation(w, which):
    key = f"escalation_{which}"
    if key not in w.extra:
        w.extra[key] = EscalationFactory(theme=_theme(w, which), level=Escalation.Level.REGIONAL)
    return w.extra[key]


THEME_READ = Route(
    allowed="practitioner_a",
    anonymous="api",
    kwargs=lambda w: {"pk": _theme(w, "a").pk},
    foreign_kwargs=lambda w: {"pk": _theme(w, "b").pk},
    everyone_in_community=True,
)

ROUTES = {
    "escalations:theme_list": Route(allowed="coordinator_a", wrong_role=TERRITORY_WIDE),
    "escalations:theme_create": Route(
        allowed="coordinator_a", wrong_role=(*NOT_EDITORS, *TERRITORY_WIDE)
    ),
    "escalations:theme_detail": Route(
        allowed="practitioner_a",
        kwargs=lambda w: {"pk": _theme(w, "a").pk},
        foreign_kwargs=lambda w: {"pk": _theme(w, "b").pk},
        everyone_in_community=True,
    ),
    "escalations:theme_update": Route(
        allowed="teamleader_a",
        kwargs=lambda w: {"pk": _theme(w, "a").pk},
        foreign_kwargs=lambda w: {"pk": _theme(w, "b").pk},
        wrong_role=NOT_EDITORS,
    ),
    "escalations:meeting_create": Route(
        allowed="coordinator_a", wrong_role=(*NOT_EDITORS, *TERRITORY_WIDE)
    ),
    "escalations:meeting_detail": Route(
        allowed="coordinator_a",
        kwargs=lambda w: {"pk": _meeting(w, "a").pk},
        foreign_kwargs=lambda w: {"pk": _meeting(w, "b").pk},
        everyone_in_community=True,
    ),
    "escalations:meeting_action_done": Route(
        allowed="coordinator_a",
        method="post",
        expect=302,
        kwargs=lambda w: _action_kwargs(w, "a"),
        foreign_kwargs=lambda w: _action_kwargs(w, "b"),
        wrong_role=NOT_EDITORS,
    ),
    "escalations:escalation_list": Route(
        allowed="teamleader_a", wrong_role=(*NOT_EDITORS, *TERRITORY_WIDE)
    ),
    "escalations:escalation_create": Route(
        allowed="coordinator_a", wrong_role=(*NOT_EDITORS, *TERRITORY_WIDE)
    ),
    "escalations:escalation_detail": Route(
        allowed="coordinator_a",
        kwargs=lambda w: {"pk": _escalation(w, "a").pk},
        foreign_kwargs=lambda w: {"pk": _escalation(w, "b").pk},
        wrong_role=NOT_EDITORS,
    ),
    # The Oversight Group and coordinators read every regional escalation (no child named).
    "escalations:regional_list": Route(
        allowed="oversight_member",
        wrong_role=("practitioner_a", "teamleader_a", "administrator"),
    ),
    "theme-list": Route(allowed="practitioner_a", anonymous="api", wrong_role=TERRITORY_WIDE),
    "theme-detail": THEME_READ,
    # Everyone who reads the theme reads its history (names only to casework staff).
    "theme-history": THEME_READ,
    "leaders-meeting-list": Route(
        allowed="coordinator_a", anonymous="api", wrong_role=TERRITORY_WIDE
    ),
    "leaders-meeting-detail": Route(
        allowed="coordinator_a",
        anonymous="api",
        kwargs=lambda w: {"pk": _meeting(w, "a").pk},
        foreign_kwargs=lambda w: {"pk": _meeting(w, "b").pk},
        everyone_in_community=True,
    ),
    "escalation-list": Route(
        allowed="teamleader_a", anonymous="api", wrong_role=(*NOT_EDITORS, *TERRITORY_WIDE)
    ),
    "escalation-detail": Route(
        allowed="teamleader_a",
        anonymous="api",
        kwargs=lambda w: {"pk": _escalation(w, "a").pk},
        foreign_kwargs=lambda w: {"pk": _escalation(w, "b").pk},
        wrong_role=NOT_EDITORS,
    ),
}


# --- API writes of the pages (issue #20) ---------------------------------------------------


def _api_write(kwargs, foreign_kwargs, allowed="coordinator_a", expect=400):
    return Route(
        allowed=allowed,
        anonymous="api",
        method="post",
        expect=expect,
        kwargs=kwargs,
        foreign_kwargs=foreign_kwargs,
        wrong_role=NOT_EDITORS,
    )


ROUTES.update(
    {
        # An empty body closes the theme.
        "theme-close": _api_write(
            lambda w: {"pk": _theme(w, "a").pk},
            lambda w: {"pk": _theme(w, "b").pk},
            allowed="teamleader_a",
            expect=200,
        ),
        "leaders-meeting-add-action": _api_write(
            lambda w: {"pk": _meeting(w, "a").pk}, lambda w: {"pk": _meeting(w, "b").pk}
        ),
        "leaders-meeting-action-done": _api_write(
            lambda w: _action_kwargs(w, "a"), lambda w: _action_kwargs(w, "b"), expect=200
        ),
        "escalation-change-status": _api_write(
            lambda w: {"pk": _escalation(w, "a").pk}, lambda w: {"pk": _escalation(w, "b").pk}
        ),
        "escalation-respond": _api_write(
            lambda w: {"pk": _escalation(w, "a").pk}, lambda w: {"pk": _escalation(w, "b").pk}
        ),
    }
)
