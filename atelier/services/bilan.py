"""The PDF bilan: the workshop's whole life as a document a manager forwards.

Rendered by WeasyPrint from templates/pdf/bilan.html and its print
stylesheet, in the workshop's language, generated afresh on each request so
that it includes the review once there is one.
"""

import atexit
import contextlib
import datetime as dt
import gc
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from flask import current_app, render_template
from flask_babel import force_locale, format_date, format_decimal
from markupsafe import Markup, escape
from sqlalchemy import select

from ..barometer_texts import DIMENSION_NAMES, TOO_FEW
from ..domain import barometer as barometer_rules
from ..domain import tokens
from ..domain.anonymity import name_shown
from ..domain.barometer import DIMENSIONS
from ..domain.review import DECISIONS
from ..extensions import db
from ..models import Decision, Idea, Participant, Vote, Workshop
from ..offload import run_native
from . import barometer, charts, glance, ownership
from .changes import Outcome, run_change
from .identity import Identity
from .views import origin_views, review_view

_FONT_CONFIG = None
_STYLESHEET: tuple[tuple, object] | None = None
_HTML_CLASS = None

# Fonts come from Debian packages (see docs/performance.md, "PDF bilan"):
# the document may read them and its own static files, nothing else.
FONT_DIRS = ("/usr/share/fonts/",)


def _font_config():
    """One FontConfiguration for the process: building it costs more than a page."""
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        from weasyprint.text.fonts import FontConfiguration

        _FONT_CONFIG = FontConfiguration()
        # Let it go (and remove its temporary font folder) while the modules
        # its cleanup uses still exist, rather than at interpreter teardown.
        atexit.register(_drop_font_config)
    return _FONT_CONFIG


def _drop_font_config() -> None:
    global _FONT_CONFIG, _STYLESHEET
    _FONT_CONFIG = _STYLESHEET = None


def _url_fetcher(static: Path):
    """Local files only: the static folder and the system's fonts; never the network."""
    from weasyprint.urls import URLFetcher

    roots = (static, *(Path(d) for d in FONT_DIRS))

    class LocalFiles(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):  # the charts (atelier/services/charts.py)
                return super().fetch(url, headers)
            parsed = urlsplit(url)
            path = Path(url2pathname(parsed.path)).resolve()
            if parsed.scheme != "file" or not any(path.is_relative_to(r) for r in roots):
                raise ValueError(f"the bilan reads local files only, not {url!r}")
            return super().fetch(url, headers)

    return LocalFiles(allowed_protocols=("file", "data"))


def _stylesheet(static: Path):
    """The print stylesheet, parsed once (again only if the file changes)."""
    global _STYLESHEET
    from weasyprint import CSS

    path = static / "pdf" / "bilan.css"
    key = (str(path), path.stat().st_mtime_ns)
    if _STYLESHEET is None or _STYLESHEET[0] != key:
        css = CSS(filename=str(path), font_config=_font_config(), url_fetcher=_url_fetcher(static))
        _STYLESHEET = (key, css)
    return _STYLESHEET[1]


# Rules of WeasyPrint's user-agent stylesheet that name a pseudo-element and no
# element ("::marker { … }"): they match every element of the document.
_UNIVERSAL_PSEUDO = re.compile(r"^::([a-z-]+)(\s*\{[^}]*\})", re.MULTILINE)
# Its margin-box rules, nested in "@page { … }" ("  @top-left { … }").
_MARGIN_BOX_RULE = re.compile(r"^[ \t]+@[a-z-]+\s*\{[^}]*\}[ \t]*\n", re.MULTILINE)


