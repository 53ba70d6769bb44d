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
- The tests that killed a sibling first. Each test that fails under a
  mutant is written down (`mutation-killers.txt`, beside mutmut's stats);
  a later mutant of the same function runs those tests first, then those
  that killed a mutant elsewhere in its module, then the rest. Mutants of
  one function mostly die by the same tests, and those are not always the
  quickest ones.
- A time limit per test. A mutant that makes one test wait forever (a page
  waiting for a message that never comes) is stopped by mutmut only after
  several times the CPU time of *all* its tests: a quarter of an hour for a
  function every test calls. Here a test that has run 5 × its measured
  time (at least 10 s) ends the run with mutmut's "timeout" exit code: the
  mutant counts as killed, as a hang does, and the report lists it apart.
- A budget per mutant, when MUTATION_BUDGET (seconds) is set. A mutant no
  test kills runs every test that calls its function: minutes for the
  functions every page goes through. With a budget, a mutant still alive
  after that much test time ends as "unsettled" (mutmut's "suspicious"):
  not counted either way, listed by the report, to be settled by reading
  it (an equivalence) or by a test that kills it. Never counted killed.
"""

import functools
import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest

# mutmut runs pytest inside `mutants/`, where it keeps its measurements.
STATS = Path("mutmut-stats.json")
KILLERS = Path("mutation-killers.txt")
DOMAIN = "atelier.domain."
UNIT_TESTS = "tests/unit/"
SLOWER = 5
AT_LEAST = 10.0
UNMEASURED = 60.0
MUTMUT_TIMEOUT = 36
MUTMUT_SUSPICIOUS = 35
BUDGET = float(os.environ.get("MUTATION_BUDGET") or 0)

# When this mutant's first test started (each mutant runs in a process of its own).
_started: float | None = None


@functools.cache
def _durations():
    # Read once per mutant (each runs in a process of its own): the file is
    # megabytes, and tests would otherwise each pay for it.
    try:
        return json.loads(STATS.read_text())["duration_by_test"]
    except (OSError, ValueError, KeyError):
        return {}


def _killers(mutant: str) -> tuple[set[str], set[str]]:
    """The tests that killed another mutant of this function, and of this module."""
    function, module = mutant.rpartition("__mutmut_")[0], mutant.rpartition(".")[0]
    of_function, of_module = set(), set()
    try:
        lines = KILLERS.read_text(encoding="utf-8").splitlines()
    except OSError:
        return of_function, of_module
    for line in lines:
        killed, test = line.split("\t")[:2]
        if killed.rpartition(".")[0] == module:
            of_module.add(test)
            if killed.rpartition("__mutmut_")[0] == function:
                of_function.add(test)
    return of_function, of_module


def _mutant() -> str:
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    return mutant if "__mutmut_" in mutant else ""


def pytest_sessionstart(session):
    global _started
    _started = None


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
    of_function, of_module = _killers(mutant)

    def order(item):
        known = 0 if item.nodeid in of_function else 1 if item.nodeid in of_module else 2
        return known, durations.get(item.nodeid, float("inf"))

    items.sort(key=order)


def pytest_runtest_logreport(report):
    mutant = _mutant()
    if mutant and report.failed:
        # One short line per kill, appended: the parallel mutants each write
        # whole lines.
        with KILLERS.open("a", encoding="utf-8") as killers:
            killers.write(f"{mutant}\t{report.nodeid}\n")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    global _started
    if not _mutant():
        yield
        return
    now = time.monotonic()
    if _started is None:
        _started = now
    measured = _durations().get(item.nodeid)
    limit = UNMEASURED if measured is None else max(AT_LEAST, SLOWER * measured)
    left = BUDGET - (now - _started) if BUDGET else limit
    if left <= 0:
        _unsettled(item)
    over_budget = left < limit

    def stop(signum, frame):
        # Out at once with the exit code mutmut gives a hang ("timeout"), so
        # that the report tells these from failed tests.
        if over_budget:
            _unsettled(item)
        print(f"\n{item.nodeid} ran {limit:.0f} s under a mutant", file=sys.stderr, flush=True)
        os._exit(MUTMUT_TIMEOUT)

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, min(limit, left))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _unsettled(item):
    print(f"\nbudget of {BUDGET:.0f} s spent at {item.nodeid}", file=sys.stderr, flush=True)
    os._exit(MUTMUT_SUSPICIOUS)
