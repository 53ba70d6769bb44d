"""A pytest plugin for `make mutation`: which of a mutant's tests run, in what
order, and for how long. Outside a mutant run it changes nothing.

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
- A time limit per test. A mutant that makes one test wait forever (a page
  waiting for a message that never comes) is stopped by mutmut only after
  several times the CPU time of *all* its tests: a quarter of an hour for a
  function every test calls. Here a test that has run 5 × its measured
  time (at least 10 s) ends the run with mutmut's "timeout" exit code: the
  mutant counts as killed, as a hang does, and the report lists it apart.
"""

import functools
import json
import os
import signal
import sys
from pathlib import Path

import pytest

# mutmut runs pytest inside `mutants/`, where it keeps its measurements.
STATS = Path("mutmut-stats.json")
DOMAIN = "atelier.domain."
UNIT_TESTS = "tests/unit/"
SLOWER = 5
AT_LEAST = 10.0
UNMEASURED = 60.0
MUTMUT_TIMEOUT = 36


@functools.cache
def _durations():
    # Read once per mutant (each runs in a process of its own): the file is
    # megabytes, and tests would otherwise each pay for it.
    try:
        return json.loads(STATS.read_text())["duration_by_test"]
    except (OSError, ValueError, KeyError):
        return {}


def _mutant() -> str:
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    return mutant if "__mutmut_" in mutant else ""


def pytest_collection_modifyitems(session, config, items):
    mutant = _mutant()
    if not mutant:
        return
    if mutant.startswith(DOMAIN):
        others = [item for item in items if not item.nodeid.startswith(UNIT_TESTS)]
        if others:
            config.hook.pytest_deselected(items=others)
            items[:] = [item for item in items if item.nodeid.startswith(UNIT_TESTS)]
    durations = _durations()
    items.sort(key=lambda item: durations.get(item.nodeid, float("inf")))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    if not _mutant():
        yield
        return
    measured = _durations().get(item.nodeid)
    limit = UNMEASURED if measured is None else max(AT_LEAST, SLOWER * measured)

    def stop(signum, frame):
        # Out at once with the exit code mutmut gives a hang ("timeout"), so
        # that the report tells these from failed tests.
        print(f"\n{item.nodeid} ran {limit:.0f} s under a mutant", file=sys.stderr, flush=True)
        os._exit(MUTMUT_TIMEOUT)

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
