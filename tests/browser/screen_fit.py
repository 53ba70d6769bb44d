"""What the projected screen is measured with: the sample rooms (12 and 40
people, French and English), the walk through every step, and the fit.

Shared by tests/browser/test_screen_fit.py and `make screenshots`-style
scripts that want the same rooms at the same steps.
"""

import contextlib
import os
import re
import sqlite3
import subprocess
import sys

from ..servers import ok

SIZES = ("demo", "large")
LANGUAGES = ("fr", "en")
PROJECTORS = ((1280, 720), (1920, 1080))


def make_room(env: dict, size: str, language: str) -> tuple[str, str]:
    """``atelier demo --size … --phase review`` in the server's database: (code, key)."""
    done = subprocess.run(
        [sys.executable, "-m", "atelier", "demo", "--size", size, "--language", language,
         "--phase", "review"],
        env={**os.environ, "ATELIER_SECRET_KEY": "tests-only-secret",
             "ATELIER_ASYNC_MODE": "threading", **env},
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    code, key = re.search(r"/w/(\w+)/f/(\S+)", done.stdout).groups()
    return code, key


def hardest_review_idea(database: str, code: str) -> int:
    """The decided idea with the longest text (and its comments): the hardest to focus on."""
    with contextlib.closing(sqlite3.connect(database)) as db:
        return db.execute(
            "SELECT i.id FROM ideas i JOIN workshops w ON w.id = i.workshop_id"
            " JOIN decisions d ON d.idea_id = i.id WHERE w.code = ?"
            " ORDER BY length(i.text) + length(d.note) DESC LIMIT 1",
            (code,),
        ).fetchone()[0]


def walk(facilitator, first_idea: int | None):
    """Every step the screen shows, from the review back to the lobby, then closed.

    Yields the name of each state once the facilitator has moved there.
    """
    yield "review"
    if first_idea is not None:
        ok(facilitator, "review.focus", {"idea_id": first_idea})
        yield "review-focus"
        ok(facilitator, "review.focus", {"idea_id": None})
    for phase in ("results", "vote"):
        ok(facilitator, "phase.set", {"phase": phase})
        yield phase
    ok(facilitator, "tallies.reveal", {"revealed": True})
    yield "vote-revealed"
    ok(facilitator, "tallies.reveal", {"revealed": False})
    for phase in ("transposition", "client_ideas", "lobby"):
        ok(facilitator, "phase.set", {"phase": phase})
        yield phase
    for phase in ("client_ideas", "transposition", "vote", "results", "review", "closed"):
        ok(facilitator, "phase.set", {"phase": phase})
    yield "closed"


# Everything the room might not see: returns one line per problem.
FIT_JS = r"""
({minFont, minIdeaFont}) => {
  const problems = [];
  const W = innerWidth, H = innerHeight;
  const root = document.scrollingElement;
  if (root.scrollHeight > root.clientHeight + 1 || root.scrollWidth > root.clientWidth + 1)
    problems.push(`page scrolls: ${root.scrollWidth}×${root.scrollHeight}`);
  const visible = (el) => {
    if (el.closest("[hidden], dialog:not([open]), .visually-hidden, .skip-link")) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    const s = getComputedStyle(el);
    return s.visibility !== "hidden" && s.display !== "none" && Number(s.opacity) > 0.05;
  };
  const name = (el) => {
    const cls = typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : "";
    return `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${cls} "${(el.textContent || "").trim().slice(0, 40)}"`;
  };
  const ideaText = ".idea-text, .bar-text, .review-card-text, .closed-text, .focus-text, .comment-text";
  const all = [...document.querySelectorAll("body *")].filter(visible);
  for (const el of all) {
    const r = el.getBoundingClientRect();
    if (r.left < -1 || r.top < -1 || r.right > W + 1 || r.bottom > H + 1)
      problems.push(`outside the screen: ${name(el)} ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`);
    const s = getComputedStyle(el);
    const hasText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (/(hidden|clip|auto|scroll)/.test(s.overflowX + s.overflowY) && el.textContent.trim()) {
      if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
        problems.push(`clipped: ${name(el)} ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`);
    }
    if (!hasText) continue;
    const size = parseFloat(s.fontSize);
    const min = el.closest(ideaText) ? minIdeaFont : minFont;
    if (min && size < min - 0.05) problems.push(`small type ${size.toFixed(1)}px < ${min}px: ${name(el)}`);
    const line = el.getClientRects()[0] || r; // an inline text: its first line
    const x = Math.min(W - 1, Math.max(0, line.left + line.width / 2)), y = Math.min(H - 1, Math.max(0, line.top + line.height / 2));
    const hit = document.elementFromPoint(x, y);
    if (!hit || !(el === hit || el.contains(hit) || hit.contains(el) && getComputedStyle(hit).pointerEvents === "none"))
      problems.push(`covered: ${name(el)} by ${hit ? name(hit) : "nothing"}`);
  }
  return problems;
}
"""


def fit_problems(page, small: bool) -> list[str]:
    """Overflow, clipping, cover, and (at 1280×720) type under 14 px (ideas under 18 px)."""
    limits = {"minFont": 14, "minIdeaFont": 18} if small else {"minFont": 0, "minIdeaFont": 0}
    return page.evaluate(FIT_JS, limits)