def _bilan_user_agent_css(stock: str) -> str:
    """WeasyPrint's user-agent stylesheet, without what the bilan never uses.

    The stock stylesheet styles ::marker, ::footnote-call, ::footnote-marker,
    ::note-call, ::note-marker and ::note-callback on *every* element, so
    the cascade computes six pseudo-element styles per element that the
    bilan never shows: it has no footnotes, and only list items have
    markers. Its @page rule also styles all sixteen margin boxes, which are
    then computed again on every page. Here ::marker applies to list items
    only, and the footnote, note and margin-box rules are left out
    (static/pdf/bilan.css aligns the four margin boxes it fills). Every
    other rule is WeasyPrint's own.
    """

    def fitted(rule: re.Match) -> str:
        name, block = rule.groups()
        if name == "marker":
            return f"li::marker{block}"
        if name.startswith(("footnote-", "note-")):
            return ""
        return rule.group(0)

    return _MARGIN_BOX_RULE.sub("", _UNIVERSAL_PSEUDO.sub(fitted, stock))


def _html_class():
    """WeasyPrint's HTML class, with ``_bilan_user_agent_css`` as its user-agent stylesheet.

    Those styles were half the objects a large bilan allocated and a tenth
    of its time (docs/performance.md, "PDF bilan"). If WeasyPrint changes
    how it loads its stylesheet, its own class is used as it is.
    """
    global _HTML_CLASS
    if _HTML_CLASS is None:
        from weasyprint import CSS, HTML

        try:
            from weasyprint import html as stock
            from weasyprint.css.counters import CounterStyle

            ua_text, ua_sheet = stock.UA, stock.UA_STYLESHEET
            HTML._ua_stylesheets  # noqa: B018 - the method overridden below
        except (ImportError, AttributeError):  # pragma: no cover - another WeasyPrint
            _HTML_CLASS = HTML
            return HTML

        # Its @counter-style rules are already in every document's counter
        # styles (WeasyPrint registered them with its own copy); parse them
        # into a spare set rather than have them rejected as redefinitions.
        lean = CSS(string=_bilan_user_agent_css(ua_text), counter_style=CounterStyle())

        class BilanHTML(HTML):
            def _ua_stylesheets(self, *args, **kwargs):
                sheets = super()._ua_stylesheets(*args, **kwargs)
                return [lean if sheet is ua_sheet else sheet for sheet in sheets]

        _HTML_CLASS = BilanHTML
    return _HTML_CLASS


def _ranks(ranking: list[Idea], tallies: dict[int, int]) -> dict[int, int]:
    """Standard competition ranks: equal counts share a rank (1, 2, 2, 4)."""
    ranks: dict[int, int] = {}
    for n, idea in enumerate(ranking, 1):
        previous = ranking[n - 2] if n > 1 else None
        same = previous is not None and tallies[previous.id] == tallies[idea.id]
        ranks[idea.id] = ranks[previous.id] if same else n
    return ranks


def _review_items(workshop: Workshop, by_id: dict[int, Idea], ranks: dict[int, int]) -> list:
    """Per committed idea, most committed first (as on the review screen)."""
    items = []
    for view in review_view(workshop):
        idea = by_id.get(view["idea_id"])
        if idea is None or not view["committed"]:
            continue
        answered = sum(n * (i + 1) for i, n in enumerate(view["feelings"]))
        items.append(
            {
                **view,
                "idea": idea,
                "rank": ranks.get(idea.id),
                "waiting": max(0, view["committed"] - view["reports"]),
                "feeling_mean": answered / view["reports"] if view["reports"] else None,
            }
        )
    items.sort(key=lambda item: (-item["committed"], item["idea_id"]))
    return items


_SPACES = re.compile(r"[ \t\f\v]+")
_SPACES_AROUND_BREAKS = re.compile(r" ?\n ?")
# Characters Pango may draw from the colour emoji font (pictographs, symbols,
# arrows, regional indicators, presentation selectors, joiners, keycaps):
# see ``hanging``. Generous on purpose: a false positive costs a little time.
_MAYBE_EMOJI = re.compile(
    "[\u2190-\u2bff\u3030\u303d\u3297\u3299\u200d\u20e3\ufe0f"
    "\U0001f000-\U0001faff\U000e0020-\U000e007f]"
)


