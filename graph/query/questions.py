"""Ask the graph: SPARQL 1.1 against the embedded store, with parameters and safety checks.

A query goes through three steps:

1. :func:`inspect` parses it with rdflib's SPARQL parser (never a regex to find a clause:
   comments and strings would fool one) and refuses, before anything runs, what would make the
   process reach outside the store: ``SERVICE`` (Oxigraph would call the URL with its own
   HTTP client), ``LOAD`` (a URL fetch or a local file read), and dataset clauses
   (``FROM``, ``FROM NAMED``, ``USING``) naming anything but a graph of this store.
   Updates are refused unless the caller allows them.  :func:`inspect_quickly` (the endpoint's)
   bounds the size and nesting first, then lets :func:`screen` clear a query in which none of
   the words that open such a clause appears at all — a regex can only find too many — and
   parses the rest.
2. :func:`bind` turns ``name=value`` parameters into RDF terms.  They reach Oxigraph as
   ``substitutions`` — never pasted into the query text — so a value is a value whatever
   characters it holds.  Entity and document parameters are resolved by any of their
   names (see :mod:`graph.query.entity`) in the worker, which has the store open.  A saved
   question binds them instead as a one-row VALUES block opening its WHERE group
   (:func:`with_values`, each term written by pyoxigraph): Oxigraph's planner sees that
   block, not substitutions, so only then does it start from the bound entity.  The
   saved questions are written for that plan (see the note in each .rq file); a query
   of the user's keeps the substitution semantics.
3. :mod:`graph.query.runner` runs it in a worker process that is killed at the deadline.

Saved questions ship with szkg and are not parsed again before each run (they are
checked by the test suite); the first parse costs more than the query itself.

Saved questions are ``graph/queries/*.rq``; their header comments declare them::

    # description: Firms a policy enabled, with the sentence that says so
    # param: policy entity:Policy            (required)
    # param: firm entity optional            (may stay unbound: then it matches anything)
    # param: city entity:Place = 深圳         (default value)

Parameter kinds: ``entity[:Class]``, ``document``, ``iri``, ``string``, ``integer``,
``decimal``, ``year``.  A parameter must appear in the SELECT clause (Oxigraph binds it
like a VALUES block over the projection).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import (
    ParameterError,
    QueryError,
    QueryRefused,
    QuerySyntaxError,
    UnknownQuestion,
)

KINDS = ("entity", "document", "iri", "string", "integer", "decimal", "year")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
XSD = "http://www.w3.org/2001/XMLSchema#"


# ---------------------------------------------------------------- questions and parameters


@dataclass(frozen=True)
class Param:
    """A declared parameter of a question."""

    name: str
    kind: str = "string"  #: one of KINDS
    entity_class: str = ""  #: for ``entity:Class``: the class the entity should have
    default: str | None = None
    optional: bool = False  #: may stay unbound (then the variable matches anything)

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional

    def describe(self) -> str:
        kind = f"{self.kind}:{self.entity_class}" if self.entity_class else self.kind
        extra = f" = {self.default}" if self.default is not None else " (optional)" if self.optional else ""
        return f"{self.name} ({kind}){extra}"


@dataclass(frozen=True)
class Question:
    """A SPARQL query with what its header comments declare."""

    text: str
    name: str = ""  #: saved question name, or the file it came from; "" for inline text
    description: str = ""
    params: tuple[Param, ...] = ()
    source: str = "<query>"  #: where the text came from, for messages
    saved: bool = False  #: shipped with szkg (graph/queries): bound as VALUES, not re-inspected

    @classmethod
    def from_text(cls, text: str, name: str = "", source: str = "<query>") -> Question:
        """Read ``# description:`` and ``# param:`` lines from the comments that open the text."""
        description, params = "", []
        for number, line in enumerate(text.splitlines(), 1):
            stripped = line.strip()
            if not stripped:
                continue
            if not stripped.startswith("#"):
                break
            key, _, value = stripped.lstrip("#").strip().partition(":")
            if key.strip() == "description":
                description = value.strip()
            elif key.strip() == "param":
                params.append(_parse_param(value, f"{source}:{number}"))
        return cls(text, name, description, tuple(params), source)


