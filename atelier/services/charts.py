"""Small SVG charts for the PDF bilan: no JavaScript, readable in black and white.

Every chart carries its numbers as text (values at the end of the bars,
counts above the columns) and tells its series apart by pattern as well as
by tone (solid, hatched, empty, dashed), so a black-and-white printout or a
photocopy loses nothing; in colour the hues differ too. Charts are made to
be read: no text under 8 pt and no full-scale bar under 4 cm once printed at
the width the stylesheet gives them (``PRINTED_MM``). Any text a chart
shows goes through :func:`markupsafe.escape`: labels can be what
participants typed.

The functions return :class:`markupsafe.Markup`: an ``<img>`` whose source
is the SVG, to be placed in the document's HTML.
"""

import base64
from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

INK = "#1d1d1f"
MUTED = "#5f6368"
RULE = "#c4c7c9"
BAR = "#2f3a40"
YES = "#1f4f5c"  # the document's accent: dark enough to print as near-black
PARTLY = "#b0541c"  # amber hatching: a pattern in black and white, a hue in colour
FONT = "Inter, 'DejaVu Sans', sans-serif"
# Each chart's printed width in millimetres (static/pdf/bilan.css sets the
# same), by its CSS class: what its units are worth on paper.
PRINTED_MM = {"chart-bar": 170, "chart-review": 50}

# Tried: yes / partly / no / no answer yet, each with its own fill.
TRIED_PARTS = ("yes", "partly", "no", "waiting")
_TRIED_FILL = {
    "yes": YES,
    "partly": "url(#hatch)",
    "no": "#ffffff",
    "waiting": "#ffffff",
}
_PATTERNS = (
    "<defs>"
    '<pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse">'
    f'<rect width="4" height="4" fill="#ffffff"/>'
    f'<path d="M-1,1 l2,-2 M0,4 l4,-4 M3,5 l2,-2" stroke="{PARTLY}" stroke-width="1.1"/>'
    "</pattern>"
    "</defs>"
)


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, content: object, size: float, **attrs: str) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{escape(v)}"' for name, v in attrs.items())
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" font-size="{_num(size)}"{extra}>'
        f"{escape(content)}</text>"
    )


def _svg(width: float, height: float, body: str, label: str, css_class: str) -> Markup:
    """An <img> holding the SVG as a data URL, its label as alternative text.

    An image rather than inline SVG: WeasyPrint then keeps the SVG's
    elements out of the page's style cascade, and parses identical charts
    (common for ideas that one or two people chose) once.
    """
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'width="{_num(width)}" height="{_num(height)}" font-family="{FONT}" fill="{INK}">'
        f"{body}</svg>"
    )
    data = base64.b64encode(svg.encode()).decode()
    return Markup(
        f'<img class="{css_class}" alt="{escape(label)}" width="{_num(width)}" '
        f'height="{_num(height)}" src="data:image/svg+xml;base64,{data}">'
    )


def bar(value: int, top: int, *, label: str, width: float = 640) -> Markup:
    """One bar of the vote chart: its length against ``top``, its value at its end.

    The idea's text is not drawn here but set as HTML above the bar (see the
    template): WeasyPrint's SVG text places characters one by one, which
    breaks Arabic joining, right-to-left order and emoji sequences that
    participants may type. The value, digits only, is safe in SVG.
    """
    bar_h, value_w = 12.0, 28.0
    bar_w = max((width - value_w) * value / (top or 1), 1.5)
    body = f'<rect x="0" y="0" width="{_num(bar_w)}" height="{_num(bar_h)}" fill="{BAR}"/>' + _text(
        bar_w + 5, bar_h - 2, value, 11, font_weight="700"
    )
    return _svg(width, bar_h, body, label, "chart chart-bar")


def _glyph_row(items: Sequence[tuple[float, float, str]], size: float, **attrs: str) -> str:
    """Several short labels as one <text>, each character placed on its own.

    ``items`` are ``(centre x, baseline y, label)``. One element instead of
    one per label: WeasyPrint's cost is per SVG element, not per character.
    """
    xs, ys, chars = [], [], []
    advance = size * 0.62  # Inter's figures
    for cx, y, label in items:
        label = str(label)
        left = cx - advance * len(label) / 2
        for n, char in enumerate(label):
            xs.append(_num(left + n * advance))
            ys.append(_num(y))
            chars.append(char)
    if not chars:
        return ""
    extra = "".join(f' {name.replace("_", "-")}="{escape(v)}"' for name, v in attrs.items())
    return (
        f'<text x="{" ".join(xs)}" y="{" ".join(ys)}" font-size="{_num(size)}"{extra}>'
        f"{escape(''.join(chars))}</text>"
    )


# The review chart is drawn 150 units wide and printed 50 mm wide
# (static/pdf/bilan.css, .chart-review): 9 units are 8.5 pt.
REVIEW_WIDTH = 150


def review(
    tried: Mapping[str, int], feelings: Sequence[int], *, label: str, width: float = REVIEW_WIDTH
) -> Markup:
    """One committed idea at the review: a bar and five columns.

    The bar splits the commitments into tried yes (solid), partly (hatched),
    no (empty) and no answer yet (dashed outline), the shapes the document's
    text marks use (■ ▨ □ ⬚). The columns count the feelings 1 to 5, each
    with its number above it and the scale below.
    """
    bar_h, size = 9.0, 9.0
    parts = [p for p in TRIED_PARTS if tried.get(p)]
    total = sum(tried.get(p, 0) for p in parts)
    body = [_PATTERNS] if tried.get("partly") else []
    x, inner = 0.5, width - 1
    for part in parts:
        share = inner * tried[part] / total
        dash = ' stroke-dasharray="2 1.5"' if part == "waiting" else ""
        body.append(
            f'<rect x="{_num(x)}" y="0.5" width="{_num(share)}" height="{_num(bar_h)}" '
            f'fill="{_TRIED_FILL[part]}" stroke="{INK}" stroke-width="0.7"{dash}/>'
        )
        x += share
    if not total:
        body.append(
            f'<rect x="0.5" y="0.5" width="{_num(inner)}" height="{_num(bar_h)}" fill="#ffffff" '
            f'stroke="{RULE}" stroke-width="0.7" stroke-dasharray="2 1.5"/>'
        )
    # Five columns under the bar.
    top_y, plot_h, gap = bar_h + size + 5, 14.0, 8.0
    col_w = (width - 4 * gap) / 5
    base = top_y + plot_h
    peak = max(feelings, default=0) or 1
    counts, scale, columns = [], [], []
    for n, value in enumerate(feelings):
        x = n * (col_w + gap)
        h = plot_h * value / peak
        if value:
            columns.append(f"M{_num(x)} {_num(base)}v{_num(-h)}h{_num(col_w)}v{_num(h)}z")
            counts.append((x + col_w / 2, base - h - 2, value))
        scale.append((x + col_w / 2, base + size + 1, n + 1))
    if columns:  # one path for the five columns: one element to draw, not five
        body.append(f'<path d="{"".join(columns)}" fill="{BAR}"/>')
    body.append(
        f'<line x1="0" x2="{_num(width)}" y1="{_num(base)}" y2="{_num(base)}" '
        f'stroke="{RULE}" stroke-width="0.7"/>'
    )
    # The counts above the columns and the scale below them: one text element.
    body.append(_glyph_row([*counts, *scale], size, font_weight="600"))
    return _svg(width, base + size + 3, "".join(body), label, "chart chart-review")
