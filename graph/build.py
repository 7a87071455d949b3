"""`szkg build`: sources → validated RDF dumps + embedded store, written atomically.

Nothing is written until everything is loaded and validated (sources, ontology, SHACL);
the new build is assembled in a sibling directory and swapped in, so a failed build
leaves the previous one untouched.
"""

from __future__ import annotations

import os
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph.errors import OntologyError, StoreError
from graph.model import Corpus
from graph.rdf import corpus_to_dataset
from graph.sources import load_corpus
from graph.store import dataset_quads, write_store
from graph.vocab import PREFIXES, load_ontology

DUMPS = {"trig": "szkg.trig", "turtle": "szkg.ttl", "nquads": "szkg.nq"}
STORE_DIR = "store"


@dataclass
class BuildResult:
    """What a build produced, for the summary."""

    out: Path
    corpus: Corpus
    quads: int
    triples: int
    store_quads: int
    shacl_violations: int
    seconds: float
    files: dict[str, Path] = field(default_factory=dict)

    def per_class(self) -> Counter:
        return Counter(e.type for e in self.corpus.entities.values())

    def per_predicate(self) -> Counter:
        return Counter(s.predicate for s in self.corpus.statements)

    def per_document(self) -> dict[str, Counter]:
        table: dict[str, Counter] = {d: Counter() for d in sorted(self.corpus.documents)}
        for s in self.corpus.statements:
            table[s.evidence.document]["statements"] += 1
        for o in self.corpus.observations:
            table[o.evidence.document]["observations"] += 1
        for a in self.corpus.attributes:
            table[a.evidence.document]["attributes"] += 1
        return table


def validate_shacl(data: Graph, shapes_path: Path, ontology: Graph) -> int:
    """Run the SHACL shapes; OntologyError naming the first violations if any."""
    from pyshacl import validate

    shapes = Graph()
    try:
        shapes.parse(shapes_path, format="turtle")
    except FileNotFoundError as exc:
        raise OntologyError(f"{shapes_path}: shapes file not found") from exc
    except Exception as exc:  # rdflib parser errors have no common base class
        raise OntologyError(f"{shapes_path}: malformed Turtle: {exc}".splitlines()[0]) from exc
    conforms, report, _text = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                       allow_warnings=True)
    if conforms:
        return 0
    from rdflib.namespace import SH

    messages = sorted({f"{report.value(r, SH.focusNode)}: {report.value(r, SH.resultMessage)}"
                       for r in report.subjects(SH.resultSeverity, SH.Violation)})
    raise OntologyError(f"SHACL: {len(messages)} violation(s); first: " + "; ".join(messages[:3]))


def _serialize(quads: list[ox.Quad], out: Path) -> dict[str, Path]:
    files = {name: out / filename for name, filename in DUMPS.items()}
    ox.serialize(quads, str(files["nquads"]), ox.RdfFormat.N_QUADS)
    ox.serialize(quads, str(files["trig"]), ox.RdfFormat.TRIG, prefixes=PREFIXES)
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads},
                     key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    ox.serialize(triples, str(files["turtle"]), ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    return files


def build(sources: Path, ontology_dir: Path, out: Path) -> BuildResult:
    """Load, validate and write the whole graph; the previous build survives any failure."""
    started = time.perf_counter()
    ontology = load_ontology(str(ontology_dir / "szkg.ttl"))
    corpus = load_corpus(sources, ontology)
    ds = corpus_to_dataset(corpus)
    quads = dataset_quads(ds)
    union = Graph()
    for s, p, o, _g in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    violations = validate_shacl(union, ontology_dir / "shapes.ttl", ontology.graph)

    out = Path(out)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir(parents=True)
        files = _serialize(quads, tmp)
        (tmp / "clean").mkdir()
        for doc in corpus.documents.values():
            (tmp / "clean" / f"{doc.id}.txt").write_text(doc.text, encoding="utf-8")
        store_quads = write_store(tmp / STORE_DIR, quads, ontology.graph)
        if out.exists():
            out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not out.exists():
            old.rename(out)
        raise StoreError(f"{out}: cannot write the build: {exc}") from exc
    files = {name: out / path.name for name, path in files.items()}
    files["store"] = out / STORE_DIR
    return BuildResult(out, corpus, len(quads), len(union), store_quads, violations,
                       time.perf_counter() - started, files)
