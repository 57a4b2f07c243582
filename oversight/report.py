"""The quarterly report to the Children and Families Standing Committee: figures and PDF.

``report_figures`` gathers de-identified aggregates for a quarter from the metrics modules
(a fixed number of queries), suppresses small counts of children and cases, and returns
plain data (strings and numbers) that the PDF template and the API print as they are.
Counts of themes, meetings and escalations count issues a Partnership raised, not people,
and every regional escalation is listed one by one, so they are printed exactly.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from casework import metrics as casework_metrics
from casework.models import Case, RiskLevel
from escalations import metrics as escalation_metrics
from escalations.models import Escalation, Theme
from escalations.selectors import regional_escalations
from partnerships.models import (
    GovernanceTier,
    Indicator,
    Investment,
    LocalPriority,
    Partnership,
    PartnershipMember,
)
from partnerships.selectors import partnership_figures_for_report

from .quarters import Quarter
from .suppression import ProtectedTable, protect_related, protect_table

RISK_COLUMNS = [(level.value, level.label) for level in RiskLevel] + [
    ("", gettext_lazy("Not assessed"))
]
KINDS = [
    (Case.Kind.IN_CARE, gettext_lazy("Children in care")),
    (Case.Kind.STRENGTHENING_FAMILIES, gettext_lazy("Strengthening Families")),
]
LEVELS = [(level.value, level.label) for level in Escalation.Level]
CLOSED_ESCALATION_STATUSES = {Escalation.Status.RESOLVED, Escalation.Status.DECLINED}


def _partnerships(end: datetime.date) -> list[dict]:
    partnerships = list(
        Partnership.objects.select_related("community", "community__region").order_by("name")
    )
    current = Q(starts_on__lte=end) & (Q(ends_on__isnull=True) | Q(ends_on__gte=end))
    with scopes_disabled():
        members = {
            row["partnership_id"]: row
            for row in PartnershipMember.objects.filter(current)
            .values("partnership_id")
            .annotate(
                n=Count("id"),
                aboriginal=Count("id", filter=Q(is_aboriginal=True)),
                leaders=Count("id", filter=Q(is_community_leader=True)),
            )
            .order_by()
        }
    return [
        {
            "id": p.pk,
            "community_id": p.community_id,
            "name": p.name,
            "community": p.community.name,
            "region": p.community.region.name,
            "status": p.get_status_display(),
            "established_on": p.established_on.isoformat() if p.established_on else "",
            "keeps_case_records": p.keeps_case_records,
            "members": members.get(p.pk, {}).get("n", 0),
            "aboriginal_members": members.get(p.pk, {}).get("aboriginal", 0),
            "community_leaders": members.get(p.pk, {}).get("leaders", 0),
        }
        for p in partnerships
    ]


def _plain_text(value):
    """Labels from the catalogue (lazy strings) as text, as the report is stored and drawn."""
    if isinstance(value, dict):
        return {k: _plain_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_text(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain_text(v) for v in value)
    if isinstance(value, Promise):
        return str(value)
    return value


def _json_safe(value):
    """Dates and decimals as text, so the figures can be stored with the report."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral() else format(value.normalize(), "f")
    return value


def _governance(partnerships: list[dict], start: datetime.date, end: datetime.date) -> list[dict]:
    """Governance tiers, priorities, shared measurement and investment, for the partnerships
    that keep them (the Victorian-style model): counts and shares only, no names of people."""
    # One query finds the partnerships that keep any of it; only those cost more queries.
    with scopes_disabled():
        keeping = list(
            Partnership.objects.filter(pk__in=[p["id"] for p in partnerships])
            .filter(
                Exists(GovernanceTier.objects.filter(partnership=OuterRef("pk")))
                | Exists(LocalPriority.objects.filter(partnership=OuterRef("pk")))
                | Exists(Indicator.objects.filter(partnership=OuterRef("pk")))
                | Exists(Investment.objects.filter(partnership=OuterRef("pk")))
            )
            .order_by("name")
        )
    rows = []
    for partnership in keeping:
        figures = partnership_figures_for_report(partnership, start, end)
        if not (
            figures["tiers"]
            or figures["priorities"]["total"]
            or figures["indicators"]
            or figures["investment"]["total"]
        ):
            continue
        figures["name"] = partnership.name
        rows.append(_json_safe(figures))
    return rows


