"""`make mutate`: mutmut over the modules that carry the promises, one module at a time, each
against its own test files; then the score per module (docs/testing.md).

    python tests/mutate.py [GROUP ...]      # default: every group, the endpoint last; the fixed
                                            # sample: 1 in 20 mutants of each module, 1 in 60 of the slow ones
    python tests/mutate.py --every [GROUP ...]   # every mutant (about 15,000: some fifteen hours)
    python tests/mutate.py --summary        # only print the table of the last runs (of the sample;
                                            # with --every, of every mutant that ran)
    python tests/mutate.py --sample 20 --only 'graph.views.explorer.*' 'graph.views.*'
                                            # every 20th mutant of one file of a group
    python tests/mutate.py --sample 20 --offset 7 'graph.store.*'
                                            # another 1 in 20: the 7th, 27th, 47th … not yet run

mutmut records, in one clean run over every test file of ``[tool.mutmut]``, which tests call
each function, and runs a mutant against those.  That is both too many and too few: a function
such as ``parse_quantity`` is called by every test that builds the corpus (a surviving mutant
would have to pass all of them, minutes each), and a function called while a module-scoped
fixture is made is seen in the first test only.  So before each group runs, every function of
the group is given exactly the tests of the group's test files (``GROUPS``).  The seed build that most tests read is built once, unmutated, and shared
through SZKG_TEST_BUILT (tests/conftest.py); tests that build on their own run the mutant.

Every module has more mutants than two cores judge in half an hour (about 15,000 together, three
seconds to a minute each), so a run judges a fixed sample: the mutants whose name's SHA-256 is 0
modulo 20 (modulo 60 for the build's and the stores' modules and the endpoint, whose tests build
corpora and start servers), the same ones from run to run and machine to machine while the code
does not change, spread over every function of every module.  Its score estimates the whole's;
``--every`` runs the rest.

A run resumes: each group hands mutmut only its mutants not killed yet (never run, survived,
no tests), so survivors are judged again by the tests written since; delete mutants/ to run all.
``SKIP`` leaves out of a group the tests that cannot judge its mutants (the query runner's
process tests, for questions.py).

The score counts kills, timeouts and crashes as killed; survivors, suspicious mutants and
"no tests" (no selected test reaches the mutant) as not killed.  Mutants listed in
tests/mutation_equivalent.txt (one name a line, '#' comments saying why) are left out and
counted apart.  Exits 1 when the score of the mutants checked is below 90 %.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import pickle
import subprocess
import sys
from collections import Counter
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
STATS = MUTANTS / "mutmut-stats.json"
ORDER = MUTANTS / "test-seconds.json"
EQUIVALENT = ROOT / "tests" / "mutation_equivalent.txt"
KILLS = "tests/test_mutation_kills.py"
KILLS_QUERY = "tests/test_mutation_kills_query.py"
KILLS_BUILD = "tests/test_mutation_kills_build.py"
KILLS_SOURCES = "tests/test_mutation_kills_sources.py"
KILLS_VIEWS = "tests/test_mutation_kills_views.py"
KILLS_NAMES = "tests/test_mutation_kills_names.py"
KILLS_STORE = "tests/test_mutation_kills_store.py"
KILLS_PAGES = "tests/test_mutation_kills_pages.py"
KILLS_REBUILD = "tests/test_mutation_kills_rebuild.py"
CORPUS_BUILD = "tests/test_corpus_build.py"
KILLS_CORPUS = "tests/test_mutation_kills_corpus.py"

#: mutant-name pattern → the test files whose tests may judge its mutants
GROUPS: dict[str, list[str]] = {
    "graph.quantity.*": [KILLS, "tests/test_text.py"],
    "graph.extract.relations.*": ["tests/test_relation_rules.py"],
    "graph.names.*": [KILLS, KILLS_NAMES, "tests/test_text.py", "tests/test_entity.py"],
    "graph.query.entity.*": [KILLS, KILLS_NAMES, "tests/test_entity.py"],
    "graph.query.questions.*": [KILLS, KILLS_QUERY, "tests/test_query.py", "tests/test_reads.py"],
    "graph.query.runner.*": [KILLS, KILLS_QUERY, "tests/test_query.py", "tests/test_reads.py"],
    "graph.curate.sources.*": [KILLS, KILLS_SOURCES, "tests/test_curation_rules.py", "tests/test_ingest.py"],
    "graph.curate.guard.*": [KILLS, KILLS_SOURCES, "tests/test_batch_curation.py"],
    "graph.views.*": [KILLS, KILLS_VIEWS, KILLS_PAGES, "tests/test_explorer.py", "tests/test_report.py",
                      "tests/test_cli_analysis.py"],
    "graph.curate.build.*": [KILLS, KILLS_BUILD, KILLS_REBUILD, "tests/test_build.py", "tests/test_incremental.py",
                             CORPUS_BUILD],
    # the build's parts: worker processes (only generated corpora of 48 documents and more fork
    # them), the document graphs and dumps, the per-document cache; the files that build a corpus
    # themselves come first (the shared seed build is not mutated), the smaller corpora first (a
    # mutant that breaks every build fails the first test), the unit tests of other modules last
    "graph.curate.forked.*": [KILLS_CORPUS, CORPUS_BUILD, KILLS_REBUILD],
    "graph.curate.graphs.*": [KILLS_CORPUS, CORPUS_BUILD, KILLS_REBUILD, "tests/test_incremental.py", KILLS_BUILD,
                              "tests/test_build.py"],
    "graph.curate.cache.*": [KILLS_CORPUS, CORPUS_BUILD, KILLS_REBUILD, "tests/test_incremental.py", KILLS_SOURCES],
    "graph.store.*": [KILLS, KILLS_BUILD, KILLS_STORE, "tests/test_build.py", "tests/test_incremental.py"],
    "graph.query.server.*": ["tests/test_mutation_kills_server.py", "tests/test_server.py",
                             "tests/test_endpoint_clients.py", "tests/test_query_page.py"],  # last
}

#: tests of a group's files that cannot judge its mutants and would only slow every survivor down
#: (fnmatch patterns of test ids): the query runner's processes, for the questions' mutants
SKIP: dict[str, list[str]] = {
    "graph.query.questions.*": [f"{KILLS_QUERY}::{name}" for name in (
        "test_*runner*", "test_*worker*", "test_an_entity_card_job*", "test_run_question*",
        "test_the_cpu_limit*", "test_the_timeout_message*")],
}

KILLED = {1, 3, 36, 24, -24, 152, 255, -11, -9}
SURVIVED = {0, 35}
NO_TESTS = {5, 33}

#: the fixed sample: one mutant in SAMPLE, by the hash of its name
SAMPLE = 20
#: one in SLOW for the modules whose tests build corpora or start servers (a minute a mutant, not
#: seconds): a multiple of SAMPLE, so that their sample is part of what SAMPLE draws
SLOW = 60
SLOW_MODULES = ("graph.curate.build.", "graph.curate.forked.", "graph.curate.graphs.", "graph.curate.cache.",
                "graph.store.", "graph.query.server.")


def drawn(name: str) -> bool:
    """Whether a mutant is in the fixed sample: its name's SHA-256 is 0 modulo SAMPLE (SLOW for
    SLOW_MODULES)."""
    rate = SLOW if name.startswith(SLOW_MODULES) else SAMPLE
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big") % rate == 0


def shared_build() -> Path:
    """Build the seed corpus once with the code as it is (not the mutants)."""
    target = MUTANTS / "built.pickle"
    if not target.exists():
        # every facts part read now: a part parsed by a worker process (or taken from the cache)
        # holds a function that reads it when first asked for, which does not pickle
        code = ("import pickle, sys; from pathlib import Path; from graph.curate.build import build; "
                f"r = build(Path('sources'), Path('ontology'), Path({str(MUTANTS / 'built')!r})); "
                "[part.get() for part in r.corpus.parts]; sys.stdout.buffer.write(pickle.dumps(r))")
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                             check=True, capture_output=True).stdout
        MUTANTS.mkdir(exist_ok=True)
        target.write_bytes(out)
        pickle.loads(out)  # fail here, not in every mutant's run
    return target


def link_data() -> None:
    """Mirror the symbolic links of graph/ (graph/ontology → ../ontology) into mutants/graph/:
    mutmut copies files only, and the code reads the ontology through that link."""
    for link in (ROOT / "graph").rglob("*"):
        target = MUTANTS / link.relative_to(ROOT)
        if link.is_symlink() and not target.is_symlink():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(os.readlink(link))


def mutmut(*names: str) -> bool:
    """Run mutmut on some mutants; its output goes to mutants/run.log. False when it failed."""
    link_data()
    env = {**os.environ, "PYTHONPATH": str(MUTANTS), "SZKG_TEST_BUILT": str(shared_build()),
           "SZKG_TEST_ORDER": str(ORDER)}
    with (MUTANTS / "run.log").open("a", encoding="utf-8") as log:
        log.write(f"\n== {' '.join(names)}\n")
        log.flush()
        children = os.environ.get("MUTATE_CHILDREN") or str(os.cpu_count() or 2)
        done = subprocess.run(["mutmut", "run", "--max-children", children, *names], cwd=ROOT,
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    return done.returncode == 0


def narrow(pattern: str, files: list[str]) -> None:
    """Judge every mutant of one group by every test of the group's test files.

    Not only by the tests mutmut saw calling the function: a module-scoped fixture (an
    extractor compiled once) calls its functions during the first test only."""
    stats = json.loads(STATS.read_text(encoding="utf-8"))
    # tests written since mutmut timed the others: mutmut would time them itself, but would give
    # them only to the functions it sees them call in the test process, and the endpoint's
    # handlers run in its worker processes
    for test in collect(files):
        stats["duration_by_test"].setdefault(test, 0.0)
    tests = sorted(t for t in stats["duration_by_test"] if t.split("::")[0] in files
                   and not any(fnmatch(t, skip) for skip in SKIP.get(pattern, ())))
    functions = {name.partition("__mutmut_")[0] for meta in (MUTANTS / "graph").rglob("*.py.meta")
                 for name in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]}
    for function in functions:
        if fnmatch(function, pattern):
            stats["tests_by_mangled_function_name"][function] = tests
    STATS.write_text(json.dumps(stats), encoding="utf-8")
    # mutmut's fork server runs a mutant's tests in no particular order; tests/conftest.py runs
    # them file by file in the group's order, the fastest first within each file, so that a killed
    # mutant stops early and a file's module-scoped fixtures start once
    ORDER.write_text(json.dumps({"files": files, "seconds": stats["duration_by_test"]}), encoding="utf-8")


def collect(files: list[str]) -> list[str]:
    """The ids of the tests in these files (pytest --collect-only), without those pyproject.toml's
    ``[tool.mutmut]`` deselects."""
    import tomllib

    selection = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"][
        "pytest_add_cli_args_test_selection"]
    deselected = {selection[i + 1] for i, arg in enumerate(selection) if arg == "--deselect"}
    out = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                          *files], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                         capture_output=True, text=True)
    return [line for line in out.stdout.splitlines()
            if "::" in line and line.split("::")[0] in files and line not in deselected]


def pending(pattern: str, *, survivors: bool = False, sample: int = 1, offset: int = 0,
            only: str = "*", every: bool = True) -> list[str]:
    """The group's mutants not killed yet: never run, survived, or no tests (a run resumes where
    the last one stopped and judges the survivors again with the tests written since; delete
    mutants/ to run every mutant again).  Equivalent mutants are left out.  ``survivors``: only
    those that ran and lived; ``sample``: only every N-th of those never run, from the
    ``offset``-th on (another offset, another sample: a fresh mutants/ does not know which mutants
    an earlier sample ran); ``only``: only the mutants whose names also match this pattern (one
    file of the group); ``every=False``: only the mutants of the fixed sample (``drawn``)."""
    same = equivalent()
    found = sorted((name, code) for meta in (MUTANTS / "graph").rglob("*.py.meta")
                   for name, code in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].items()
                   if fnmatch(name, pattern) and fnmatch(name, only) and code not in KILLED
                   and name not in same and (every or drawn(name)))
    if survivors:
        return [name for name, code in found if code is not None]
    if sample > 1:
        return [name for name, code in found if code is None][offset % sample::sample]
    return [name for name, _ in found]


def equivalent() -> set[str]:
    """The mutants tests/mutation_equivalent.txt lists, less those whose mutation is no longer the
    one that was judged equivalent (``fingerprint``): a mutant is named by its function and a
    number, and when the function changes the number comes to mean another mutation."""
    return {name for name, mark in listed().items() if mark is None or mark == fingerprint(name)}


def listed() -> dict[str, str | None]:
    """tests/mutation_equivalent.txt: mutant name → the fingerprint its line records (``=`` and
    ten hex digits after the name), or None for a line without one."""
    if not EQUIVALENT.exists():
        return {}
    out = {}
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        words = line.split("#")[0].split()
        if words:
            out[words[0]] = words[1].removeprefix("=") if len(words) > 1 else None
    return out


_MUTANT_SOURCES: dict[Path, dict[str, str]] = {}


def fingerprint(name: str) -> str | None:
    """Ten hex digits of the SHA-256 of the mutant's function as mutmut wrote it into mutants/ (the
    body, without the name); None when mutants/ does not hold it."""
    module, function = name.rsplit(".", 1)
    path = MUTANTS / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = MUTANTS / module.replace(".", "/") / "__init__.py"
    if not path.exists():
        return None
    if path not in _MUTANT_SOURCES:
        lines = path.read_text(encoding="utf-8").splitlines()
        _MUTANT_SOURCES[path] = {
            node.name: "\n".join(lines[node.lineno - 1:node.end_lineno]).split("(", 1)[-1]
            for node in ast.walk(ast.parse("\n".join(lines))) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and "__mutmut_" in node.name}
    source = _MUTANT_SOURCES[path].get(function)
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:10] if source is not None else None


def summary(every: bool = True) -> int:
    """The table of the last runs, per module: of every mutant, or (``every=False``) of the fixed
    sample's.  1 when the score of the mutants checked is below 90 %."""
    same = equivalent()
    cols = ["killed", "survived", "no tests", "equivalent", "not run"]
    if not every:
        print(f"the fixed sample: the mutants whose name's SHA-256 is 0 modulo {SAMPLE} "
              f"({SLOW} for {', '.join(m + '*' for m in SLOW_MODULES)})")
    print(f"| module | {' | '.join(cols)} | killed % |")
    print("|---|" + "---:|" * (len(cols) + 1))
    total: Counter = Counter()
    for meta in sorted((MUTANTS / "graph").rglob("*.py.meta")):
        counts: Counter = Counter()
        for name, code in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].items():
            if not (every or drawn(name)):
                continue
            counts["equivalent" if name in same else "not run" if code is None else "killed" if code in KILLED
                   else "no tests" if code in NO_TESTS else "survived"] += 1
        if sum(counts.values()):
            total += counts
            print(f"| {meta.relative_to(MUTANTS).with_suffix('')} | {' | '.join(str(counts[c]) for c in cols)} "
                  f"| {score(counts)} |")
    print(f"| **all** | {' | '.join(str(total[c]) for c in cols)} | {score(total)} |")
    marks = {name: mark for name, mark in listed().items() if every or drawn(name)}
    stale = sorted(name for name, mark in marks.items() if mark is not None and mark != fingerprint(name))
    unchecked = sum(1 for mark in marks.values() if mark is None)
    if stale:
        print(f"listed as equivalent, but their mutation changed since (judged again): {', '.join(stale)}")
    if unchecked:
        print(f"{unchecked} of the {len(marks)} listed equivalent mutants have no fingerprint: "
              "`python tests/mutate.py --fingerprint NAME` prints one, to add after the name once checked")
    checked = total["killed"] + total["survived"] + total["no tests"]
    return 0 if checked and total["killed"] >= 0.9 * checked else 1


