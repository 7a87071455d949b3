"""Print `make mutate`'s score per module from mutmut's results (mutants/**/*.meta).

    python tests/mutation_summary.py [--equivalent tests/mutation_equivalent.txt]

Killed counts kills, timeouts and segfaults (the mutant broke the code so that the tests
stopped); survived counts survivors and suspicious ones; "no tests" are mutants that no
selected test reaches, and count as survivors.  Mutants listed in the equivalent file (one
mutant name a line, '#' comments) are left out of the score and listed instead.  Exits 1 when
the overall score of the mutants checked is below 90 %.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

KILLED = {1, 3, 36, 24, -24, 152, 255, -11, -9}
SURVIVED = {0, 35}
NO_TESTS = {5, 33}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mutants", default="mutants/graph")
    parser.add_argument("--equivalent", default="tests/mutation_equivalent.txt")
    args = parser.parse_args()
    eq_path = Path(args.equivalent)
    equivalent = set()
    if eq_path.exists():
        equivalent = {line.split("#")[0].strip() for line in eq_path.read_text(encoding="utf-8").splitlines()}
        equivalent.discard("")
    rows: dict[str, Counter] = {}
    for meta in sorted(Path(args.mutants).rglob("*.py.meta")):
        module = str(meta.relative_to(Path(args.mutants).parent)).removesuffix(".meta")
        counts = rows.setdefault(module, Counter())
        for name, code in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].items():
            if name in equivalent:
                counts["equivalent"] += 1
            elif code is None:
                counts["not run"] += 1
            elif code in KILLED:
                counts["killed"] += 1
            elif code in NO_TESTS:
                counts["no tests"] += 1
            elif code in SURVIVED:
                counts["survived"] += 1
            else:
                counts["other"] += 1
    cols = ["killed", "survived", "no tests", "equivalent", "not run"]
    print(f"| module | {' | '.join(cols)} | score |")
    print("|---|" + "---:|" * (len(cols) + 1))
    total = Counter()
    for module, counts in rows.items():
        if not sum(counts.values()):
            continue
        total += counts
        print(f"| {module} | {' | '.join(str(counts[c]) for c in cols)} | {score(counts)} |")
    print(f"| **all** | {' | '.join(str(total[c]) for c in cols)} | {score(total)} |")
    checked = total["killed"] + total["survived"] + total["no tests"]
    return 0 if checked and total["killed"] / checked >= 0.9 else 1


def score(counts: Counter) -> str:
    checked = counts["killed"] + counts["survived"] + counts["no tests"]
    return f"{100 * counts['killed'] / checked:.1f} %" if checked else "–"


if __name__ == "__main__":
    sys.exit(main())