def _table(
    title: str,
    columns: list[str],
    names: list[str],
    rows: list[list[int]],
    protected: ProtectedTable | None = None,
) -> dict:
    """A table as printed; ``protected`` when it was suppressed together with others."""
    protected = protected if protected is not None else protect_table(rows)
    return {
        "title": title,
        "columns": columns,
        "rows": [
            {
                "name": name,
                "cells": [cell.display for cell in protected.cells[i]],
                "total": protected.row_totals[i].display if protected.row_totals else "",
            }
            for i, name in enumerate(names)
        ],
        "totals": [cell.display for cell in protected.column_totals],
        "grand_total": protected.grand_total.display,
        "has_row_totals": len(columns) > 1,
        "suppressed": protected.any_suppressed,
        "_published": {
            "column_totals": [cell.published for cell in protected.column_totals],
            "grand_total": protected.grand_total.published,
            "cells": [[cell.published for cell in row] for row in protected.cells],
        },
    }


def _share(part: int | None, whole: int | None) -> str:
    if part is None or whole is None:
        return "n.p."
    if not whole:
        return "–"
    value = (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("1"), ROUND_HALF_UP)
    return f"{value}%"


def _long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _open_at(row: dict, day: datetime.date) -> bool:
    """Still open on ``day``: read from the dates, not today's status, so a quarter's
    figure is the same in its own report and in the next quarter's comparison."""
    if row["raised_on"] > day:
        return False
    if row["closed_on"] is not None:
        return row["closed_on"] > day
    return row["status_code"] not in CLOSED_ESCALATION_STATUSES


def report_figures(quarter: Quarter, *, with_previous: bool = True) -> dict:
    start, end = quarter.start, quarter.end
    today = timezone.localdate()
    # A quarter still running is reported as at today, and says so.
    as_at = min(end, today)
    in_progress = today < end
    at_label = (
        _("at %(date)s") % {"date": _long_date(as_at)} if in_progress else _("at quarter end")
    )
    partnerships = _partnerships(end)
    names = [p["name"] for p in partnerships]
    community_ids = [p["community_id"] for p in partnerships]

    cases = casework_metrics.cases_open_by_kind_and_risk(as_at)
    case_tables = [
        _table(
            _("Open cases %(at)s: %(kind)s") % {"at": at_label, "kind": label},
            [title for _code, title in RISK_COLUMNS],
            names,
            [
                [cases.get(cid, {}).get((kind, code), 0) for code, _t in RISK_COLUMNS]
                for cid in community_ids
            ],
        )
        for kind, label in KINDS
    ]

    compliance = casework_metrics.contact_compliance_by_community(start, end)
    compliance_rows = [
        [compliance[cid].seen_throughout, compliance[cid].not_seen_throughout]
        if cid in compliance
        else [0, 0]
        for cid in community_ids
    ]
    # Overdue at quarter end, split by whether a team leader acknowledged a reason for the
    # late contact (the reason is reported beside the overdue figure: it never excuses it).
    overdue_rows = [
        [compliance[cid].overdue_with_reason, compliance[cid].overdue_without_reason]
        if cid in compliance
        else [0, 0]
        for cid in community_ids
    ]
    # A child overdue at quarter end was not seen throughout the quarter: overdue (the
    # overdue table's row total) ≤ not seen in each community, so the two tables are
    # suppressed as one system. The split adds no table of its own: its two columns add up
    # to the overdue figure printed beside them, so no difference of two tables leaks.
    protected_compliance, protected_overdue = protect_related(
        [compliance_rows, overdue_rows],
        at_most=[((1, (i, 2)), (0, (i, 1))) for i in range(len(community_ids))],
    )
    compliance_table = _table(
        _(
            "Face-to-face contact as often as each case's cadence requires, "
            "children in care in the NT"
        ),
        [_("Seen at least as often as required"), _("Not seen as often as required")],
        names,
        compliance_rows,
        protected_compliance,
    )
    published = compliance_table["_published"]
    for row, cells in zip(compliance_table["rows"], published["cells"], strict=True):
        seen, not_seen = cells
        row["share"] = _share(seen, None if seen is None or not_seen is None else seen + not_seen)
    seen_total, not_seen_total = published["column_totals"]
    compliance_table["share_total"] = _share(
        seen_total,
        None if seen_total is None or not_seen_total is None else seen_total + not_seen_total,
    )
    overdue_table = _table(
        _("Children in care overdue for face-to-face contact %(at)s") % {"at": at_label},
        [_("With a reason acknowledged by a team leader"), _("Without an acknowledged reason")],
        names,
        overdue_rows,
        protected_overdue,
    )

    themes = escalation_metrics.themes_identified_by_category(start, end)
    categories = list(Theme.Category.choices)
    theme_rows = [
        [themes.get(cid, {}).get(code, 0) for code, _l in categories] for cid in community_ids
    ]
    themes_by_category = [
        {"category": label, "count": sum(row[k] for row in theme_rows)}
        for k, (_code, label) in enumerate(categories)
    ]
    meetings = escalation_metrics.leaders_meetings_held(start, end)
    for p in partnerships:
        p["meetings_held"] = meetings.get(p["community_id"], 0)
        p["themes_identified"] = sum(themes.get(p["community_id"], {}).values())

    escalations = escalation_metrics.escalation_counts(start, end)
    escalation_levels = []
    for code, label in LEVELS:
        figures: dict[str, Any] = {"level": label}
        for measure in ("raised", "acknowledged", "resolved"):
            figures[measure] = sum(
                escalations.get(cid, {}).get(code, {}).get(measure, 0) for cid in escalations
            )
        escalation_levels.append(figures)

    regional = regional_escalations(start=start, end=end)
    regional_open = sum(1 for row in regional if _open_at(row, as_at))
    for row in regional:
        for key in ("raised_on", "acknowledged_on", "closed_on", "latest_response_on"):
            row[key] = row[key].isoformat() if row[key] else ""
        row.pop("status_code", None)
        row.pop("community_id", None)

    territory: dict[str, Any] = {
        "partnerships_active": sum(1 for p in partnerships if p["status"] == "Active"),
        "open_in_care": case_tables[0]["grand_total"],
        "open_strengthening_families": case_tables[1]["grand_total"],
        "compliance_share": compliance_table["share_total"],
        "overdue_at_end": overdue_table["grand_total"],
        "themes_identified": sum(t["count"] for t in themes_by_category),
        "meetings_held": sum(meetings.values()),
        "escalations_raised": sum(level["raised"] for level in escalation_levels),
        "escalations_resolved": sum(level["resolved"] for level in escalation_levels),
        "regional_escalations_open": regional_open,
    }
    figures: dict[str, Any] = {
        "quarter": quarter.label,
        "months": quarter.months_label,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "as_at": as_at.isoformat(),
        "in_progress": in_progress,
        "partnerships": partnerships,
        "case_tables": case_tables,
        "compliance": compliance_table,
        "overdue": overdue_table,
        "themes_by_category": themes_by_category,
        "escalation_levels": escalation_levels,
        "regional_escalations": regional,
        "territory": territory,
        "ack_days": settings.CWSP_ESCALATION_ACK_DAYS,
        "governance": _governance(partnerships, start, end) if with_previous else [],
    }
    if with_previous:
        previous = report_figures(quarter.previous(), with_previous=False)
        figures["previous_quarter"] = previous["quarter"]
        figures["changes"] = _changes(previous["territory"], territory)
    for table in [*case_tables, compliance_table, overdue_table]:
        table.pop("_published", None)
    return _plain_text(figures)


