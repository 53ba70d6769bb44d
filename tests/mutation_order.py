"""A pytest plugin for `make mutation`: each mutant's tests, quickest first.

mutmut gives a mutant the tests that call the function it changed, in no
particular order, and stops at the first failure (`-x`). Running the
quickest first (by the durations mutmut measured in its first pass) lets
a mutant that a unit test kills die in a second instead of after minutes
of integration tests. Outside a mutant run it changes nothing.
"""

import json
import os
from pathlib import Path

# mutmut runs pytest inside `mutants/`, where it keeps its measurements.
STATS = Path("mutmut-stats.json")


def _durations():
    try:
        return json.loads(STATS.read_text())["duration_by_test"]
    except (OSError, ValueError, KeyError):
        return {}


def pytest_collection_modifyitems(session, config, items):
    if "__mutmut_" not in os.environ.get("MUTANT_UNDER_TEST", ""):
        return
    durations = _durations()
    items.sort(key=lambda item: durations.get(item.nodeid, float("inf")))
