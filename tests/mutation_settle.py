"""Settle "unsettled" mutants (`make mutation MUTATION_BUDGET=…`) by hand.

A mutant whose budget ran out before its killing test was reached is switched
on here, as mutmut does (`MUTANT_UNDER_TEST`, inside `mutants/`), against the
tests you name: the ones nearest to what it changes. The first test that fails
is written to `mutants/mutation-killers.txt`, as the plugin writes mutmut's
own kills: `tests.mutation_report` then counts the mutant killed, and a later
`mutmut run` tries that test first. A mutant they all pass is left as it was.

    .venv/bin/python -m tests.mutation_settle tests/integration/test_x.py -- NAME...
"""

import os
import subprocess
import sys
from pathlib import Path

from tests.mutation_order import KILLERS

MUTANTS = Path(__file__).resolve().parent.parent / "mutants"


def first_failure(name: str, tests: list[str]) -> str | None:
    """The first test that fails with this mutant on (None: they all pass)."""
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "--rootdir=.", "--tb=no", "-rf", *tests],
        cwd=MUTANTS,
        env=dict(os.environ, MUTANT_UNDER_TEST=name),
        capture_output=True,
        text=True,
    )
    failed = [line.split()[1] for line in run.stdout.splitlines() if line.startswith("FAILED ")]
    if run.returncode not in (0, 1) or (run.returncode == 1) != bool(failed):
        # No test ran, or pytest broke: that settles nothing.
        raise SystemExit(f"{name}: pytest exited {run.returncode}\n{run.stdout[-2000:]}")
    return failed[0] if failed else None


def main(argv: list[str]) -> int:
    if "--" not in argv:
        print(__doc__)
        return 2
    tests, names = argv[: argv.index("--")], argv[argv.index("--") + 1 :]
    for name in names:
        test = first_failure(name, tests)
        if test:
            with (MUTANTS / KILLERS).open("a", encoding="utf-8") as killers:
                killers.write(f"{name}\t{test}\n")
        print(f"{name}: {'killed by ' + test if test else 'every test passes'}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
