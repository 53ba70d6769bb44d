"""A random sample of the mutants not run yet, for a mutation run that has
less time than the whole (`make mutation-sample`).

Each not-yet-run mutant of the modules asked for is drawn with the same
probability, from a fixed seed, so the sample's score estimates the score of
all of them and a second call draws the same names.

    .venv/bin/python -m tests.mutation_sample 0.25 atelier.services.views. ...
"""

import json
import random
import sys

from .mutation_report import MUTANTS


def not_run(prefix: str) -> list[str]:
    names = []
    for meta in sorted(MUTANTS.glob("atelier/**/*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        names += sorted(name for name, code in codes.items() if code is None)
    return [name for name in names if name.startswith(prefix)]


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    if not any(MUTANTS.glob("atelier/**/*.py.meta")):
        print("No mutants yet: start `make mutation` first.", file=sys.stderr)
        return 1
    fraction = float(argv[0])
    drawn = []
    # The same fraction of each module (prefix), so each module's score is estimated.
    for prefix in argv[1:] or ["atelier."]:
        candidates = not_run(prefix)
        drawn += random.Random(15).sample(candidates, round(fraction * len(candidates)))
    print("\n".join(sorted(drawn)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
