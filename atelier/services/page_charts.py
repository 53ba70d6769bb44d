"""Small inline SVG charts for the team page (and the share page).

The PDF's charts (``charts.py``) are images of a fixed size; these are drawn
in the page, as wide as their column: positions are percentages of the
width and heights are pixels, so that text keeps its size from a 360 px
phone to a 1440 px desktop instead of shrinking or swelling with a
viewBox. Like the PDF's, they tell series apart by shape and pattern as
well as by hue, and every figure they draw is also written as text (the
rows' labels, a table): the drawing is a summary, never the only place a
number lives. What people typed never goes inside the SVG; any other text
goes through :func:`markupsafe.escape`.
"""

from collections.abc import Sequence

from flask_babel import format_decimal, gettext
from markupsafe import Markup, escape

INK = "#16181d"
YES = "#1c48c4"  # the page's accent
PARTLY = "#a34400"
DAY0 = "#1c48c4"
DAY15 = "#0d6a37"
RULE = "#c8ccd3"
MUTED = "#454a54"


def _pct(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") + "%"


def follow_through_bar(tried: dict[str, int], committed: int, key: str) -> Markup:
    """One workshop's commitments as a bar: tried (solid), partly (hatched),
    not tried (empty), no answer (dashed). Decorative: the row says it in words."""
    parts = [
        ("yes", tried.get("yes", 0), f'fill="{YES}"'),
        ("partly", tried.get("partly", 0), f'fill="url(#hatch-{escape(key)})"'),
        ("no", tried.get("no", 0), 'fill="#ffffff"'),
    ]
    waiting = max(0, committed - sum(n for _, n, _ in parts))
    body = [
        f'<defs><pattern id="hatch-{escape(key)}" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffffff"/>'
        f'<rect width="3" height="6" fill="{PARTLY}"/></pattern></defs>'
    ]
    x = 0.0
    total = committed or 1
    # Each part outlined (the last dashed: no answer yet), so that "not
    # tried" and "no answer" read apart without colour.
    parts.append(("waiting", waiting, 'fill="#ffffff" stroke-dasharray="4 3"'))
    for name, n, fill in parts:
        if not n:
            continue
        width = 100 * n / total
        body.append(
            f'<rect class="ft-{name}" x="{_pct(x)}" y="1" width="{_pct(width)}" '
            f'height="20" {fill} stroke="{INK}" stroke-width="1.5"/>'
        )
        x += width
    return Markup(
        '<svg class="ft-bar" width="100%" height="22" aria-hidden="true" focusable="false">'
        + "".join(body)
        + "</svg>"
    )


def legend_swatch(part: str) -> Markup:
    """The small square a legend shows for one part of the bar."""
    fills = {
        "yes": f'fill="{YES}"',
        "partly": 'fill="url(#hatch-legend)"',
        "no": 'fill="#ffffff"',
        "waiting": 'fill="#ffffff" stroke-dasharray="3 2"',
    }
    defs = ""
    if part == "partly":
        defs = (
            '<defs><pattern id="hatch-legend" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
            f'<rect width="3" height="6" fill="{PARTLY}"/></pattern></defs>'
        )
    return Markup(
        '<svg class="chart-swatch" width="18" height="18" aria-hidden="true" focusable="false">'
        f'{defs}<rect x="1" y="1" width="16" height="16" {fills[part]} stroke="{INK}" '
        'stroke-width="1.5"/></svg>'
    )


# The barometer chart: 1 to 5 drawn between these heights (pixels).
_TOP, _BOTTOM, _HEIGHT = 18.0, 158.0, 190
# Plot area, in percent of the width: room on the left for the scale.
_LEFT, _RIGHT = 9.0, 98.0


def _y(mean: float) -> float:
    return _BOTTOM - (mean - 1) / 4 * (_BOTTOM - _TOP)


def _num(value: float) -> str:
    return f"{value:.1f}"


def barometer_over_time(points: Sequence[tuple[int, float | None, float | None]]) -> Markup:
    """The colleague side's mean (1-5) at day 0 and at day 15, per workshop.

    ``points`` are (workshop number, day-0 mean, day-15 mean), in time order.
    Day 0 is a filled disc, day 15 a ring, joined when both are known; a
    dashed line goes from one workshop to the next. The SVG's label says
    every figure; the page's table says them again.
    """
    n = len(points)
    step = (_RIGHT - _LEFT) / max(n, 1)
    body = []
    for value in range(1, 6):
        y = _y(value)
        body.append(
            f'<line x1="{_pct(_LEFT - 2)}" x2="{_pct(_RIGHT)}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{RULE}" stroke-width="1"/>'
            f'<text x="0" y="{y + 4:.1f}" font-size="13" fill="{MUTED}">{value}</text>'
        )
    previous = None
    marks, labels = [], []
    for index, (number, day0, day15) in enumerate(points):
        centre = _LEFT + step * (index + 0.5)
        offset = min(step / 5, 3.5)
        x0, x15 = centre - offset, centre + offset
        if previous is not None:
            px, py = previous
            first = (x0, _y(day0)) if day0 is not None else (x15, _y(day15))
            body.append(
                f'<line x1="{_pct(px)}" y1="{py:.1f}" x2="{_pct(first[0])}" y2="{first[1]:.1f}" '
                f'stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="4 4"/>'
            )
        if day0 is not None and day15 is not None:
            body.append(
                f'<line x1="{_pct(x0)}" y1="{_y(day0):.1f}" x2="{_pct(x15)}" y2="{_y(day15):.1f}" '
                f'stroke="{INK}" stroke-width="2.5"/>'
            )
        if day0 is not None:
            marks.append(
                f'<circle cx="{_pct(x0)}" cy="{_y(day0):.1f}" r="6" fill="{DAY0}" '
                'stroke="#ffffff" stroke-width="1.5"/>'
            )
            labels.append(
                f'<text x="{_pct(x0)}" y="{_y(day0) + 21:.1f}" font-size="13" '
                f'text-anchor="middle" fill="{DAY0}" font-weight="700">'
                f"{escape(format_decimal(day0, format='0.0'))}</text>"
            )
        if day15 is not None:
            marks.append(
                f'<circle cx="{_pct(x15)}" cy="{_y(day15):.1f}" r="5.5" fill="#ffffff" '
                f'stroke="{DAY15}" stroke-width="3"/>'
            )
            labels.append(
                f'<text x="{_pct(x15)}" y="{_y(day15) - 11:.1f}" font-size="13" '
                f'text-anchor="middle" fill="{DAY15}" font-weight="700">'
                f"{escape(format_decimal(day15, format='0.0'))}</text>"
            )
        labels.append(
            f'<text x="{_pct(centre)}" y="{_HEIGHT - 6}" font-size="13" text-anchor="middle" '
            f'fill="{MUTED}">{escape(gettext("No. %(num)s", num=number))}</text>'
        )
        last = day15 if day15 is not None else day0
        previous = (x15 if day15 is not None else x0, _y(last))
    label = barometer_label(points)
    return Markup(
        f'<svg class="baro-chart" width="100%" height="{_HEIGHT}" role="img" '
        f'aria-label="{escape(label)}" font-family="inherit">'
        + "".join(body + marks + labels)
        + "</svg>"
    )


def barometer_label(points: Sequence[tuple[int, float | None, float | None]]) -> str:
    """The chart in words, for screen readers."""
    parts = []
    for number, day0, day15 in points:
        figures = []
        if day0 is not None:
            figures.append(gettext("%(mean)s at day 0", mean=format_decimal(day0, format="0.0")))
        if day15 is not None:
            figures.append(gettext("%(mean)s at day 15", mean=format_decimal(day15, format="0.0")))
        parts.append(
            gettext("workshop no. %(num)s: %(figures)s", num=number, figures=", ".join(figures))
        )
    return gettext("Colleague-side barometer, mean out of 5. %(points)s.", points="; ".join(parts))
