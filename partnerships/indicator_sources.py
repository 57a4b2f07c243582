"""Indicators computed from the product's own records.

A source key maps to the dotted path of a function
``(community_id: int, start: date, end: date) -> Decimal | None``. The functions of other
apps (casework, escalations) are named by path, not imported here: those apps sit above
partnerships, so partnerships must not import them. ``tests/partnerships`` proves every
path resolves.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .fence import community_scope
from .models import TierMember

StrOrPromise = str | Promise
Source = Callable[[int, datetime.date, datetime.date], Decimal | None]

SOURCES: dict[str, tuple[str, StrOrPromise]] = {
    # key: (dotted path, what it counts)
    "contact_compliance": (
        "casework.metrics.contact_compliance_share",
        _("Share of children seen face to face within six weeks (%)"),
    ),
    "escalations_resolved": (
        "escalations.metrics.escalations_resolved_count",
        _("Escalations resolved in the period"),
    ),
    "aboriginal_participation_share": (
        "partnerships.indicator_sources.aboriginal_participation_share",
        _("Share of governance members who are Aboriginal community members or from an ACCO (%)"),
    ),
}


def source_choices() -> list[tuple[str, str]]:
    return [(key, label) for key, (_path, label) in SOURCES.items()]


def resolve(key: str) -> Source:
    """The function behind a source key (``KeyError`` for a key that is not listed)."""
    path, _label = SOURCES[key]
    return import_string(path)


def compute(
    key: str, community_id: int, start: datetime.date, end: datetime.date
) -> Decimal | None:
    return resolve(key)(community_id, start, end)


def aboriginal_participation_share(
    community_id: int, start: datetime.date, end: datetime.date
) -> Decimal | None:
    """Of everyone sitting on any governance tier during the period, the Aboriginal share."""
    with community_scope([community_id]):
        members = TierMember.objects.filter(community_id=community_id, starts_on__lte=end).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gt=start)
        )
        total = members.count()
        if not total:
            return None
        aboriginal = members.filter(
            Q(is_aboriginal_community_member=True) | Q(is_from_acco=True)
        ).count()
    return (Decimal(aboriginal) * 100 / total).quantize(Decimal("0.01"))
