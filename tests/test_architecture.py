"""The parts of graph/ and the direction of their imports (docs/architecture.md).

Every import of a graph module — at the top of a file or inside a function — must go to the
same part or to a part below it, never up, and the modules must not import each other in a
circle.  The CLI uses only the public API (``graph``) and its own package; no module uses
another module's private names.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "graph"

#: The parts from the top down; a module may import its own part and any part below it.
LAYERS = [
    ("cli", ["graph.cli", "graph.__main__"]),
    ("api", ["graph", "graph.api"]),
    ("views", ["graph.views"]),
    ("analysis", ["graph.analysis"]),
    ("query", ["graph.query"]),
    ("curate", ["graph.curate"]),
    ("extract", ["graph.extract"]),
    ("store", ["graph.store"]),
    ("rdf", ["graph.rdf"]),
    ("base", ["graph.names", "graph.layout", "graph.vocab", "graph.quantity", "graph.text",
              "graph.model", "graph.errors"]),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    best = None
    for index, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or (prefix != "graph" and module.startswith(prefix + ".")):
                if best is None or len(prefix) > best[1]:
                    best = (index, len(prefix))
    assert best is not None, f"{module} belongs to no part: add it to LAYERS and docs/architecture.md"
    return best[0]


def graph_imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every graph import in the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and (node.module == "graph" or node.module.startswith("graph.")):
            names = [a.name for a in node.names]
            if node.module == "graph" and all((PACKAGE / n).is_dir() or (PACKAGE / f"{n}.py").is_file()
                                              for n in names):
                found += [(f"graph.{n}", [], node.lineno) for n in names]
            else:
                found.append((node.module, names, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names if a.name.startswith("graph.")]
    return found


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_down_or_stay_in_their_part(module):
    here = layer_of(module)
    upward = [f"line {line}: {target} ({LAYERS[layer_of(target)][0]})"
              for target, _names, line in graph_imports(MODULES[module])
              if layer_of(target) < here and target not in ("graph.__main__",)]
    assert not upward, f"{module} ({LAYERS[here][0]}) imports upward: " + "; ".join(upward)


def test_no_module_uses_another_modules_private_names():
    private = [f"{module}: {target}.{name}"
               for module, path in MODULES.items() for target, names, _ in graph_imports(path)
               for name in names if name.startswith("_") and target != module]
    assert not private, private


def test_the_cli_uses_only_the_public_api_and_its_own_package():
    outside = [f"{module} line {line}: {target}"
               for module, path in MODULES.items() if module.startswith("graph.cli")
               for target, _names, line in graph_imports(path)
               if not (target == "graph" or target.startswith("graph.cli"))]
    assert not outside, outside


def test_no_import_cycles():
    edges = {m: {t for t, _n, _l in graph_imports(p) if t in MODULES and t != m} for m, p in MODULES.items()}
    # a package's __init__ importing its own submodules is how a package exposes them, not a cycle
    edges = {m: {t for t in ts if not t.startswith(m + ".")} for m, ts in edges.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in sorted(edges[m]):
            if state.get(t) == 1:
                cycle = stack[stack.index(t):] + [t]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in sorted(edges):
        if m not in state:
            visit(m)


def test_the_layer_test_sees_an_upward_import(tmp_path):
    """The check itself works: a store module importing the CLI is caught."""
    fake = tmp_path / "bad.py"
    fake.write_text("def f():\n    from graph.cli import app\n", encoding="utf-8")
    assert graph_imports(fake) == [("graph.cli", ["app"], 2)]
    assert layer_of("graph.cli.app") < layer_of("graph.store.remote")
