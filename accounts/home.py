"""What each person's home page shows: what needs doing, from the apps that hold the work.

Accounts sits below casework, escalations and oversight, so it cannot import their
selectors. Each of those apps has a ``home.py`` that registers a panel here; the home page
imports them by name once (``autodiscover_modules``), as the admin finds ``admin.py``.
A panel takes the person and today and returns ``None`` (nothing for this person) or a
``Panel``: a title and its lines, each a count, what it counts and where to act on it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules

from core.actors import Actor


@dataclass
class Line:
    label: str
    url: str
    count: int | None = None
    urgent: bool = False


@dataclass
class Panel:
    title: str
    order: int
    lines: list[Line] = field(default_factory=list)
    empty: str = "Nothing needs doing."


PanelMaker = Callable[[Actor, datetime.date], Panel | None]
_PANELS: list[PanelMaker] = []
_discovered = False


def register(maker: PanelMaker) -> PanelMaker:
    if maker not in _PANELS:
        _PANELS.append(maker)
    return maker


def panels_for(actor: Actor, today: datetime.date) -> list[Panel]:
    global _discovered  # noqa: PLW0603 — the apps' home modules are imported once
    if not _discovered:
        autodiscover_modules("home")
        _discovered = True
    panels = [panel for maker in _PANELS if (panel := maker(actor, today)) is not None]
    return sorted(panels, key=lambda p: p.order)
