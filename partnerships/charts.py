"""Indicator charts as inline SVG drawn on the server: no script, no external request.

Colours and line styles come from classes in static/css/partnerships.css, so the
markup carries no inline style (the content security policy forbids it).
"""

from decimal import Decimal

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 320, 160
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 10, 26


def indicator_chart(indicator, values) -> SafeString:
    """A line of the indicator's values with its target as a dashed line."""
    points = [(v.period_end, Decimal(v.value)) for v in values]
    numbers = [value for _, value in points] + [Decimal(indicator.target)]
    if indicator.baseline is not None:
        numbers.append(Decimal(indicator.baseline))
    low, high = min(numbers + [Decimal(0)]), max(numbers)
    if high == low:
        high = low + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: Decimal) -> float:
        return round(TOP + plot_h - float((value - low) / (high - low)) * plot_h, 1)

    def x(index: int) -> float:
        if len(points) < 2:
            return LEFT + plot_w / 2
        return round(LEFT + index * plot_w / (len(points) - 1), 1)

    target_y = y(Decimal(indicator.target))
    label = _("%(name)s: target %(target)s %(unit)s") % {
        "name": indicator.name,
        "target": indicator.target,
        "unit": indicator.unit,
    }
    if points:
        label += _(", latest %(value)s %(unit)s (%(month)s)") % {
            "value": points[-1][1],
            "unit": indicator.unit,
            "month": formats.date_format(points[-1][0], "M Y"),
        }
    else:
        label += _(", no values yet")
    parts = [
        format_html(
            '<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>',
            LEFT,
            TOP + plot_h,
            WIDTH - RIGHT,
            TOP + plot_h,
        ),
        format_html(
            '<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>',
            LEFT - 4,
            TOP + plot_h,
            _short(low),
        ),
        format_html(
            '<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>',
            LEFT - 4,
            TOP + 8,
            _short(high),
        ),
        format_html(
            '<line class="target" x1="{}" y1="{}" x2="{}" y2="{}"/>'
            '<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>',
            LEFT,
            target_y,
            WIDTH - RIGHT,
            target_y,
            WIDTH - RIGHT,
            target_y - 3,
            _("target"),
        ),
    ]
    if points:
        coords = " ".join(f"{x(i)},{y(v)}" for i, (_, v) in enumerate(points))
        parts.append(format_html('<polyline class="series" points="{}"/>', coords))
        parts.append(
            format_html_join(
                "",
                '<circle class="point" cx="{}" cy="{}" r="3"><title>{}: {}</title></circle>',
                (
                    (x(i), y(v), formats.date_format(d, "DATE_FORMAT"), v)
                    for i, (d, v) in enumerate(points)
                ),
            )
        )
        parts.append(
            format_html(
                '<text class="tick" x="{}" y="{}">{}</text>'
                '<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>',
                LEFT,
                HEIGHT - 8,
                formats.date_format(points[0][0], "M Y"),
                WIDTH - RIGHT,
                HEIGHT - 8,
                formats.date_format(points[-1][0], "M Y"),
            )
        )
    body = mark_safe("".join(parts))  # noqa: S308 - every part is built with format_html
    return format_html(
        '<svg class="indicator-chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        WIDTH,
        HEIGHT,
        label,
        label,
        body,
    )


def _short(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.1f}"
