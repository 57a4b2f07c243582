"""The quarterly report to the Children and Families Standing Committee: figures and PDF.

``report_figures`` gathers de-identified aggregates for a quarter from the metrics modules
(a fixed number of queries), suppresses small counts of children and cases, and returns
plain data (strings and numbers) that the PDF template and the API print as they are.
Counts of themes, meetings and escalations count issues a Partnership raised, not people,
and every regional escalation is listed one by one, so they are printed exactly.
"""

import datetime
import sys
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pygal
from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django_scopes import scopes_disabled
from pygal.style import Style

from casework import metrics as casework_metrics
from casework.models import Case, RiskLevel
from core.free_text import WITHHELD
from escalations import metrics as escalation_metrics
from escalations.models import Escalation, Theme
from escalations.selectors import REGIONAL_TEXT, regional_escalations, withhold_identifying_text
from partnerships.models import (
    Community,
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

# pygal adds an import hook for its map plugins (unused here) that lacks find_spec and
# makes every later failed optional import (WeasyPrint's brotli probe) warn.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]

RISK_COLUMNS = [(level.value, level.label) for level in RiskLevel] + [("", "Not assessed")]
KINDS = [
    (Case.Kind.IN_CARE, "Children in care"),
    (Case.Kind.STRENGTHENING_FAMILIES, "Strengthening Families"),
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
    at_label = f"at {_long_date(as_at)}" if in_progress else "at quarter end"
    partnerships = _partnerships(end)
    names = [p["name"] for p in partnerships]
    community_ids = [p["community_id"] for p in partnerships]

    cases = casework_metrics.cases_open_by_kind_and_risk(as_at)
    case_tables = [
        _table(
            f"Open cases {at_label}: {label}",
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
    overdue_rows = [
        [compliance[cid].overdue_at_end if cid in compliance else 0] for cid in community_ids
    ]
    # A child overdue at quarter end was not seen throughout the quarter: overdue ≤ not
    # seen in each community, so the two tables are suppressed as one system.
    protected_compliance, protected_overdue = protect_related(
        [compliance_rows, overdue_rows],
        at_most=[((1, (i, 0)), (0, (i, 1))) for i in range(len(community_ids))],
    )
    compliance_table = _table(
        "Six-week face-to-face contact, children in care in the NT",
        ["Seen at least every six weeks", "Not seen every six weeks"],
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
        f"Children in care overdue for face-to-face contact {at_label}",
        [f"Overdue {at_label}"],
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
    ("partnerships_active", "Active Partnerships"),
    ("open_in_care", "Open cases: children in care"),
    ("open_strengthening_families", "Open cases: Strengthening Families"),
    ("compliance_share", "Children in care seen at least every six weeks"),
    ("overdue_at_end", "Children in care overdue for contact at quarter end"),
    ("themes_identified", "Themes identified"),
    ("meetings_held", "Leaders' meetings held"),
    ("escalations_raised", "Escalations raised"),
    ("escalations_resolved", "Escalations resolved"),
    ("regional_escalations_open", "Regional escalations open at quarter end"),
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


PRINT_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#57606a",
    colors=("#0b5cad", "#7a4a00", "#116329", "#a40e26"),
    font_family="DejaVu Sans, sans-serif",
    label_font_size=11,
    major_label_font_size=11,
    legend_font_size=11,
    value_font_size=10,
    title_font_size=13,
)


def _svg(chart, name: str) -> str:
    # pygal gives every chart the same element ids; the PDF holds several charts.
    return chart.render(is_unicode=True).replace("activate-serie-", f"{name}-activate-serie-")


def _whole_number_ticks(values: list[int | None]) -> list[int]:
    """Ticks for a count axis: whole numbers only, about five of them, from 0."""
    top = max([v for v in values if v is not None] + [1])
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        step = candidate
        if top / candidate <= 5:
            break
    else:
        step = -(-top // 5)
    last = -(-top // step) * step
    return list(range(0, last + 1, step))


def _count_chart(kind, title: str, series: list[tuple[str, list[int | None]]], **options):
    values = [v for _label, data in series for v in data]
    ticks = _whole_number_ticks(values)
    chart = kind(
        title=title,
        y_labels=ticks,
        range=(0, ticks[-1]),
        value_formatter=lambda v: f"{v:.0f}",
        **options,
    )
    for label, data in series:
        chart.add(label, data)
    return chart


def _suppressed_words(figures: dict) -> str:
    """Which Territory totals by risk level are hidden, in words, for the chart's place."""
    parts = []
    for table, (_kind, label) in zip(figures["case_tables"], KINDS, strict=True):
        hidden = [
            f"{column} ({value})"
            for column, value in zip(table["columns"], table["totals"], strict=True)
            if _int_or_none(value) is None
        ]
        if hidden:
            parts.append(f"{label}: {', '.join(hidden)}")
    return "; ".join(parts)


def report_charts(figures: dict) -> dict[str, str]:
    """Print-friendly SVG charts from the published (already suppressed) Territory figures.

    A chart with nothing to draw (every value suppressed, or every count 0) is not drawn:
    ``charts["<name>_empty"]`` says in words why, where the chart would have been."""
    common = {
        "js": [],
        "disable_xml_declaration": True,
        "style": PRINT_STYLE,
        "width": 640,
        "height": 300,
        "print_values": True,
        "show_y_guides": True,
        "legend_at_bottom": True,
    }
    charts: dict[str, str] = {}
    risk_series = [
        # A suppressed total is left out of the picture rather than drawn.
        (label, [_int_or_none(v) for v in table["totals"]])
        for table, (_kind, label) in zip(figures["case_tables"], KINDS, strict=True)
    ]
    suppressed = _suppressed_words(figures)
    charts["risk_suppressed"] = suppressed
    if any(v for _label, data in risk_series for v in data):
        risk_chart = _count_chart(
            pygal.Bar,
            f"Open cases {_at_words(figures)} by risk level (Territory)",
            risk_series,
            **common,
        )
        risk_chart.x_labels = figures["case_tables"][0]["columns"]
        charts["risk"] = _svg(risk_chart, "risk")
    elif suppressed:
        charts["risk_empty"] = (
            "No chart of open cases by risk level: the Territory totals that are not 0 are "
            f"small counts and are not published ({suppressed})."
        )
    else:
        charts["risk_empty"] = "No chart of open cases by risk level: there are no open cases."
    levels = figures["escalation_levels"]
    measures = ("raised", "acknowledged", "resolved")
    if any(row[m] for row in levels for m in measures):
        level_chart = _count_chart(
            pygal.Bar,
            "Escalations this quarter by level",
            [(m.capitalize(), [row[m] for row in levels]) for m in measures],
            **common,
        )
        level_chart.x_labels = [row["level"] for row in levels]
        charts["escalations"] = _svg(level_chart, "escalations")
    else:
        charts["escalations_empty"] = (
            "No chart of escalations: none was raised, acknowledged or resolved this quarter."
        )
    themes = figures["themes_by_category"]
    if any(row["count"] for row in themes):
        theme_chart = _count_chart(
            pygal.HorizontalBar,
            "Themes identified this quarter by category",
            [("Themes", [row["count"] for row in themes])],
            **{**common, "legend_at_bottom": False, "show_legend": False},
        )
        theme_chart.x_labels = [row["category"] for row in themes]
        charts["themes"] = _svg(theme_chart, "themes")
    else:
        charts["themes_empty"] = "No chart of themes: none was identified this quarter."
    return charts


def _at_words(figures: dict) -> str:
    if figures.get("in_progress") and figures.get("as_at"):
        return f"at {_long_date(datetime.date.fromisoformat(figures['as_at']))}"
    return "at quarter end"


def _int_or_none(text: str) -> int | None:
    return int(text) if str(text).isdigit() else None


def _zero_rows(table: dict) -> dict:
    """The table for print: rows of nothing but 0 summarised in one line under it."""
    shown: list[dict] = []
    zero: list[dict] = []
    for row in table["rows"]:
        values = [*row["cells"], row.get("total", "")]
        (zero if all(str(v) in ("0", "") for v in values) else shown).append(row)
    return {**table, "rows": shown, "zero_names": [row["name"] for row in zero]}


def _for_print(figures: dict) -> dict:
    """What the PDF prints: the stored figures, with all-zero rows folded into one line."""
    partnerships: list[dict] = []
    idle: list[dict] = []
    for p in figures["partnerships"]:
        counts = (p["members"], p.get("meetings_held", 0), p.get("themes_identified", 0))
        (partnerships if any(counts) else idle).append(p)
    return {
        **figures,
        "partnerships": partnerships,
        "idle_partnerships": idle,
        "case_tables": [_zero_rows(t) for t in figures["case_tables"]],
        "compliance": _zero_rows(figures["compliance"]),
        "overdue": _zero_rows(figures["overdue"]),
    }


def checked_for_print(figures: dict) -> dict:
    """The figures with every piece of free text checked again, as the people of each
    community are now: text naming a person prints as "[withheld: names a person]".

    Text is checked when it is saved and when the figures are gathered; a stored report
    printed again later may meet names recorded since, so printing checks once more.
    """
    rows = figures.get("regional_escalations") or []
    if not rows:
        return figures
    ids = dict(
        Community.objects.filter(name__in={row["community"] for row in rows}).values_list(
            "name", "pk"
        )
    )
    checked = withhold_identifying_text(
        [
            {**row, "community_id": ids.get(row["community"], 0)}
            for row in rows
            if row["community"] in ids
        ]
    )
    for row in checked:
        row.pop("community_id")
    # A row whose community is no longer known cannot be checked: print none of its text.
    unknown = [
        {**row, **{key: WITHHELD for key in REGIONAL_TEXT if row.get(key)}}
        for row in rows
        if row["community"] not in ids
    ]
    by_reference = {row["reference"]: row for row in [*checked, *unknown]}
    return {
        **figures,
        "regional_escalations": [by_reference[row["reference"]] for row in rows],
    }


def render_report_html(figures: dict, *, version: int, generated_at: datetime.datetime) -> str:
    figures = checked_for_print(figures)
    return render_to_string(
        "oversight/report_pdf.html",
        {
            "figures": _for_print(figures),
            "charts": report_charts(figures),
            "version": version,
            "generated_at": timezone.localtime(generated_at),
        },
    )


def render_report_pdf(
    figures: dict, *, version: int, generated_at: datetime.datetime
) -> tuple[bytes, int]:
    """(PDF bytes, page count), rendered by WeasyPrint from the Django template."""
    from weasyprint import CSS, HTML  # noqa: PLC0415 — heavy; loaded only by the report job

    html = render_report_html(figures, version=version, generated_at=generated_at)
    stylesheet = CSS(filename=str(settings.BASE_DIR / "oversight" / "report_pdf.css"))
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(stylesheets=[stylesheet])
    return document.write_pdf(), len(document.pages)
