import datetime

from django_scopes import scopes_disabled

from escalations.models import Escalation, MeetingAction

from ..factories import EscalationFactory, LeadersMeetingFactory, ThemeFactory
from . import Route


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


ROUTES = {
    "escalations:theme_list": Route(allowed="coordinator_a"),
    "escalations:theme_create": Route(allowed="coordinator_a"),
    "escalations:theme_detail": Route(
        allowed="practitioner_a",
        kwargs=lambda w: {"pk": _theme(w, "a").pk},
        foreign_kwargs=lambda w: {"pk": _theme(w, "b").pk},
    ),
    "escalations:theme_update": Route(
        allowed="teamleader_a",
        kwargs=lambda w: {"pk": _theme(w, "a").pk},
        foreign_kwargs=lambda w: {"pk": _theme(w, "b").pk},
    ),
    "escalations:meeting_create": Route(allowed="coordinator_a"),
    "escalations:meeting_detail": Route(
        allowed="coordinator_a",
        kwargs=lambda w: {"pk": _meeting(w, "a").pk},
        foreign_kwargs=lambda w: {"pk": _meeting(w, "b").pk},
    ),
    "escalations:meeting_action_done": Route(
        allowed="coordinator_a",
        method="post",
        expect=302,
        kwargs=lambda w: _action_kwargs(w, "a"),
        foreign_kwargs=lambda w: _action_kwargs(w, "b"),
    ),
    "escalations:escalation_list": Route(allowed="teamleader_a"),
    "escalations:escalation_create": Route(allowed="coordinator_a"),
    "escalations:escalation_detail": Route(
        allowed="coordinator_a",
        kwargs=lambda w: {"pk": _escalation(w, "a").pk},
        foreign_kwargs=lambda w: {"pk": _escalation(w, "b").pk},
    ),
    "escalations:regional_list": Route(allowed="oversight_member"),
    "theme-list": Route(allowed="practitioner_a", anonymous="api"),
    "theme-detail": Route(
        allowed="practitioner_a",
        anonymous="api",
        kwargs=lambda w: {"pk": _theme(w, "a").pk},
        foreign_kwargs=lambda w: {"pk": _theme(w, "b").pk},
    ),
    "leaders-meeting-list": Route(allowed="coordinator_a", anonymous="api"),
    "leaders-meeting-detail": Route(
        allowed="coordinator_a",
        anonymous="api",
        kwargs=lambda w: {"pk": _meeting(w, "a").pk},
        foreign_kwargs=lambda w: {"pk": _meeting(w, "b").pk},
    ),
    "escalation-list": Route(allowed="teamleader_a", anonymous="api"),
    "escalation-detail": Route(
        allowed="teamleader_a",
        anonymous="api",
        kwargs=lambda w: {"pk": _escalation(w, "a").pk},
        foreign_kwargs=lambda w: {"pk": _escalation(w, "b").pk},
    ),
}