def score(counts: Counter) -> str:
    checked = counts["killed"] + counts["survived"] + counts["no tests"]
    return f"{100 * counts['killed'] / checked:.1f}" if checked else "–"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", help=f"mutant-name patterns among: {', '.join(GROUPS)}")
    parser.add_argument("--summary", action="store_true", help="only print the table of the last runs")
    parser.add_argument("--fingerprint", nargs="+", metavar="NAME",
                        help="print the line of tests/mutation_equivalent.txt for these mutants, with their "
                             "fingerprint (read the mutation with `mutmut show NAME` first)")
    parser.add_argument("--every", action="store_true",
                        help=f"every mutant, not the fixed sample of 1 in {SAMPLE} or {SLOW} (some fifteen hours)")
    parser.add_argument("--survivors", action="store_true",
                        help="run again only the mutants the last runs left alive (after new tests)")
    parser.add_argument("--sample", type=int, default=1, metavar="N",
                        help="run only every N-th mutant not yet run (a first estimate of a large module)")
    parser.add_argument("--offset", type=int, default=0, metavar="K",
                        help="with --sample N: start at the K-th mutant not yet run (another sample than K=0)")
    parser.add_argument("--only", default="*", metavar="PATTERN",
                        help="run only the mutants whose names also match PATTERN, e.g. 'graph.views.explorer.*'")
    args = parser.parse_args()
    if args.fingerprint:
        for name in args.fingerprint:
            print(f"{name} ={fingerprint(name) or '(not in mutants/)'}  # ")
        return 0
    # --sample and --only pick among every mutant (--survivors among the fixed sample's, unless --every)
    every = args.every or args.sample > 1 or args.only != "*"
    if not args.summary:
        unknown = [g for g in args.groups if g not in GROUPS]
        if unknown:
            parser.error(f"unknown group {unknown[0]!r}; choose from {', '.join(GROUPS)}")
        if not STATS.exists():
            mutmut("graph.quantity.x_format_quantity__mutmut_1")  # generates the mutants and records the callers
        for group in args.groups or list(GROUPS):
            names = pending(group, survivors=args.survivors, sample=args.sample, offset=args.offset,
                            only=args.only, every=every)
            print(f"== {group}: {len(names)} mutants to run", flush=True)
            if not names:
                continue
            narrow(group, GROUPS[group])
            if not mutmut(*names):
                print(f"   mutmut failed on {group}: see mutants/run.log (the tests' own output is not "
                      "there: mutmut runs them in a forked child; `debug = true` under [tool.mutmut] shows it)",
                      flush=True)
    return summary(every)


if __name__ == "__main__":
    sys.exit(main())
