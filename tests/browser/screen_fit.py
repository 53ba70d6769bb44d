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
from pathlib import Path

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
FIT_JS = (Path(__file__).parent / "screen_fit.js").read_text()


def fit_problems(page, small: bool) -> list[str]:
    """Overflow, clipping, cover, and (at 1280×720) type under 14 px (ideas under 18 px)."""
    limits = {"minFont": 14, "minIdeaFont": 18} if small else {"minFont": 0, "minIdeaFont": 0}
    return page.evaluate(FIT_JS, limits)