def as_pre_line(text: str) -> str:
    """Text as ``white-space: pre-line`` shows it: line breaks, one space for
    each run of spaces or tabs, none at the start or end of a line."""
    lines = _SPACES.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _SPACES_AROUND_BREAKS.sub("\n", lines).strip(" ")


def hanging(mark: object, text: str) -> Markup:
    """A number or an arrow hanging before what someone typed ("C3", "#12", "→").

    The mark and a tab, in an element that the stylesheet sets pre-wrap with a
    hanging indent as wide as its tab stop (.numbered, .version): one run of
    text where a cell or an element of its own for the mark costs each idea
    about a line's layout time. The text reads as pre-line would show it
    (``as_pre_line``), after a word joiner (U+2060) so that a word too long
    for the line breaks on the mark's line rather than under it.

    WeasyPrint 70 places the colour emoji of a line that holds a tab one
    tab's width too far left, so a text that may hold emoji gets its mark in
    a box of the tab's width (.hang), as slow as a cell but drawn right.
    """
    text = as_pre_line(text)
    if _MAYBE_EMOJI.search(text):
        return Markup('<span class="hang">{}</span>{}').format(mark, text)
    return Markup("{}&#9;&#8288;{}").format(mark, text)


class Typography:
    """The workshop language's conventions for labels and quotations.

    French: a no-break space before the colon, a narrow one before ; ! ?,
    and guillemets with no-break spaces inside; English: none of these.
    User text is never touched: only what the document itself adds.
    """

    def __init__(self, language: str):
        self.french = language == "fr"

    def colon(self, label: str) -> Markup:
        return escape(label) + Markup("\u00a0:" if self.french else ":")

    def quote(self, text: str) -> Markup:
        if self.french:
            return Markup("«\u202f") + escape(text) + Markup("\u202f»")
        return Markup("“") + escape(text) + Markup("”")


# What people typed arrives in the HTML escaped by markupsafe: a straight
# apostrophe as &#39;, a straight double quote as &#34;. The document's own
# words (the French catalogue) are typographic already.
_TEXT_NODE = re.compile(r">([^<]+)<")
_INSIDE_GUILLEMETS = (re.compile(r"«[ \u00a0]*"), re.compile(r"[ \u00a0]*»"))
_BEFORE_HIGH_PUNCTUATION = re.compile(r"(?<=\S) ([;!?])")
_BEFORE_COLON = re.compile(r"(?<=\S) :(?=\s|$)")


def _french_text(node: re.Match) -> str:
    text = node.group(1)
    if "&#39;" in text:
        text = text.replace("&#39;", "’")
    if "&#34;" in text:  # in pairs, within one text: "x" → «x»
        parts = text.split("&#34;")
        pairs = (len(parts) - 1) // 2
        text = parts[0]
        for n, part in enumerate(parts[1:]):
            mark = ("«", "»")[n % 2] if n < 2 * pairs else "&#34;"
            text += mark + part
    if "«" in text or "»" in text:
        text = _INSIDE_GUILLEMETS[0].sub("«\u202f", text)
        text = _INSIDE_GUILLEMETS[1].sub("\u202f»", text)
    text = _BEFORE_HIGH_PUNCTUATION.sub("\u202f\\1", text)
    text = _BEFORE_COLON.sub("\u00a0:", text)
    return f">{text}<"


def french_typography(html: str) -> str:
    """The document's HTML with French typography in what people typed.

    Straight apostrophes become ’; straight double quotes, in pairs within one
    text, become guillemets; guillemets hold narrow no-break spaces, and the
    space before ; ! ? (narrow) and : (no-break) cannot break. For the PDF only:
    what is stored stays as it was typed. Only text between tags changes, never
    an attribute; an unpaired double quote stays as typed.
    """
    return _TEXT_NODE.sub(_french_text, html)


def _facilitators(workshop: Workshop) -> list:
    """The owner, then the co-facilitators (the accounts that used their
    invitation, by name); none for a link-only workshop."""
    owner = ownership.owner_of(workshop)
    return ([owner] if owner else []) + ownership.co_facilitators(workshop)


