"""Writing the sources: files replaced atomically, edits to a sources tree validated together
before any file is written, and the one-fact-per-line YAML layout of facts and review files.

``szkg ingest`` and ``szkg accept`` both write through here, so neither can leave a sources
tree half-edited.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import yaml

from graph.curate.sources import load_corpus, load_documents
from graph.errors import SourceError
from graph.model import Corpus
from graph.vocab import load_ontology


def flow(item: dict) -> str:
    """One YAML flow mapping on one line, keys in the given order."""
    return yaml.safe_dump(item, default_flow_style=True, allow_unicode=True, sort_keys=False,
                          width=1_000_000).strip()


def facts_text(data: dict, header: str = "") -> str:
    """A facts (or review) file: top-level keys, list items as one flow mapping per line."""
    out = [header] if header else []
    for key, value in data.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            out.append(f"{key}:\n" + "".join(f"  - {flow(v)}\n" for v in value))
        elif isinstance(value, list):
            out.append(f"{key}: {flow(value)}\n")
        else:
            out.append(yaml.safe_dump({key: value}, allow_unicode=True, width=1_000_000))
    return "".join(out)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write a file through a temporary sibling and a rename: never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class SourcesEdit:
    """Changes to a sources tree, validated together before any file is written."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.writes: dict[str, bytes] = {}
        self.deletes: set[str] = set()

    def write(self, rel: str, data: bytes | str) -> None:
        self.writes[rel] = data.encode("utf-8") if isinstance(data, str) else data
        self.deletes.discard(rel)

    def delete(self, rel: str) -> None:
        self.writes.pop(rel, None)
        if (self.root / rel).exists():
            self.deletes.add(rel)

    def read_text(self, rel: str) -> str | None:
        """The staged or current text of a file, None if it does not exist."""
        if rel in self.writes:
            return self.writes[rel].decode("utf-8")
        if rel in self.deletes or not (self.root / rel).exists():
            return None
        return (self.root / rel).read_text(encoding="utf-8")

    def stage(self, into: Path) -> Path:
        """A copy of the tree with the changes applied (review files left out)."""
        staged = into / "sources"
        if self.root.exists():
            shutil.copytree(self.root, staged, ignore=shutil.ignore_patterns("review", "curation", ".*"))
        staged.mkdir(parents=True, exist_ok=True)
        for rel in self.deletes:
            (staged / rel).unlink(missing_ok=True)
        for rel, data in self.writes.items():
            if rel.startswith("review/"):
                continue
            (staged / rel).parent.mkdir(parents=True, exist_ok=True)
            (staged / rel).write_bytes(data)
        return staged

    def validate(self, ontology_dir: Path) -> Corpus:
        """Load the staged tree as ``szkg build`` would; errors name the real files."""
        with tempfile.TemporaryDirectory(prefix="szkg-stage-") as tmp:
            staged = self.stage(Path(tmp))
            try:
                if not (staged / "entities.yaml").exists():
                    return Corpus(documents=load_documents(staged))
                return load_corpus(staged, load_ontology(str(Path(ontology_dir) / "szkg.ttl")))
            except SourceError as exc:
                raise SourceError(str(exc).replace(str(staged), str(self.root))) from None

    def commit(self) -> None:
        """Write every staged file atomically, then delete what is to be deleted."""
        for rel, data in sorted(self.writes.items()):
            write_atomic(self.root / rel, data)
        for rel in sorted(self.deletes):
            (self.root / rel).unlink(missing_ok=True)
