"""SHACL shapes compiled to SPARQL and run on Oxigraph: the validator every build runs.

pySHACL walks the shapes in Python over an rdflib graph, about 65 % of a build's time and
the reason a corpus of hundreds of documents did not fit in memory.  Here each constraint of
``ontology/shapes.ttl`` becomes one SPARQL ``SELECT ?this ?value`` that finds its violations
(``compile_shapes``), and Oxigraph evaluates them (``validate_quads``) over the graphs that
changed plus the shared graphs they refer to.  A result names the focus node, the path, the
constraint component and the value, as a pySHACL report does; ``tests/test_shacl.py`` runs
both engines on a suite of bad graphs and requires the same violations.

Supported: targets ``targetClass`` (with subclasses), ``targetSubjectsOf``,
``targetObjectsOf``, ``targetNode``; property shapes with a predicate path; ``class``,
``datatype``, ``nodeKind``, ``in``, ``hasValue``, ``min/maxCount``, ``min/max
Inclusive/Exclusive``, ``min/maxLength``, ``pattern`` (with ``flags``), ``languageIn``,
``uniqueLang``, ``lessThan``, ``not``, ``and``, ``or``, ``node``, ``qualifiedValueShape`` with
``qualifiedMin/MaxCount``, SPARQL-based constraints (``sh:select``), ``sh:message``,
``sh:severity`` and ``sh:deactivated``.  Not supported (``Unsupported``, and the build falls
back to pySHACL): other paths and components, and counts other than 0 or 1 inside a nested
shape.  Literals are not checked for being well formed for their datatype.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.errors import OntologyError
from graph.errors import ShapesUnsupported as Unsupported

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"

#: Keys of a shape that are not constraints (read elsewhere or only documentation).
_NOT_CONSTRAINTS = {
    RDF_TYPE, SH + "message", SH + "severity", SH + "deactivated", SH + "path", SH + "property", SH + "name",
    SH + "description", SH + "order", SH + "group", SH + "targetClass", SH + "targetSubjectsOf",
    SH + "targetObjectsOf", SH + "targetNode", SH + "qualifiedMinCount", SH + "qualifiedMaxCount",
    SH + "qualifiedValueShapesDisjoint", SH + "flags", "http://www.w3.org/2000/01/rdf-schema#comment",
    "http://www.w3.org/2000/01/rdf-schema#label",
}
_COMPARE = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}
_NODE_KINDS = {
    "IRI": "isIRI({v})", "BlankNode": "isBlank({v})", "Literal": "isLiteral({v})",
    "BlankNodeOrIRI": "(isBlank({v}) || isIRI({v}))", "BlankNodeOrLiteral": "(isBlank({v}) || isLiteral({v}))",
    "IRIOrLiteral": "(isIRI({v}) || isLiteral({v}))",
}


@dataclass(frozen=True)
class Check:
    """One constraint of one shape as a SPARQL query whose rows are its violations."""

    component: str  #: the constraint component's local name, as in a pySHACL report
    path: str | None  #: the property path (an IRI), None for a node shape's own constraint
    message: str  #: sh:message, or a description of the constraint
    query: str  #: ``SELECT ?this ?value`` (``?value`` unbound when a result has no value)
    severity: str = "Violation"


@dataclass(frozen=True)
class Violation:
    """One result: focus node, path, constraint component and value, as N-Triples terms."""

    focus: str
    path: str | None
    component: str
    value: str | None
    message: str = ""

    @property
    def key(self) -> tuple:
        """What two engines must agree on (messages differ: pySHACL writes its own)."""
        return (self.focus, self.path, self.component, self.value)

    def sort_key(self) -> tuple:
        return (self.focus, self.path or "", self.component, self.value or "", self.message)


def _term(node) -> str:
    """An rdflib term as SPARQL text."""
    from rdflib import BNode, Literal

    if isinstance(node, BNode):
        raise Unsupported(f"a blank node as a constant in a shape: {node}")
    return node.n3() if not isinstance(node, Literal) else node.n3()


def _negated(pattern: str) -> str:
    """A SPARQL expression true when ``pattern`` (a violation pattern, its node bound) has no
    match: ``NOT EXISTS { pattern }``, without the double negation of a lone filter (which
    Oxigraph would evaluate as a subquery)."""
    if pattern.startswith("FILTER NOT EXISTS {"):
        return "EXISTS {" + pattern.removeprefix("FILTER NOT EXISTS {")
    if pattern.startswith("FILTER EXISTS {"):
        return "NOT EXISTS {" + pattern.removeprefix("FILTER EXISTS {")
    if pattern.startswith("FILTER(") and pattern.endswith(")") and _balanced(pattern[len("FILTER("):-1]):
        return "!(" + pattern[len("FILTER("):-1] + ")"
    return f"NOT EXISTS {{ {pattern} }}"


def _balanced(text: str) -> bool:
    """Whether the parentheses of ``text`` never close more than they opened (so it is one expression)."""
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


class _Compiler:
    def __init__(self, shapes):
        from rdflib import URIRef

        self.g, self.URIRef = shapes, URIRef
        self.fresh = itertools.count()

    def var(self) -> str:
        return f"?v{next(self.fresh)}"

    def one(self, shape, key: str):
        return self.g.value(shape, self.URIRef(SH + key))

    def items(self, head) -> list:
        from rdflib.collection import Collection

        return list(Collection(self.g, head))

    # ---------------------------------------------------------------- targets

    def targets(self, shape, this: str) -> str | None:
        alts = []
        for cls in self.g.objects(shape, self.URIRef(SH + "targetClass")):
            alts.append(f"{this} <{RDF_TYPE}>/<{SUBCLASS}>* {_term(cls)} .")
        for prop in self.g.objects(shape, self.URIRef(SH + "targetSubjectsOf")):
            alts.append(f"{this} {_term(prop)} [] .")
        for prop in self.g.objects(shape, self.URIRef(SH + "targetObjectsOf")):
            alts.append(f"[] {_term(prop)} {this} .")
        nodes = list(self.g.objects(shape, self.URIRef(SH + "targetNode")))
        if nodes:
            alts.append(f"VALUES {this} {{ {' '.join(_term(n) for n in nodes)} }}")
        if not alts:
            return None
        return " UNION ".join(f"{{ SELECT DISTINCT {this} WHERE {{ {a} }} }}" for a in alts)

    # ---------------------------------------------------------------- nested conformance

    def conforms(self, shape, v: str) -> str:
        """A SPARQL expression: the node in ``v`` conforms to ``shape``."""
        parts = [_negated(pattern) for _c, _p, pattern, _val in self.value_checks(shape, v, nested=True)]
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def conforms_joined(self, shape, v: str) -> str:
        """A group pattern matched (once or more) by the node in ``v`` when it conforms to ``shape``:
        its own sh:class constraints as joins, the rest as one filter.  For a count of distinct
        conforming nodes, where a join is much cheaper than the EXISTS of ``conforms``."""
        joins, parts = [], []
        for component, path, pattern, _val in self.value_checks(shape, v, nested=True):
            if component == "ClassConstraintComponent" and path is None and pattern.startswith("FILTER NOT EXISTS {"):
                joins.append(pattern.removeprefix("FILTER NOT EXISTS {").removesuffix("}").strip() + " .")
            else:
                parts.append(_negated(pattern))
        return " ".join(joins) + (f" FILTER({' && '.join(parts)})" if parts else "")

    # ---------------------------------------------------------------- constraints of a shape

    def value_checks(self, shape, this: str, nested: bool) -> list[tuple[str, str | None, str, str | None]]:
        """(component, path, pattern, value variable) for every constraint of ``shape`` at the
        node in ``this``: each pattern matches once per violation (``this`` bound)."""
        if self.one(shape, "deactivated") is not None and self.one(shape, "deactivated").toPython() is True:
            return []
        path = self.one(shape, "path")
        out = []
        if path is not None:
            if not isinstance(path, self.URIRef):
                raise Unsupported(f"property path {path} (only a predicate is supported)")
            out += self.property_checks(shape, this, f"<{path}>", str(path), nested)
        else:
            out += [(c, None, pat, this) for c, pat in self.node_checks(shape, this, this)]
            for prop in self.g.objects(shape, self.URIRef(SH + "property")):
                out += self.property_checks(prop, this, f"<{self.one(prop, 'path')}>",
                                            str(self.one(prop, "path")), nested)
        return out

    def property_checks(self, shape, this: str, pred: str, path: str, nested: bool):
        if not isinstance(self.one(shape, "path"), self.URIRef):
            raise Unsupported(f"property path {self.one(shape, 'path')} (only a predicate is supported)")
        v = self.var()
        out = []
        for component, pattern in self.node_checks(shape, v, this):
            out.append((component, path, f"{this} {pred} {v} . {pattern}", v))
        for key, component in (("minCount", "MinCountConstraintComponent"),
                               ("maxCount", "MaxCountConstraintComponent")):
            n = self.one(shape, key)
            if n is None:
                continue
            n = int(n)
            if key == "minCount" and n == 1 or key == "maxCount" and n == 0:
                pattern = (f"FILTER NOT EXISTS {{ {this} {pred} [] }}" if key == "minCount"
                           else f"FILTER EXISTS {{ {this} {pred} [] }}")
            elif key == "maxCount" and n == 1:  # a join, not FILTER EXISTS: a third faster on Oxigraph
                a, b = self.var(), self.var()
                pattern = f"{this} {pred} {a}, {b} . FILTER(!sameTerm({a}, {b}))"
            elif key == "minCount" and n == 0:
                continue
            elif nested:
                raise Unsupported(f"sh:{key} {n} inside a nested shape")
            else:
                op = "<" if key == "minCount" else ">"
                pattern = f"FILTER({self.count(this, pred, None)} {op} {n})"
            out.append((component, path, pattern, None))
        if self.one(shape, "uniqueLang") is not None and self.one(shape, "uniqueLang").toPython() is True:
            a, b = self.var(), self.var()
            out.append(("UniqueLangConstraintComponent", path,
                        f"FILTER EXISTS {{ {this} {pred} {a}, {b} . FILTER(!sameTerm({a}, {b}) && "
                        f"LANG({a}) != \"\" && LANG({a}) = LANG({b})) }}", None))
        other = self.one(shape, "lessThan")
        if other is not None:
            w = self.var()
            out.append(("LessThanConstraintComponent", path,
                        f"{this} {pred} {v} . {this} {_term(other)} {w} . FILTER(!COALESCE({v} < {w}, false))", v))
        has = self.one(shape, "hasValue")
        if has is not None:
            out.append(("HasValueConstraintComponent", path, f"FILTER NOT EXISTS {{ {this} {pred} {_term(has)} }}",
                        None))
        qualified = self.one(shape, "qualifiedValueShape")
        if qualified is not None:
            if nested:
                raise Unsupported("sh:qualifiedValueShape inside a nested shape")
            low, high = self.one(shape, "qualifiedMinCount"), self.one(shape, "qualifiedMaxCount")
            count = self.count(this, pred, qualified)  # one count for both bounds
            tests = [(f"{count} < {int(low)}", "QualifiedMinCountConstraintComponent")] if low is not None else []
            tests += [(f"{count} > {int(high)}", "QualifiedMaxCountConstraintComponent")] if high is not None else []
            if tests:
                which = f'"{tests[-1][1]}"'
                for test, component in reversed(tests[:-1]):
                    which = f'IF({test}, "{component}", {which})'
                out.append(("Qualified*CountConstraintComponent", path,
                            f"FILTER({' || '.join(t for t, _c in tests)}) BIND({which} AS ?component)", None))
        return out

    def count(self, this: str, pred: str, qualified) -> str:
        """Placeholder for a per-focus count: top-level counts are turned into an aggregate by
        ``Check`` building (see ``_counted``)."""
        self.counts.append((this, pred, qualified))
        return f"?count{len(self.counts) - 1}"

    def node_checks(self, shape, v: str, this: str) -> list[tuple[str, str]]:
        """(component, filter pattern) of the value-node constraints of ``shape`` on ``v``."""
        out = []
        keys = {str(p) for p in self.g.predicates(shape, None)}
        for key in sorted(keys - _NOT_CONSTRAINTS):
            name = key.removeprefix(SH)
            if name in ("minCount", "maxCount", "uniqueLang", "lessThan", "hasValue", "qualifiedValueShape"):
                if self.one(shape, "path") is None:
                    raise Unsupported(f"sh:{name} on a node shape")
                continue
            if name == "sparql":
                continue  # SPARQL-based constraints are whole queries (see compile_shapes)
            if not key.startswith(SH):
                raise Unsupported(f"unknown key {key} in a shape")
            for value in self.g.objects(shape, self.URIRef(key)):
                out.append(self.node_check(name, value, v, shape))
        return out

    def node_check(self, name: str, value, v: str, shape) -> tuple[str, str]:
        component = name[0].upper() + name[1:] + "ConstraintComponent"
        if name == "class":
            return component, f"FILTER NOT EXISTS {{ {v} <{RDF_TYPE}>/<{SUBCLASS}>* {_term(value)} }}"
        if name == "datatype":
            return component, f"FILTER(!isLiteral({v}) || datatype({v}) != {_term(value)})"
        if name == "nodeKind":
            kind = str(value).removeprefix(SH)
            if kind not in _NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {value}")
            return component, f"FILTER(!{_NODE_KINDS[kind].format(v=v)})"
        if name == "in":
            options = " || ".join(f"sameTerm({v}, {_term(t)})" for t in self.items(value)) or "false"
            return component, f"FILTER(!({options}))"
        if name in _COMPARE:
            return component, f"FILTER(!COALESCE({v} {_COMPARE[name]} {_term(value)}, false))"
        if name in ("minLength", "maxLength"):
            op = "<" if name == "minLength" else ">"
            return component, f"FILTER(isBlank({v}) || STRLEN(STR({v})) {op} {int(value)})"
        if name == "pattern":
            flags = self.one(shape, "flags")
            args = f"{_term(value)}" + (f", {_term(flags)}" if flags is not None else "")
            return component, f"FILTER(isBlank({v}) || !REGEX(STR({v}), {args}))"
        if name == "languageIn":
            tags = " || ".join(f"LANGMATCHES(LANG({v}), {_term(t)})" for t in self.items(value)) or "false"
            return component, f"FILTER(!isLiteral({v}) || !COALESCE({tags}, false))"
        if name == "not":
            return component, f"FILTER({self.conforms(value, v)})"
        if name == "node":
            return component, f"FILTER(!{self.conforms(value, v)})"
        if name == "and":
            return component, "FILTER(!(" + " && ".join(self.conforms(s, v) for s in self.items(value)) + "))"
        if name == "or":
            return component, "FILTER(!(" + " || ".join(self.conforms(s, v) for s in self.items(value)) + "))"
        raise Unsupported(f"sh:{name}")


def _message(shapes, shape, default: str) -> str:
    from rdflib import URIRef

    message = shapes.value(shape, URIRef(SH + "message"))
    return str(message) if message is not None else default


def _severity(shapes, shape) -> str:
    from rdflib import URIRef

    severity = shapes.value(shape, URIRef(SH + "severity"))
    return str(severity).removeprefix(SH) if severity is not None else "Violation"


def _counted(compiler: _Compiler, target: str, body: str) -> str:
    """``body`` with its ``?countN`` placeholders bound by per-focus aggregates."""
    joins = []
    for i, (this, pred, qualified) in enumerate(compiler.counts):
        if not re.search(rf"\?count{i}\b", body):
            continue
        v = compiler.var()
        condition = f" {compiler.conforms_joined(qualified, v)}" if qualified is not None else ""
        joins.append(f"{{ SELECT {this} (COUNT(DISTINCT {v}) AS ?count{i}) WHERE {{ {target} "
                     f"OPTIONAL {{ {this} {pred} {v} .{condition} }} }} GROUP BY {this} }}")
    return " ".join(joins) + " " + body


def compile_shapes(shapes_path: Path) -> list[Check]:
    """Every constraint of the shapes file as a Check; OntologyError for an unreadable file,
    Unsupported for SHACL this compiler does not translate."""
    return list(_compiled(str(shapes_path), Path(shapes_path).stat().st_mtime_ns))


def read_shapes(path):
    """The shapes file as an rdflib Graph; OntologyError (one line) when missing or malformed."""
    from rdflib import Graph

    shapes = Graph()
    try:
        shapes.parse(path, format="turtle")
    except FileNotFoundError as exc:
        raise OntologyError(f"{path}: shapes file not found") from exc
    except Exception as exc:  # rdflib parser errors have no common base class
        raise OntologyError(f"{path}: malformed Turtle: {exc}".splitlines()[0]) from exc
    return shapes


@lru_cache(maxsize=4)
def _compiled(path: str, _mtime: int) -> tuple[Check, ...]:
    from rdflib import URIRef

    shapes = read_shapes(path)
    checks = []
    targeted = sorted({s for key in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode")
                       for s in shapes.subjects(URIRef(SH + key), None)}, key=str)
    for shape in targeted:
        compiler = _Compiler(shapes)
        target = compiler.targets(shape, "?this")
        compiler.counts = []
        for component, path, pattern, value in compiler.value_checks(shape, "?this", nested=False):
            owner = shape if path is None else _owner(shapes, shape, path)
            if component == "ClassConstraintComponent":
                pattern = _as_minus(pattern)
            body = _counted(compiler, target, pattern)
            bind = f" BIND({value} AS ?value)" if value is not None else ""
            # a count's subquery has one row per focus node already: no second join with the targets
            outer = "" if body != " " + pattern else target
            query = f"SELECT DISTINCT ?this ?value ?component WHERE {{ {outer} {body}{bind} }}"
            message = _message(shapes, owner, f"{component.removesuffix('ConstraintComponent')} violated"
                               + (f" on <{path}>" if path else ""))
            checks.append(Check(component, path, message, query, _severity(shapes, owner)))
        for constraint in shapes.objects(shape, URIRef(SH + "sparql")):
            checks.append(_sparql_check(shapes, shape, constraint, target))
    return tuple(checks)


def _as_minus(pattern: str) -> str:
    """A class check's violation pattern with its last ``FILTER NOT EXISTS { … }`` as ``MINUS { … }``:
    the members of the class are then found once per query and the values checked against them in
    one anti-join, instead of a subquery per value (a check of 11,000 evidence nodes' documents took
    six times as long).  The same results: the group binds only the value checked, which the pattern
    before it (or the target, for a node's own class) always binds."""
    head, found, group = pattern.rpartition("FILTER NOT EXISTS {")
    return head + "MINUS {" + group if found else pattern


def _owner(shapes, shape, path: str):
    """The property shape of ``shape`` with that path that a result's message comes from."""
    from rdflib import URIRef

    if shapes.value(shape, URIRef(SH + "path")) is not None:
        return shape
    return next((p for p in shapes.objects(shape, URIRef(SH + "property"))
                 if str(shapes.value(p, URIRef(SH + "path"))) == path), shape)


def _sparql_check(shapes, shape, constraint, target: str) -> Check:
    from rdflib import URIRef

    select = shapes.value(constraint, URIRef(SH + "select"))
    if select is None:
        raise Unsupported("a SPARQL constraint without sh:select")
    prefixes = []
    for holder in shapes.objects(constraint, URIRef(SH + "prefixes")):
        for decl in shapes.objects(holder, URIRef(SH + "declare")):
            prefixes.append(f"PREFIX {shapes.value(decl, URIRef(SH + 'prefix'))}: "
                            f"<{shapes.value(decl, URIRef(SH + 'namespace'))}>")
    nodes = list(shapes.objects(shape, URIRef(SH + "targetNode")))
    only_nodes = all(shapes.value(shape, URIRef(SH + k)) is None
                     for k in ("targetClass", "targetSubjectsOf", "targetObjectsOf"))
    if only_nodes and len(nodes) == 1:  # pre-bound as SHACL says: $this is the node (Oxigraph then
        inner = re.sub(r"(SELECT\s+(DISTINCT\s+)?)\$this\b", r"\1", str(select), count=1)  # uses it)
        inner = inner.replace("$this", _term(nodes[0]))
        where = f"{{ {inner} }} BIND({_term(nodes[0])} AS ?this)"
    else:
        where = f"{target} {{ {str(select).replace('$this', '?this')} }}"
    query = "\n".join(prefixes) + f"\nSELECT DISTINCT ?this ?value WHERE {{ {where} }}"
    return Check("SPARQLConstraintComponent", None, _message(shapes, constraint, _message(shapes, shape, "")),
                 query, _severity(shapes, shape))


def validate_quads(quads: Iterable, checks: list[Check]) -> list[Violation]:
    """Run the checks over ``quads`` (pyoxigraph Quads: their union is the data graph);
    every result, warnings included, sorted."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_extend(quads)
    return run_checks(store, checks)


def validate_nquads(data: bytes, checks: list[Check]) -> list[Violation]:
    """``validate_quads`` of N-Quads that szkg wrote (parsed by Oxigraph, IRIs not checked again)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
    return run_checks(store, checks)


def run_checks(store, checks: list[Check]) -> list[Violation]:
    """The results of ``checks`` on an open pyoxigraph store (default graph = union of its graphs)."""
    found = set()
    for check in checks:
        for row in store.query(check.query, use_default_graph_as_union=True):
            value = row["value"]
            component = row["component"].value if "?component" in check.query and row["component"] else None
            found.add(Violation(str(row["this"]), check.path, component or check.component,
                                str(value) if value is not None else None,
                                check.message if check.severity == "Violation" else f"{check.severity}: "
                                + check.message))
    return sorted(found, key=Violation.sort_key)
