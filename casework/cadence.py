"""The one answer to "how often must this case's child be seen face to face?".

``cadence_in_force`` decides it for a case from the policy minimum (children in care:
every 42 days), its Partnership's rule for the case's kind and risk level, and the case's
own cadence set by a team leader: the strictest wins (``rules.strictest_cadence``). The
six-week writer (``contact_due``) stores the answer on the case with the due dates, so
statuses, caseloads, reminders and the report read it from the case row in SQL.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import rules
from .models import CadenceRule, Case, CaseCadence

SOURCE_WORDS = {
    "policy": gettext_lazy("Policy minimum for children in care (every six weeks)"),
    "partnership": gettext_lazy("Set by the Partnership for this kind of case and risk level"),
    "case": gettext_lazy("Set for this case by a team leader"),
}


@dataclass(frozen=True)
class CadenceInForce:
    days: int | None
    # "policy", "partnership", "case", or "" when no cadence applies.
    source: str
    set_by: str = ""
    set_at: datetime.datetime | None = None
    reason: str = ""

    @property
    def source_words(self) -> str:
        return str(SOURCE_WORDS.get(self.source, _("No contact cadence applies")))

    @property
    def words(self) -> str:
        if self.days is None:
            return _("No contact cadence")
        if self.days == rules.IN_CARE_CADENCE_DAYS:
            return _("At least every six weeks (42 days)")
        if self.days % 7 == 0:
            weeks = self.days // 7
            return ngettext("At least every week", "At least every %(weeks)s weeks", weeks) % {
                "weeks": weeks
            }
        return ngettext(
            "At least every %(days)s day", "At least every %(days)s days", self.days
        ) % {"days": self.days}


def partnership_rule_for(case: Case) -> CadenceRule | None:
    """The Partnership's rule for the case: one for its risk level before one for any."""
    found = [
        rule
        for rule in CadenceRule.objects.filter(
            community_id=case.community_id, kind=case.kind, risk_level__in=[case.risk_level, ""]
        ).select_related("set_by")
    ]
    specific = [rule for rule in found if rule.risk_level and rule.risk_level == case.risk_level]
    return (specific or [rule for rule in found if not rule.risk_level] or [None])[0]


def case_cadence_of(case: Case) -> CaseCadence | None:
    return CaseCadence.objects.filter(case_id=case.pk).select_related("set_by").first()


def _name(user) -> str:
    return (user.display_name or user.username) if user else _("The system")


def cadence_in_force(case: Case, *, exclude_case_cadence: bool = False) -> CadenceInForce:
    """The cadence in force for ``case`` and who set it. Two queries.

    ``exclude_case_cadence`` answers what would apply without the case's own cadence:
    a team leader's cadence may be stricter than that, never looser.
    """
    rule = partnership_rule_for(case)
    own = None if exclude_case_cadence else case_cadence_of(case)
    days, source = rules.strictest_cadence(
        kind=case.kind,
        partnership_days=rule.cadence_days if rule else None,
        case_days=own.cadence_days if own else None,
    )
    setting = {"partnership": rule, "case": own}.get(source)
    if setting is None:
        return CadenceInForce(days=days, source=source)
    return CadenceInForce(
        days=days,
        source=source,
        set_by=_name(setting.set_by),
        set_at=setting.set_at,
        reason=setting.reason,
    )
