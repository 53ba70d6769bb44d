"""How a carried-over idea went where it comes from, in one line of words.

The same sentence as static/js/workshop.js ``originLine``, for the pages
and the bilan rendered on the server. Aggregates only: no name ever.
"""

import datetime as dt

from flask_babel import format_date, format_decimal, gettext, ngettext

from .i18n import N_

DECISION_LABELS = {
    "keep": N_("Keep going"),
    "extend": N_("Extend the experiment"),
    "spread": N_("Spread to another group"),
    "stop": N_("Stop"),
    "other": N_("Other"),
}


def origin_line(origin: dict | None) -> str:
    """ "Nantes, 5 Oct 2026 · 4 committed · 3 tried it · feeling 3.7/5 · decision: Keep going"."""
    if not origin:
        return ""
    day = format_date(dt.date.fromisoformat(origin["date"]), format="medium")
    tried = origin["tried"]["yes"] + origin["tried"]["partly"]
    parts = [
        gettext("%(team)s, %(date)s", team=origin["team"], date=day) if origin["team"] else day,
        ngettext("%(num)s committed", "%(num)s committed", origin["committed"]),
        ngettext("%(num)s tried it", "%(num)s tried it", tried),
    ]
    if origin["feeling"] is not None:
        parts.append(
            gettext("feeling %(mean)s/5", mean=format_decimal(origin["feeling"], format="0.0"))
        )
    choice = origin["decision"]
    if choice:
        parts.append(
            gettext("decision: %(choice)s", choice=gettext(DECISION_LABELS.get(choice, choice)))
        )
    else:
        parts.append(gettext("no decision"))
    return " · ".join(parts)