# A bar at 5 out of 5 on the barometer page: at least 4 cm, to be read.
BAROMETER_BAR_MM = 50


def _barometer(workshop: Workshop) -> dict | None:
    """The closed rounds' figures, per dimension: aggregates only, never per person,
    each shown from MIN_ANSWERS up (a hidden one has no mean to print)."""
    if not workshop.barometer:
        return None
    day0, day15 = barometer.summary(workshop, "day0"), barometer.summary(workshop, "day15")
    if day0 is None and day15 is None:
        return None
    changes = barometer_rules.compare(day0, day15) if day0 and day15 else None
    by_dimension = {c.dimension: c for c in changes or ()}
    rows = [
        {
            "name": DIMENSION_NAMES[d],
            "customers": day0.profiles["customers"][d] if day0 else None,
            "colleagues": day0.profiles["colleagues"][d] if day0 else None,
            "day15": day15.profiles["colleagues"][d] if day15 else None,
            "change": by_dimension.get(d),
        }
        for d in DIMENSIONS
    ]
    shown = any(
        figure is not None and figure.shown
        for row in rows
        for figure in (row["customers"], row["colleagues"], row["day15"])
    )
    return {
        "day0": day0,
        "day15": day15,
        "changes": changes,
        "rows": rows,
        "shown": shown,
        "widest": [(gap, by_dimension.get(gap.dimension)) for gap in day0.widest] if day0 else [],
        "names": DIMENSION_NAMES,
        "too_few": TOO_FEW,
        "bar_mm": BAROMETER_BAR_MM,
    }


def _chart_top(ranking: list[Idea], ranks: dict[int, int]) -> list[Idea]:
    """The vote chart's ideas: the ten first ranks with their ties, if that
    stays short (up to 15 bars), else the first ten."""
    tied = [idea for idea in ranking if ranks[idea.id] <= 10]
    return tied if len(tied) <= 15 else ranking[:10]


def _signed(value: float) -> str:
    """A change with its sign, a true minus sign: "+0.4", "−1.6", "±0.0"."""
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return sign + format_decimal(abs(value), format="0.0")


