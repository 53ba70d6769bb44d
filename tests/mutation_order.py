"""A pytest plugin for `make mutation`: which of a mutant's tests run, and in
what order. Outside a mutant run it changes nothing.

- Quickest first. mutmut gives a mutant the tests that call the function it
  changed, in no particular order, and stops at the first failure (`-x`).
  Running the quickest first (by the durations mutmut measured in its first
  pass) lets a mutant that a unit test kills die in a second instead of
  after minutes of integration tests.
- The domain against its unit tests. `atelier/domain/` is plain Python and
  `tests/unit/` is where its rules are pinned down; a domain rule that only
  an integration test notices is a unit test missing. It also keeps a
  domain survivor from costing the minutes of every integration test that
  goes through `check_text` or `clean_settings`.
"""

import json
import os
from pathlib import Path

# mutmut runs pytest inside `mutants/`, where it keeps its measurements.
STATS = Path("mutmut-stats.json")
DOMAIN = "atelier.domain."
UNIT_TESTS = "tests/unit/"


def _durations():
    try:
        return json.loads(STATS.read_text())["duration_by_test"]
    except (OSError, ValueError, KeyError):
        return {}


def pytest_collection_modifyitems(session, config, items):
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    if "__mutmut_" not in mutant:
        return
    if mutant.startswith(DOMAIN):
        others = [item for item in items if not item.nodeid.startswith(UNIT_TESTS)]
        if others:
            config.hook.pytest_deselected(items=others)
            items[:] = [item for item in items if item.nodeid.startswith(UNIT_TESTS)]
    durations = _durations()
    items.sort(key=lambda item: durations.get(item.nodeid, float("inf")))
