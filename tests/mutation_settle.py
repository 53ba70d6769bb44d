"""Settle "unsettled" mutants (`make mutation MUTATION_BUDGET=…`) by hand.

A mutant whose budget ran out before its killing test was reached is switched
on here, as mutmut does (`MUTANT_UNDER_TEST`, inside `mutants/`), against the
tests you name: the ones nearest to what it changes. The first test that fails
is written to `mutants/mutation-killers.txt`, as the plugin writes mutmut's
own kills, with the hash mutmut keeps of the function's source:
`tests.mutation_report` then counts the mutant killed for as long as that
function is unchanged (mutmut numbers a changed function's mutants anew), and
a later `mutmut run` tries that test first. A mutant they all pass is left
as it was.

    .venv/bin/python -m tests.mutation_settle tests/integration/test_x.py -- NAME...
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.mutation_order import KILLERS

MUTANTS = Path(__file__).resolve().parent.parent / "mutants"


def function_hash(name: str) -> str:
    """mutmut's hash of the source of the function this mutant changes."""
    module, _, mutant = name.rpartition(".")
    meta = MUTANTS / (module.replace(".", "/") + ".py.meta")
    hashes = json.loads(meta.read_text(encoding="utf-8"))["hash_by_function_name"]
    return hashes[mutant.rpartition("__mutmut_")[0]]


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
                killers.write(f"{name}\t{test}\t{function_hash(name)}\n")
        print(f"{name}: {'killed by ' + test if test else 'every test passes'}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