def _parse_param(spec: str, where: str) -> Param:
    """``name kind[:Class] [optional] [= default]`` → Param."""
    spec, eq, default = spec.partition("=")
    words = spec.split()
    if not words or not _VARIABLE.match(words[0]):
        raise QueryError(f"{where}: a param line reads `# param: NAME KIND [optional] [= DEFAULT]`")
    kind, _, entity_class = (words[1] if len(words) > 1 else "string").partition(":")
    if kind not in KINDS:
        raise QueryError(f"{where}: unknown parameter kind '{kind}'; use one of {', '.join(KINDS)}")
    return Param(words[0], kind, entity_class, default.strip() if eq else None, "optional" in words[2:])


def _queries_dir():
    from importlib.resources import files

    return files("graph") / "queries"


def saved_questions() -> dict[str, Question]:
    """Every saved question under ``graph/queries/``, by name (the file name without .rq)."""
    found = {}
    for entry in sorted(_queries_dir().iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            text = entry.read_text(encoding="utf-8")
            question = Question.from_text(text, name, f"graph/queries/{entry.name}")
            found[name] = dataclasses.replace(question, saved=True)
    return found


def saved_question(name: str) -> Question:
    """The saved question of that name; UnknownQuestion lists the known ones."""
    questions = saved_questions()
    if name not in questions:
        import difflib

        close = difflib.get_close_matches(name, list(questions), n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise UnknownQuestion(f"no saved question '{name}'; {hint}known: {', '.join(questions)}")
    return questions[name]


def question_from_file(path: Path) -> Question:
    """A question read from a .rq file (its header comments may declare parameters)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read the query file: {exc}") from None
    return Question.from_text(text, str(path), str(path))


def _term(kind: str, name: str, raw: str):
    """A parameter value as a pyoxigraph term (entity and document values are resolved later)."""
    import pyoxigraph as ox

    try:
        if kind == "iri":
            return ox.NamedNode(raw.strip().removeprefix("<").removesuffix(">"))
        if kind == "string":
            return ox.Literal(raw)
        if kind == "integer":
            return ox.Literal(str(int(raw.strip())), datatype=ox.NamedNode(XSD + "integer"))
        if kind == "decimal":
            from decimal import Decimal, InvalidOperation

            try:
                return ox.Literal(str(Decimal(raw.strip())), datatype=ox.NamedNode(XSD + "decimal"))
            except InvalidOperation:
                raise ValueError(raw) from None
        if kind == "year":
            if not re.fullmatch(r"-?\d{4}", raw.strip()):
                raise ValueError(raw)
            return ox.Literal(raw.strip(), datatype=ox.NamedNode(XSD + "gYear"))
    except ValueError:
        raise ParameterError(f"parameter '{name}': {raw!r} is not a valid {kind}") from None
    raise ParameterError(f"parameter '{name}': unknown kind '{kind}'")


def _inline_param(name: str, kind: str, value: str) -> Param:
    """An undeclared parameter: ``name:kind=value``; without a kind an IRI in <…> or a string."""
    if not kind:
        kind = "iri" if value.strip().startswith("<") else "string"
    kind, _, entity_class = kind.partition(":")
    return Param(name, kind, entity_class)


def bind(question: Question, values: dict[str, str]) -> tuple[dict, dict]:
    """Parameter values → (substitutions as terms, lookups to resolve in the store).

    For a question that declares parameters only those are accepted.  Inline text and
    files without declarations take any name; ``name:kind=value`` picks the kind, a value
    in angle brackets is an IRI, anything else a string literal.
    """
    substitutions: dict[str, object] = {}
    lookups: dict[str, tuple[str, str, str]] = {}
    given = {}
    for key, value in values.items():
        name, _, kind = key.partition(":")
        if not _VARIABLE.match(name):
            raise ParameterError(f"parameter name {name!r} is not a SPARQL variable name")
        if kind and kind.split(":")[0] not in KINDS:
            raise ParameterError(f"parameter '{name}': unknown kind '{kind}'; use one of {', '.join(KINDS)}")
        given[name] = (kind, value)
    label = question.name or "the query"
    if question.params:
        unknown = sorted(set(given) - {p.name for p in question.params})
        if unknown:
            raise ParameterError(f"{label} has no parameter '{unknown[0]}'; it takes: "
                                 + ", ".join(p.describe() for p in question.params))
        params = question.params
    else:
        params = tuple(_inline_param(n, k, v) for n, (k, v) in given.items())
    for param in params:
        value = given[param.name][1] if param.name in given else param.default
        if value is None:
            if param.required:
                raise ParameterError(f"{label} needs parameter '{param.name}' ({param.kind}); "
                                     f"pass --param {param.name}=VALUE")
            continue
        if param.kind in ("entity", "document"):
            lookups[param.name] = (param.kind, param.entity_class, value)
        else:
            substitutions[param.name] = _term(param.kind, param.name, value)
    return substitutions, lookups


def with_values(text: str, terms: dict) -> str:
    """The query with ``terms`` (variable name → pyoxigraph term) as a VALUES block opening its WHERE group.

    Oxigraph plans a query before it sees ``substitutions``, so a plan made for an unbound
    parameter scans what the bound one would have looked up; a one-row VALUES block is
    seen by the planner, which then starts from the bound terms.  Each term is written
    in its N-Triples form by pyoxigraph (escaped by it), never pasted from user text.
    """
    if not terms:
        return text
    from graph.store.sparql import inject_values

    names = " ".join(f"?{name}" for name in terms)
    row = " ".join(str(term) for term in terms.values())
    return inject_values(text, f"VALUES ({names}) {{ ({row}) }}")


# ---------------------------------------------------------------- safety


@dataclass(frozen=True)
class Inspection:
    """What the parser saw in a query."""

    form: str  #: ``select``, ``ask``, ``construct``, ``describe`` or ``update``
    dataset: tuple[str, ...] = ()  #: IRIs of FROM / FROM NAMED / USING clauses
    operations: tuple[str, ...] = ()  #: update operations (InsertData, Modify…)
    parsed: bool = True  #: the parser saw it (False: :func:`screen` cleared it from its words alone)

    @property
    def kind(self) -> str:
        """The kind of answer: ``select``, ``ask``, ``graph`` or ``update``."""
        return "graph" if self.form in ("construct", "describe") else self.form


def _syntax_error(exc, text: str, source: str) -> QuerySyntaxError:
    lineno, col = getattr(exc, "lineno", None), getattr(exc, "col", None)
    loc = getattr(exc, "loc", None)
    found = ""
    if isinstance(loc, int):
        token = text[loc:loc + 30].split()
        found = f", found {token[0]!r}" if token else ", found the end of the query"
    msg = " ".join((getattr(exc, "msg", None) or str(exc)).split())  # errors are one line
    return QuerySyntaxError(f"{source}: syntax error at line {lineno}, column {col}: {msg}{found}", lineno, col)


def _one_line_expectation(msg: str) -> str:
    """Oxigraph's ``expected one of …`` on one short line: character classes ([…]) left out."""
    msg = " ".join(msg.split())
    if "Prefix not found" in msg:
        return "unknown prefix (declare it with PREFIX name: <…>)"
    if msg.startswith("expected one of "):
        # character classes read ['A' ..= 'Z' | …] or [_]; quoted tokens such as "[" are kept
        rest = re.sub(r"(?:^|, )\[['_\\][^\]]*?\](?=,|$)", "", msg[len("expected one of "):]).strip(" ,")
        msg = f"expected one of {rest}" if rest else "unexpected character"
    return msg if len(msg) <= 200 else msg[:199] + "…"


def oxigraph_syntax_error(message: str, source: str = "<query>") -> QuerySyntaxError:
    """Oxigraph's ``error at L:C: ...`` message in the same form as the parser's, on one line."""
    match = re.match(r"error at (\d+):(\d+): (.*)", message, re.S)
    if not match:
        return QuerySyntaxError(f"{source}: syntax error: {_one_line_expectation(message)}")
    line, column, msg = int(match[1]), int(match[2]), _one_line_expectation(match[3])
    return QuerySyntaxError(f"{source}: syntax error at line {line}, column {column}: {msg}", line, column)


def _declared_prefixes(prologue_nodes) -> list[str]:
    """The prefixes a query may use: szkg's own, then those its PREFIX lines declare."""
    from graph.vocab import PREFIXES

    declared = list(PREFIXES)
    for node in prologue_nodes or ():
        if getattr(node, "name", "") == "PrefixDecl":
            name = dict.get(node, "prefix") or ""
            if name not in declared:
                declared.append(name)
    return declared


def _check_prefixes(nodes: list, declared: list[str], source: str) -> None:
    """QuerySyntaxError naming the first prefixed name whose prefix nobody declared."""
    for node in nodes:
        if node.name == "pname":
            prefix = dict.get(node, "prefix") or ""
            if prefix not in declared:
                names = ", ".join(p or "(empty)" for p in declared)
                raise QuerySyntaxError(f"{source}: unknown prefix {prefix}: — declared prefixes are {names} "
                                       f"(declare it with PREFIX {prefix}: <…>)")


def _walk(node, found: list) -> None:
    """Collect every CompValue of a parse tree (depth first)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        found.append(node)
        for value in node.values():
            _walk(value, found)
    elif isinstance(node, (list, tuple, ParseResults)):
        for value in node:
            _walk(value, found)


def _units(tree, is_update: bool) -> list:
    """(prologue, parse tree) pairs: the query, or each operation of an update with its prefixes."""
    from rdflib.plugins.sparql.algebra import translatePrologue

    from graph.vocab import PREFIXES

    if not is_update:
        return [(translatePrologue(tree[0], None, initNs=PREFIXES), tree[1])]
    units, declared = [], []
    for declarations, operation in zip(dict.get(tree, "prologue") or [], dict.get(tree, "request") or [],
                                       strict=False):
        declared += list(declarations)  # an operation sees the prefixes of those before it
        units.append((translatePrologue(declared, None, initNs=PREFIXES), operation))
    return units


def _iri(term, prologue) -> str:
    """A parse-tree IRI (full, relative or prefixed) as text; ``?x`` for a variable."""
    from rdflib import Variable

    if isinstance(term, Variable):
        return f"?{term}"
    try:
        return str(prologue.absolutize(term))
    except Exception:  # noqa: BLE001 - an undeclared prefix: show it as written
        if not hasattr(term, "name"):
            return str(term)
        return f"{dict.get(term, 'prefix')}:{dict.get(term, 'localname') or ''}"


def _check_node(node, prologue) -> list[str]:
    """QueryRefused for SERVICE, LOAD and foreign dataset clauses; the dataset IRIs it names."""
    get = functools.partial(dict.get, node)  # CompValue.get answers the key itself when missing
    if node.name == "ServiceGraphPattern":
        endpoint = _iri(get("term"), prologue)
        where = endpoint if endpoint.startswith("?") else f"<{endpoint}>"
        raise QueryRefused(f"SERVICE {where} refused: szkg answers from its own store and never "
                           "calls another endpoint")
    if node.name == "Load":
        raise QueryRefused(f"LOAD <{_iri(get('iri'), prologue)}> refused: it would fetch a URL or read a file")
    if node.name in ("DatasetClause", "UsingClause"):
        named = get("named") is not None
        iri = _iri(get("named") if named else get("default"), prologue)
        check_graph(iri, ("FROM" if node.name == "DatasetClause" else "USING") + (" NAMED" if named else ""))
        return [iri]
    return []


def allowed_graph(iri: str) -> bool:
    """Whether a dataset clause may name this graph: only the store's graph namespace."""
    from graph.vocab import GRAPH

    return iri.startswith(str(GRAPH))


def check_graph(iri: str, clause: str = "FROM") -> None:
    """QueryRefused unless ``iri`` names a graph of this store."""
    if not allowed_graph(iri):
        from graph.vocab import GRAPH

        raise QueryRefused(f"{clause} <{iri}> refused: a dataset may only name graphs of this store "
                           f"(<{GRAPH}…>); szkg never fetches a URL or reads a file for a query")


#: The longest query accepted, in characters, and the deepest nesting of brackets: Oxigraph's
#: parser recurses once per bracket (ten thousand levels crash it) and rdflib's far sooner.
MAX_QUERY_CHARS = 100_000
MAX_NESTING = 64
#: Every clause :func:`inspect` refuses or looks into — SERVICE, LOAD, FROM, USING, each update
#: operation, WITH — opens with one of these words.
_CLAUSE_WORDS = re.compile(r"(?<![A-Za-z0-9_])(?:SERVICE|LOAD|FROM|USING|WITH|INSERT|DELETE|CLEAR|DROP|"
                           r"CREATE|ADD|MOVE|COPY)(?![A-Za-z0-9_])", re.IGNORECASE)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OPEN, _CLOSE = frozenset("({["), frozenset(")}]")


def check_bounds(text: str, source: str = "<query>") -> None:
    """QuerySyntaxError for a query longer than MAX_QUERY_CHARS or nested deeper than MAX_NESTING.

    Every bracket counts, those inside strings too: the count can only be too high, never
    too low, and no real query nests anywhere near the bound.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"{source}: the query has {len(text):,} characters; the limit is "
                               f"{MAX_QUERY_CHARS:,}")
    depth = deepest = 0
    for char in text:
        if char in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif char in _CLOSE:
            depth = max(0, depth - 1)
    if deepest > MAX_NESTING:
        raise QuerySyntaxError(f"{source}: the query nests brackets {deepest} deep; the limit is {MAX_NESTING}")


def _spellings(text: str):
    """The text, then with its \\u and \\U escapes expanded (a parser expands them before it
    reads the query), until nothing changes; None where an escape names no character."""
    for _ in range(4):
        yield text
        try:
            expanded = _CODEPOINT.sub(lambda m: chr(int(m[1] or m[2], 16)), text)
        except (ValueError, OverflowError):
            yield None
            return
        if expanded == text:
            return
        text = expanded
    yield None  # escapes of escapes of escapes: let the parser judge


def screen(text: str) -> Inspection | None:
    """What :func:`inspect` would say of a query that cannot hold a clause it refuses; else None.

    The check reads the raw text, comments, strings and IRIs included: when none of the
    words that open a SERVICE, LOAD, FROM, USING or update clause appears anywhere (in any
    case, escapes expanded), the query has no such clause, and nothing is left for the
    parser to refuse.  Such a query is a read of the store; its form is its first
    SELECT/ASK/CONSTRUCT/DESCRIBE keyword.  Oxigraph parses it again when it runs it, and
    a syntax error it finds is reported as before (``parsed`` is False so the caller can
    ask :func:`inspect` for its one-line message).  A query with one of the words — even
    in a comment — gets the parser: slower, never less safe.
    """
    from graph.store.sparql import query_form

    if not text.strip():
        return None
    for spelling in _spellings(text):
        if spelling is None or _CLAUSE_WORDS.search(spelling):
            return None
    return Inspection(query_form(text).lower(), parsed=False)


@functools.lru_cache(maxsize=256)
def _inspected(text: str, allow_update: bool, source: str) -> Inspection:
    return inspect(text, allow_update=allow_update, source=source)


def inspect_quickly(text: str, *, allow_update: bool = False, source: str = "<query>") -> Inspection:
    """:func:`inspect`'s verdict, cheaply: the bounds, then :func:`screen`, then the parser (whose
    verdicts on the last 256 texts it accepted are kept: the page's saved questions, a
    client asking the same query again)."""
    check_bounds(text, source)
    return screen(text) or _inspected(text, allow_update, source)


#: A minus sign that starts a decimal number: after a space or an opening bracket or comma (not a
#: subtraction written without a space, ?a-1.5, nor a minus inside an IRI, <http://x/-1.5>).
_NEGATIVE_DECIMAL = re.compile(r"(?:(?<=[\s({\[,])|^)-(?=\d*\.\d)")


def inspect(text: str, *, allow_update: bool = False, source: str = "<query>") -> Inspection:
    """Parse the query and refuse what must not run (see the module docstring)."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    if not text.strip():
        raise QuerySyntaxError(f"{source}: the query is empty")
    check_bounds(text, source)
    # rdflib's parser fails on a negative decimal in a triple (``-1.5``: it negates a Literal it
    # cannot negate); the structure read here is the same with ``+1.5`` (same length, so positions
    # hold), and the text that runs is the query as written.
    parsed = _NEGATIVE_DECIMAL.sub("+", text)
    try:
        tree, is_update = parseQuery(parsed), False
    except ParseBaseException as query_error:
        try:
            tree, is_update = parseUpdate(parsed), True
        except ParseBaseException as update_error:
            furthest = max(query_error, update_error, key=lambda e: e.loc)
            raise _syntax_error(furthest, text, source) from None
        except Exception:  # noqa: BLE001 - rdflib raises assorted errors on odd input
            raise _syntax_error(query_error, text, source) from None
    except Exception as exc:  # noqa: BLE001
        raise QuerySyntaxError(f"{source}: syntax error: {exc}".splitlines()[0]) from None
    units = _units(tree, is_update)
    if is_update:
        prologues, declared_so_far = [], []
        for declarations in dict.get(tree, "prologue") or []:
            declared_so_far += list(declarations)  # an operation sees the prefixes of those before it
            prologues.append(list(declared_so_far))
    else:
        prologues = [tree[0]]
    nodes: list = []
    dataset = []
    for (prologue, unit), declarations in zip(units, prologues, strict=False):
        found: list = []
        _walk(unit, found)
        _check_prefixes(found, _declared_prefixes(declarations), source)
        nodes += found
        for node in found:
            dataset += _check_node(node, prologue)
    if is_update:
        operations = tuple(n.name for n in nodes if n.name in _UPDATE_OPERATIONS)
        if not operations:
            raise QuerySyntaxError(f"{source}: the query is empty")
        if not allow_update:
            raise QueryRefused(f"updates are refused ({', '.join(dict.fromkeys(operations))}): the graph is "
                               "built from sources/ by `szkg build`; edit the sources instead")
        return Inspection("update", tuple(dataset), operations)
    form = tree[1].name.removesuffix("Query").lower()
    return Inspection(form, tuple(dataset))


_UPDATE_OPERATIONS = {"Load", "Clear", "Drop", "Create", "Add", "Move", "Copy", "InsertData", "DeleteData",
                      "DeleteWhere", "Modify"}


# ---------------------------------------------------------------- running


@dataclass(frozen=True)
class Job:
    """One query for a worker; every field pickles."""

    text: str
    update: bool = False
    substitutions: dict = field(default_factory=dict)  #: variable name → pyoxigraph term
    lookups: dict = field(default_factory=dict)  #: variable name → (kind, class, name) to resolve
    prefixes: dict = field(default_factory=dict)  #: PREFIXes the query may use undeclared
    union: bool = True  #: default graph = union of the named graphs
    default_graphs: tuple[str, ...] = ()  #: protocol ``default-graph-uri``
    named_graphs: tuple[str, ...] = ()  #: protocol ``named-graph-uri``
    max_rows: int | None = None  #: stop reading after this many rows or triples
    source: str = "<query>"
    inline_values: bool = False  #: bind parameters as a VALUES block opening the WHERE group
    #: a machine format (graph.query.results.serialize) the worker writes the answer in, when
    #: it fits the answer: the endpoint then only sends bytes on
    written_as: str = ""


def make_job(question: Question, values: dict[str, str] | None = None, *, inspection: Inspection,
             limit: int | None = None, default_graphs=(), named_graphs=(), written_as: str = ""):
    """Everything a worker needs to answer the question (see graph.query.runner.Job).

    A saved question's parameters are bound as a VALUES block (see the module docstring).
    """
    from graph.vocab import PREFIXES

    for iri in (*default_graphs, *named_graphs):
        check_graph(iri, "default-graph-uri" if iri in default_graphs else "named-graph-uri")
    substitutions, lookups = bind(question, values or {})
    if inspection.form == "update" and (substitutions or lookups):
        raise ParameterError("parameters cannot be bound in an update")
    return Job(text=question.text, update=inspection.form == "update", substitutions=substitutions,
               lookups=lookups, prefixes=dict(PREFIXES), union=not (inspection.dataset or default_graphs),
               default_graphs=tuple(default_graphs), named_graphs=tuple(named_graphs), max_rows=limit,
               source=question.source, inline_values=question.saved, written_as=written_as)


def saved_inspection(question: Question) -> Inspection | None:
    """What inspect() would say of a saved question, without parsing it; None if unsure.

    Saved questions are SELECT/ASK/CONSTRUCT queries without dataset clauses or SERVICE
    (the test suite inspects each); a word that could change that sends it to the parser.
    """
    from graph.store.sparql import keywords_only, query_form

    risky = r"\b(FROM|USING|SERVICE|LOAD|INSERT|DELETE|CLEAR|DROP|CREATE|ADD|MOVE|COPY)\b"
    if not question.saved or re.search(risky, keywords_only(question.text), re.IGNORECASE):
        return None
    return Inspection(query_form(question.text).lower())