CHANGE_LABELS = [
    ("partnerships_active", gettext_lazy("Active Partnerships")),
    ("open_in_care", gettext_lazy("Open cases: children in care")),
    ("open_strengthening_families", gettext_lazy("Open cases: Strengthening Families")),
    ("compliance_share", gettext_lazy("Children in care seen at least every six weeks")),
    ("overdue_at_end", gettext_lazy("Children in care overdue for contact at quarter end")),
    ("themes_identified", gettext_lazy("Themes identified")),
    ("meetings_held", gettext_lazy("Leaders' meetings held")),
    ("escalations_raised", gettext_lazy("Escalations raised")),
    ("escalations_resolved", gettext_lazy("Escalations resolved")),
    ("regional_escalations_open", gettext_lazy("Regional escalations open at quarter end")),
]


def _number(value) -> Decimal | None:
    text = str(value).rstrip("%")
    try:
        return Decimal(text)
    except ArithmeticError:
        return None
    except ValueError:
        return None


def _changes(previous: dict, current: dict) -> list[dict]:
    rows = []
    for key, label in CHANGE_LABELS:
        before, now = previous[key], current[key]
        a, b = _number(before), _number(now)
        if a is None or b is None:
            change = "n.p."
        else:
            delta = b - a
            unit = " points" if str(now).endswith("%") else ""
            change = f"{'+' if delta > 0 else ''}{delta}{unit}" if delta else "no change"
        rows.append(
            {"label": label, "previous": str(before), "current": str(now), "change": change}
        )
    return rows
