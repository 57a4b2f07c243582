"""The Oversight Group's home panel: the latest report and the group's composition."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.home import Line, Panel, register
from core.actors import Actor
from partnerships.models import Role
from partnerships.selectors import has_role

from . import selectors


@register
def cochair_panel(actor: Actor, today: datetime.date) -> Panel | None:
    """For co-chairs (and members): the latest report, and whether the composition holds."""
    if not has_role(actor, Role.OVERSIGHT_COCHAIR, Role.OVERSIGHT_MEMBER):
        return None
    reports = reverse("oversight:report_list")
    group_url = reverse("oversight:group")
    latest = selectors.reports_for(actor=actor).first()
    lines = [
        Line(f"Latest report: {latest.quarter}, version {latest.version}", reports)
        if latest
        else Line("No quarterly report has been generated yet", reports, urgent=True)
    ]
    group = selectors.group_current(actor=actor)
    if group is None:
        lines.append(Line("There is no Oversight Group yet", group_url, urgent=True))
    else:
        broken = [rule for rule in selectors.composition_for(group, today) if not rule.holds]
        if broken:
            lines.extend(
                Line(f"Composition: {rule.message}", group_url, urgent=True) for rule in broken
            )
        else:
            lines.append(Line("Composition: every rule holds", group_url))
    return Panel(_("Oversight Group"), order=40, lines=lines)
