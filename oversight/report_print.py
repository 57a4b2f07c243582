"""The quarterly report in print: charts drawn from the published (already suppressed)
figures, all-zero rows folded, free text checked again, and the PDF rendered.

``oversight.report`` gathers the figures; this module only prints what it gathered.
"""

import datetime
import sys

import pygal
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from pygal.style import Style

from core.free_text import WITHHELD
from escalations.selectors import REGIONAL_TEXT, withhold_identifying_text
from partnerships.models import Community

from .report import KINDS, _long_date

# pygal adds an import hook for its map plugins (unused here) that lacks find_spec and
# makes every later failed optional import (WeasyPrint's brotli probe) warn.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]


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
        chart.add(str(label), data)  # a label from the catalogue is lazy; pygal wants text
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
            _("Open cases %(at)s by risk level (Territory)") % {"at": _at_words(figures)},
            risk_series,
            **common,
        )
        risk_chart.x_labels = figures["case_tables"][0]["columns"]
        charts["risk"] = _svg(risk_chart, "risk")
    elif suppressed:
        charts["risk_empty"] = _(
            "No chart of open cases by risk level: the Territory totals that are not 0 are "
            "small counts and are not published (%(suppressed)s)."
        ) % {"suppressed": suppressed}
    else:
        charts["risk_empty"] = _("No chart of open cases by risk level: there are no open cases.")
    levels = figures["escalation_levels"]
    measures = ("raised", "acknowledged", "resolved")
    if any(row[m] for row in levels for m in measures):
        level_chart = _count_chart(
            pygal.Bar,
            _("Escalations this quarter by level"),
            [(m.capitalize(), [row[m] for row in levels]) for m in measures],
            **common,
        )
        level_chart.x_labels = [row["level"] for row in levels]
        charts["escalations"] = _svg(level_chart, "escalations")
    else:
        charts["escalations_empty"] = _(
            "No chart of escalations: none was raised, acknowledged or resolved this quarter."
        )
    themes = figures["themes_by_category"]
    if any(row["count"] for row in themes):
        theme_chart = _count_chart(
            pygal.HorizontalBar,
            _("Themes identified this quarter by category"),
            [(_("Themes"), [row["count"] for row in themes])],
            **{**common, "legend_at_bottom": False, "show_legend": False},
        )
        theme_chart.x_labels = [row["category"] for row in themes]
        charts["themes"] = _svg(theme_chart, "themes")
    else:
        charts["themes_empty"] = _("No chart of themes: none was identified this quarter.")
    return charts


def _at_words(figures: dict) -> str:
    if figures.get("in_progress") and figures.get("as_at"):
        return _("at %(date)s") % {
            "date": _long_date(datetime.date.fromisoformat(figures["as_at"]))
        }
    return _("at quarter end")


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
