"""The Oversight Group's composition rules, in one place (Framework, document 000).

- At least 50% of current members are ACCOs. Aboriginal peak bodies do not count
  towards the share: the Framework asks for "a minimum of 50 per cent representation
  of ACCOs" and lists peak bodies separately (docs/decisions/0002-oversight-acco-share.md).
- Co-chaired by a government agency and an Aboriginal organisation: exactly two
  current co-chairs, one a government agency and one an ACCO or Aboriginal peak body.

Pure functions over (kind, is_co_chair) pairs, so the service, the group's page and
the tests read the same verdict. Messages say why a change is refused and what fixes it.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerships.models import Organisation

Kind = Organisation.Kind
ABORIGINAL_ORGANISATION_KINDS = frozenset({Kind.ACCO, Kind.ABORIGINAL_PEAK_BODY})
COUNTS_AS_ACCO = frozenset({Kind.ACCO})


@dataclass(frozen=True)
class Seat:
    kind: str
    is_co_chair: bool = False


@dataclass(frozen=True)
class RuleResult:
    name: str
    title: str
    holds: bool
    message: str


def whole_percent(part: int, whole: int) -> int:
    """Rounded down, so 49.9% never reads as 50%."""
    return (part * 100) // whole if whole else 0


def acco_share_rule(seats: Iterable[Seat]) -> RuleResult:
    seats = list(seats)
    total = len(seats)
    accos = sum(1 for s in seats if s.kind in COUNTS_AS_ACCO)
    holds = total > 0 and accos * 2 >= total
    title = _("At least 50% of members are ACCOs")
    if holds:
        message = _("%(accos)s of %(total)s members (%(percent)s%%) are ACCOs.") % {
            "accos": accos,
            "total": total,
            "percent": whole_percent(accos, total),
        }
    elif total == 0:
        message = _("The group has no current members; add ACCO members first.")
    else:
        # Adding k ACCOs gives (accos + k) * 2 >= total + k, so k = total - 2 * accos.
        needed = total - 2 * accos
        message = ngettext(
            "This would leave %(accos)s of %(total)s members (%(percent)s%%) as ACCOs; at least "
            "50%% must be ACCOs. Add %(needed)s ACCO member first, or end a non-ACCO membership.",
            "This would leave %(accos)s of %(total)s members (%(percent)s%%) as ACCOs; at least "
            "50%% must be ACCOs. Add %(needed)s ACCO members first, or end a non-ACCO membership.",
            needed,
        ) % {
            "accos": accos,
            "total": total,
            "percent": whole_percent(accos, total),
            "needed": needed,
        }
    return RuleResult("acco_share", title, holds, message)


def co_chair_rule(seats: Iterable[Seat]) -> RuleResult:
    chairs = [s for s in seats if s.is_co_chair]
    government = sum(1 for s in chairs if s.kind == Kind.GOVERNMENT_AGENCY)
    aboriginal = sum(1 for s in chairs if s.kind in ABORIGINAL_ORGANISATION_KINDS)
    title = _("Co-chaired by a government agency and an Aboriginal organisation")
    if len(chairs) == 2 and government == 1 and aboriginal == 1:
        return RuleResult(
            "co_chairs",
            title,
            True,
            _("Two co-chairs: one government agency and one Aboriginal organisation."),
        )
    if len(chairs) > 2:
        message = _(
            "This would give the group %(count)s co-chairs; it has exactly two. "
            "Stop another member being co-chair first (or swap the two in one change)."
        ) % {"count": len(chairs)}
    elif len(chairs) < 2:
        missing = []
        if not government:
            missing.append(_("a government agency"))
        if not aboriginal:
            missing.append(_("an Aboriginal organisation (ACCO or Aboriginal peak body)"))
        message = ngettext(
            "This would leave %(count)s co-chair; the group needs two. "
            "Make a member from %(missing)s co-chair.",
            "This would leave %(count)s co-chairs; the group needs two. "
            "Make a member from %(missing)s co-chair.",
            len(chairs),
        ) % {"count": len(chairs), "missing": _(" and ").join(missing)}
    elif government == 2:
        message = _(
            "Both co-chairs would be government agencies; one must be an Aboriginal "
            "organisation (ACCO or Aboriginal peak body). Swap one co-chair for an "
            "Aboriginal organisation's member."
        )
    elif aboriginal == 2:
        message = _(
            "Both co-chairs would be Aboriginal organisations; one must be a government "
            "agency. Swap one co-chair for a government agency's member."
        )
    else:
        message = _(
            "A co-chair must come from a government agency or an Aboriginal organisation "
            "(ACCO or Aboriginal peak body); an NGO or community group cannot co-chair. "
            "Choose a co-chair from a government agency and one from an Aboriginal organisation."
        )
    return RuleResult("co_chairs", title, False, message)


def composition_rules(seats: Iterable[Seat]) -> list[RuleResult]:
    seats = list(seats)
    return [acco_share_rule(seats), co_chair_rule(seats)]


def broken_rules(seats: Iterable[Seat]) -> list[RuleResult]:
    return [rule for rule in composition_rules(seats) if not rule.holds]