def bilan_context(workshop: Workshop, generated_at: dt.datetime) -> dict:
    """Everything the document shows, read in one go."""
    ideas = db.session.scalars(
        select(Idea)
        .filter_by(workshop_id=workshop.id, hidden=False)
        .where(Idea.merged_into_id.is_(None))
        .order_by(Idea.id)
    ).all()
    participants = db.session.scalars(
        select(Participant).filter_by(workshop_id=workshop.id).order_by(Participant.name)
    ).all()
    votes = db.session.scalars(select(Vote).filter_by(workshop_id=workshop.id)).all()
    tallies: dict[int, int] = {}
    # Who committed to what names only the commitments made with names shown.
    by_person: dict[int, list[int]] = {}
    for vote in votes:
        tallies[vote.idea_id] = tallies.get(vote.idea_id, 0) + 1
        if name_shown(workshop.show_names, vote.anonymous):
            by_person.setdefault(vote.participant_id, []).append(vote.idea_id)

    client = [i for i in ideas if i.kind == "client"]
    colleague = [i for i in ideas if i.kind == "colleague"]
    by_id = {i.id: i for i in ideas}
    voters = {vote.participant_id for vote in votes if vote.idea_id in by_id}
    ranking = sorted(
        (i for i in colleague if tallies.get(i.id)), key=lambda i: (-tallies[i.id], i.id)
    )
    ranks = _ranks(ranking, tallies)
    decisions = {
        d.idea_id: d
        for d in db.session.scalars(select(Decision).filter_by(workshop_id=workshop.id))
    }
    children: dict[int, list[Idea]] = {}
    for idea in colleague:
        if idea.parent_id is not None:
            children.setdefault(idea.parent_id, []).append(idea)
    commitments = [
        (
            p,
            sorted(
                (by_id[i] for i in by_person.get(p.id, []) if i in by_id),
                key=lambda idea: (ranks.get(idea.id, 0), idea.id),
            ),
        )
        for p in participants
    ]
    origins = origin_views(i.origin_idea_id for i in colleague if i.origin_idea_id is not None)
    carried_ids = {
        i.id
        for i in colleague
        if i.origin_idea_id in origins and (i.parent_id is None or i.parent_id not in by_id)
    }
    reviewed = workshop.current_phase.value in ("review", "closed")
    review = _review_items(workshop, by_id, ranks) if reviewed else []
    tried_total = {"yes": 0, "partly": 0, "no": 0}
    for item in review:
        for key in tried_total:
            tried_total[key] += item["tried"][key]
    reports = sum(item["reports"] for item in review)
    feeling_sum = sum(sum(n * (i + 1) for i, n in enumerate(item["feelings"])) for item in review)
    facilitators = _facilitators(workshop)
    context = {
        "workshop": workshop,
        "facilitators": [u.name for u in facilitators],
        "next_review": glance.next_review(workshop),
        "generated_at": generated_at,
        "participants": participants,
        "client_ideas": client,
        "client_numbers": {idea.id: n for n, idea in enumerate(client, 1)},
        "colleague_ideas": colleague,
        "free_ideas": [
            i
            for i in colleague
            if (i.parent_id is None or i.parent_id not in by_id) and i.id not in carried_ids
        ],
        # Carried over from an earlier workshop: each with how it went there.
        "carried": [(i, origins[i.origin_idea_id]) for i in colleague if i.id in carried_ids],
        "mirror": [(c, children.get(c.id, [])) for c in client],
        "ranking": ranking,
        "chart_top": _chart_top(ranking, ranks),
        "ranks": ranks,
        "tallies": tallies,
        "uncommitted_ideas": len(colleague) - len(ranking),
        "commitments": [(p, chosen) for p, chosen in commitments if chosen],
        "unnamed_commitments": sum(tallies.get(i.id, 0) for i in colleague)
        - sum(len(chosen) for _, chosen in commitments),
        "not_committed": sum(1 for p in participants if p.id not in voters),
        "committed_people": sum(1 for p in participants if p.id in voters),
        "vote_count": sum(tallies.get(i.id, 0) for i in colleague),
        "review": review,
        "review_totals": {
            "committed": sum(item["committed"] for item in review),
            "reports": reports,
            "tried": tried_total,
            "feeling_mean": feeling_sum / reports if reports else None,
        },
        "decisions": decisions,
        "decided": sum(1 for item in review if item["decision"]),
        "decision_counts": [
            (choice, n)
            for choice in DECISIONS
            if (n := sum(1 for i in review if (i["decision"] or {}).get("choice") == choice))
        ],
        "reviewed": reviewed,
        "typo": Typography(workshop.language),
        "charts": charts,
        "hanging": hanging,
        "long_date": lambda day: format_date(day, format="long"),
        "decimal": lambda value: format_decimal(value, format="0.0"),
        "signed": _signed,
    }
    context["barometer"] = baro = _barometer(workshop)
    day15 = barometer.round_state(workshop)["rounds"]["day15"]
    context["glance"] = glance.at_a_glance(
        context,
        baro["day0"] if baro else None,
        baro["changes"] if baro else None,
        day15_open=day15["opened"] and not day15["closed"],
    )
    return context


# The template's indentation: a line break and spaces between two tags.
_INDENTATION = re.compile(r">\s*\n\s*<")


