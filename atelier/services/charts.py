"""Small SVG charts for the PDF bilan: no JavaScript, readable in black and white.

Every chart carries its numbers as text (values on the bars, counts in the
legend) and tells its series apart by pattern as well as by tone, so a
black-and-white printout or a photocopy loses nothing. Any text a chart
shows goes through :func:`markupsafe.escape`: labels can be what
participants typed.

The functions return :class:`markupsafe.Markup`, to be placed inline in the
document's HTML.
"""

from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

INK = "#1d1d1f"
MUTED = "#5f6368"
RULE = "#c4c7c9"
BAR = "#2f3a40"
LIGHT = "#e3e6e8"
FONT = "Inter, 'DejaVu Sans', sans-serif"

# Tried: yes / partly / no / no answer yet, each with its own fill.
TRIED_PARTS = ("yes", "partly", "no", "waiting")
_TRIED_FILL = {
    "yes": BAR,
    "partly": "url(#hatch)",
    "no": "#ffffff",
    "waiting": "url(#dots)",
}
_PATTERNS = (
    "<defs>"
    '<pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse">'
    f'<rect width="4" height="4" fill="#ffffff"/>'
    f'<path d="M-1,1 l2,-2 M0,4 l4,-4 M3,5 l2,-2" stroke="{BAR}" stroke-width="1.1"/>'
    "</pattern>"
    '<pattern id="dots" width="3" height="3" patternUnits="userSpaceOnUse">'
    f'<rect width="3" height="3" fill="#ffffff"/>'
    f'<circle cx="1.5" cy="1.5" r="0.55" fill="{MUTED}"/>'
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
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" role="img" '
        f'aria-label="{escape(label)}" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'width="{_num(width)}" height="{_num(height)}" font-family="{FONT}" fill="{INK}">'
        f"{body}</svg>"
    )


def shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, cut at a word when one is near."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-—") + "…"


def ranking(rows: Sequence[tuple[object, str, int]], *, label: str, width: float = 480) -> Markup:
    """Horizontal bars, one per idea: its rank, its text on one line, its count.

    ``rows`` are ``(rank, text, value)``; the value is written at the end of
    each bar, so the chart reads without colour and without a scale.
    """
    rank_w, row_h, bar_h, label_size = 22.0, 27.0, 9.0, 8.2
    plot_x, plot_w = rank_w, width - rank_w - 22
    top = max((value for _, _, value in rows), default=0) or 1
    chars = int(plot_w / (label_size * 0.53))
    parts = []
    for n, (rank, text, value) in enumerate(rows):
        y = n * row_h
        parts.append(_text(0, y + 18.2, rank, 8.5, font_weight="600", fill=MUTED))
        parts.append(_text(plot_x, y + 9, shorten(text, chars), label_size))
        bar_w = max(plot_w * value / top, 1.5)
        parts.append(
            f'<rect x="{_num(plot_x)}" y="{_num(y + 12)}" width="{_num(bar_w)}" '
            f'height="{_num(bar_h)}" fill="{BAR}"/>'
        )
        parts.append(_text(plot_x + bar_w + 4, y + 19.6, value, 8.5, font_weight="700"))
    height = max(len(rows) * row_h, 1)
    return _svg(width, height, "".join(parts), label, "chart chart-ranking")


def tried(
    counts: Mapping[str, int], labels: Mapping[str, str], *, label: str, width: float = 250
) -> Markup:
    """One stacked bar, yes / partly / no / no answer yet, and its legend with counts.

    Each part has its own pattern (solid, hatched, empty, dotted), repeated in
    the legend next to its count; "no answer yet" appears only when nonzero.
    """
    parts_shown = [p for p in TRIED_PARTS if p != "waiting" or counts.get("waiting")]
    total = sum(counts.get(p, 0) for p in parts_shown)
    bar_h = 11.0
    body = [_PATTERNS]
    x = 0.5
    inner = width - 1
    if total:
        for part in parts_shown:
            share = inner * counts.get(part, 0) / total
            if share <= 0:
                continue
            body.append(
                f'<rect x="{_num(x)}" y="0.5" width="{_num(share)}" height="{_num(bar_h)}" '
                f'fill="{_TRIED_FILL[part]}" stroke="{BAR}" stroke-width="0.7"/>'
            )
            x += share
    else:
        body.append(
            f'<rect x="0.5" y="0.5" width="{_num(inner)}" height="{_num(bar_h)}" '
            f'fill="#ffffff" stroke="{RULE}" stroke-width="0.7" stroke-dasharray="2 2"/>'
        )
    # Legend: swatch, word, count; laid out left to right on one line.
    x, y = 0.5, bar_h + 13
    for part in parts_shown:
        body.append(
            f'<rect x="{_num(x)}" y="{_num(y - 7)}" width="8" height="8" '
            f'fill="{_TRIED_FILL[part]}" stroke="{BAR}" stroke-width="0.7"/>'
        )
        word = f"{labels[part]} {counts.get(part, 0)}"
        body.append(_text(x + 11, y, word, 8))
        x += 11 + len(word) * 4.6 + 12
    return _svg(max(width, x), bar_h + 17, "".join(body), label, "chart chart-tried")


def feelings(
    counts: Sequence[int], ends: tuple[str, str], *, label: str, width: float = 130
) -> Markup:
    """How it felt, 1 to 5: five columns with their count on top, the scale's words below."""
    col_gap = 6.0
    col_w = (width - 4 * col_gap) / 5
    plot_h, top_pad = 26.0, 10.0
    top = max(counts, default=0) or 1
    body = [
        f'<line x1="0" x2="{_num(width)}" y1="{_num(top_pad + plot_h)}" '
        f'y2="{_num(top_pad + plot_h)}" stroke="{RULE}" stroke-width="0.7"/>'
    ]
    for n, value in enumerate(counts):
        x = n * (col_w + col_gap)
        h = plot_h * value / top
        if value:
            body.append(
                f'<rect x="{_num(x)}" y="{_num(top_pad + plot_h - h)}" width="{_num(col_w)}" '
                f'height="{_num(h)}" fill="{BAR}"/>'
            )
            body.append(
                _text(
                    x + col_w / 2,
                    top_pad + plot_h - h - 2.5,
                    value,
                    7.5,
                    font_weight="700",
                    text_anchor="middle",
                )
            )
        body.append(
            _text(x + col_w / 2, top_pad + plot_h + 9, n + 1, 7.5, text_anchor="middle", fill=MUTED)
        )
    low, high = ends
    body.append(_text(0, top_pad + plot_h + 19, low, 6.8, fill=MUTED))
    body.append(_text(width, top_pad + plot_h + 19, high, 6.8, fill=MUTED, text_anchor="end"))
    return _svg(width, top_pad + plot_h + 21, "".join(body), label, "chart chart-feelings")
