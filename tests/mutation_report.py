"""The mutation score per module, and the mutants that survived (`make mutation`).

Reads what mutmut left in mutants/ (one `.meta` per mutated file). A survivor
listed in docs/testing.md as equivalent (a change nobody could observe) does
not count against the score; every other survivor does, and is printed with
the command that shows its diff.

    .venv/bin/python -m tests.mutation_report
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

from tests.mutation_order import KILLERS

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
DOC = ROOT / "docs" / "testing.md"
# mutmut's exit codes (mutmut.stats.status_by_exit_code): a test failed (1),
# pytest broke (3), or the mutant ran out of time (a hang: caught too).
KILLED = {1, 3, 24, -24, 152, 255, 36}
# Of those, the hangs: mutmut's CPU limit, or a test over its time under a
# mutant (tests/mutation_order.py). Counted killed, as mutmut does, but listed:
# on a loaded machine a slow survivor can end up here.
TIMEOUT = {24, -24, 152, 255, 36}
SURVIVED = {0}
NO_TESTS = {5, 33}
# Stopped when MUTATION_BUDGET ran out, no test having failed (mutmut's
# "suspicious", tests/mutation_order.py): neither killed nor survived until
# the doc's table settles it.
UNSETTLED = {35}
# A row of the doc's survivors table: | `name` | equivalent: why |, or
# | `name` | survives: why |
VERDICT = re.compile(r"^\|\s*`([\w.ǁ]+__mutmut_\d+)`\s*\|\s*(equivalent|survives)", re.MULTILINE)


def verdicts() -> dict[str, str]:
    return dict(VERDICT.findall(DOC.read_text(encoding="utf-8")))


def killed_by_hand() -> dict[str, str]:
    """Mutants a test failed under, outside mutmut's own records: an unsettled
    one switched on by `tests.mutation_settle` (mutants/mutation-killers.txt),
    with the hash of its function's source then."""
    try:
        lines = (MUTANTS / KILLERS).read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    rows = [line.split("\t") for line in lines]
    return {row[0]: row[2] for row in rows if len(row) == 3}


def module_of(meta: Path) -> str:
    """atelier/domain/ballots.py.meta → atelier/domain/ (domain files add up),
    atelier/services/votes.py.meta → atelier/services/votes.py."""
    relative = meta.relative_to(MUTANTS).as_posix().removesuffix(".meta")
    return "atelier/domain/" if relative.startswith("atelier/domain/") else relative


def main() -> int:
    metas = sorted(MUTANTS.glob("atelier/**/*.py.meta"))
    if not metas:
        print("No results in mutants/: run `make mutation` first.")
        return 1
    verdict = verdicts()
    by_hand = killed_by_hand()
    counts: dict[str, Counter] = {}
    survivors: list[str] = []
    timeouts: list[str] = []
    unsettled: list[str] = []
    for meta in metas:
        record = json.loads(meta.read_text(encoding="utf-8"))
        codes, hashes = record["exit_code_by_key"], record["hash_by_function_name"]
        count = counts.setdefault(module_of(meta), Counter())
        for name, code in codes.items():
            count["mutants"] += 1
            function = name.rpartition(".")[2].rpartition("__mutmut_")[0]
            if code in UNSETTLED and by_hand.get(name) == hashes.get(function):
                # Killed by hand, and its function has not changed since.
                code = 1
            if code in TIMEOUT and verdict.get(name) == "equivalent":
                # A change nobody can observe that still ran out of time: the
                # machine's load, not a hang (the table's reading prevails).
                code = 0
            if code is None:
                count["not run"] += 1
            elif code in KILLED:
                count["killed"] += 1
                if code in TIMEOUT:
                    count["timeout"] += 1
                    timeouts.append(name)
            elif verdict.get(name) == "equivalent":
                count["equivalent"] += 1
            elif code in UNSETTLED and name not in verdict:
                count["unsettled"] += 1
                unsettled.append(name)
            else:
                count["survived"] += 1
                status = "no test runs it" if code in NO_TESTS else f"exit {code}"
                survivors.append(f"{name} ({status})" if code not in SURVIVED else name)
    print(
        f"{'module':40} {'mutants':>7} {'killed':>7} {'timeout':>7} {'equiv.':>7} "
        f"{'survived':>8} {'unsettl.':>8} {'not run':>7} {'score':>6}"
    )
    for module, count in counts.items():
        scored = count["killed"] + count["survived"]
        score = f"{100 * count['killed'] / scored:.1f}%" if scored else "-"
        print(
            f"{module:40} {count['mutants']:7} {count['killed']:7} {count['timeout']:7} "
            f"{count['equivalent']:7} {count['survived']:8} {count['unsettled']:8} "
            f"{count['not run']:7} {score:>6}"
        )
    print(
        "\nScore: killed / (killed + survived); equivalent mutants (docs/testing.md) "
        "and those unsettled or not run yet are left out."
    )
    if timeouts:
        print(f"\n{len(timeouts)} killed by a timeout (counted in 'killed'):")
        for name in timeouts:
            print("   ", name)
    if unsettled:
        print(f"\n{len(unsettled)} unsettled (MUTATION_BUDGET spent, no test failed):")
        for name in unsettled:
            print("   ", name)
    if survivors:
        print(f"\n{len(survivors)} surviving mutants (`.venv/bin/mutmut show NAME` for the diff):")
        for name in survivors:
            print("   ", name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