def bilan_html(workshop: Workshop, generated_at: dt.datetime | None = None) -> str:
    """The document's HTML, in the workshop's language.

    Without the template's indentation: WeasyPrint parses every run of
    spaces between two tags and wraps it in boxes of its own that layout
    then skips, a few percent of a large bilan's time. Only whitespace that
    holds a line break and sits between a ">" and a "<" goes: what people
    typed is escaped (no raw "<" or ">"), and no line break of the template
    stands for a space between two inline elements (the cover's figures,
    inline blocks, are spaced by their margins).
    """
    generated_at = generated_at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with force_locale(workshop.language):
        html = render_template("pdf/bilan.html", **bilan_context(workshop, generated_at))
    html = _INDENTATION.sub("><", html)
    return french_typography(html) if workshop.language == "fr" else html


@contextlib.contextmanager
def _no_cyclic_gc():
    """Pause the cyclic garbage collector while WeasyPrint works.

    Parsing, layout and drawing allocate hundreds of thousands of
    short-lived objects (boxes, styles, text layouts), and the collector's
    passes over them cost a quarter of the time of a large bilan
    (docs/performance.md, "PDF bilan"). The work is CPU-bound and does not
    yield to other greenlets, so nothing else runs meanwhile; reference
    counting still frees memory as usual.

    One pause covers the whole job, from parsing to the PDF's bytes: each
    time the collector is switched back on, its next pass walks every object
    allocated meanwhile, so pausing twice (layout, then drawing) paid for
    the document's boxes twice. WeasyPrint's document is held together by
    reference cycles (its layout context, images and boxes refer to each
    other), so one pass after the job is still needed to free it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def bilan_document(workshop: Workshop, generated_at: dt.datetime | None = None):
    """The laid-out WeasyPrint document (pages and boxes), before it is written."""
    static = Path(current_app.static_folder).resolve()
    html_text = bilan_html(workshop, generated_at)
    with _no_cyclic_gc():
        return _layout(html_text, static)


def _layout(html_text: str, static: Path):
    """HTML to pages; needs no application context, so it can run in a thread.

    Call it with the collector paused (``_no_cyclic_gc``)."""
    html = _html_class()(
        string=html_text,
        base_url=static.as_uri() + "/",
        encoding="utf-8",
        url_fetcher=_url_fetcher(static),
    )
    return html.render(stylesheets=[_stylesheet(static)], font_config=_font_config())


# Tagged for screen readers and reflow (PDF/UA-1): WeasyPrint writes the
# structure tree from the HTML (headings, lists, tables, figures with their
# alternative text), the title from <title> and the language from <html lang>.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


def _pdf_from_html(html_text: str, static: Path) -> bytes:
    with _no_cyclic_gc():
        return _layout(html_text, static).write_pdf(**PDF_OPTIONS)


def render_bilan(workshop: Workshop, generated_at: dt.datetime | None = None) -> bytes:
    """The PDF. The data is read here; the layout, seconds of CPU for a large
    workshop, runs in a native thread under gevent so that the event loop
    keeps serving every open page meanwhile."""
    # The first import loads Pango through cffi, which may start a
    # subprocess: gevent allows that only on the main loop, not in a thread.
    import weasyprint  # noqa: F401

    static = Path(current_app.static_folder).resolve()
    html_text = bilan_html(workshop, generated_at)
    return run_native("bilan", _pdf_from_html, html_text, static)


def filename(workshop: Workshop) -> str:
    """bilan-<team>-<date>.pdf (report-… in English), in plain ASCII so every
    mail client keeps it."""
    label = workshop.team or workshop.title
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_label).strip("-").lower()[:40] or "atelier"
    noun = "report" if workshop.language == "en" else "bilan"
    return f"{noun}-{slug}-{workshop.date.isoformat()}.pdf"


def new_manager_link(identity: Identity) -> Outcome:
    """Make (or replace) the manager's read-only link; the old one stops working."""
    identity.require_facilitator()

    def apply(workshop: Workshop, outcome: Outcome):
        workshop.manager_nonce = tokens.new_nonce()

    return run_change(identity.workshop_id, apply)


def revoke_manager_link(identity: Identity) -> Outcome:
    identity.require_facilitator()

    def apply(workshop: Workshop, outcome: Outcome):
        workshop.manager_nonce = None

    return run_change(identity.workshop_id, apply)
