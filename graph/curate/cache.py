"""Per-document results of the previous build, so the next one redoes only what changed.

A build folder keeps ``cache/<facts file stem>.pickle`` per document — a summary of its
validated facts (``graph.model.FactsSummary``; the facts themselves are in
``<stem>.facts.pickle``, read only when asked for), keyed by the SHA-256 of the facts file, of
the document's clean text and of everything facts are checked against (ontology, indicators,
the cache format), with the entities they refer to, and what it knows of the document's named
graph (its key: the facts' key, the entities referred to and the entities its text mentions;
its hash, size and the triples it shares with other graphs). The graph's serialised blocks are
not kept apart: they are in the build's dumps, and ``_dumps.pickle`` says where
(``graph.curate.graphs.PreviousDumps``), so the next build copies them from there. Beside
them, whole-corpus results kept by a key of what they depend on (``DocumentCache.memo``):
``_texts`` (clean texts by the hash of their document's bytes), ``_ontology`` (the ontology
graph with canonical blank nodes), ``_mentions`` (each text's mentioned entities, under a
digest of every entity name), ``_*-graph`` and ``_graph-*`` (the shared graphs by what they
are made of, and their blocks), ``_facts-stat`` (each facts file's stat when it was last read,
so an unchanged one is not read again) and ``_clean`` (the clean texts written). The next
build reads the previous folder's entries and reuses one only when every part of its key is
unchanged; reused entries are hard-linked into the new build folder, new ones are written
there, so a failed build changes nothing.

Entries are pickles written by szkg itself into the build folder and read back only from
there (a build folder is not something to receive from elsewhere).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Bump when an entry's layout or what graph.rdf makes of facts changes: older entries are ignored.
CACHE_FORMAT = 4


def digest(*parts: Any) -> str:
    """SHA-256 of the parts (bytes as they are, anything else by its repr)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


@dataclass
class DocumentCache:
    """The previous build's entries (read) and this build's (written at ``commit``)."""

    previous: Path | None
    salt: str
    #: stem → entry: what this build keeps (reused or made afresh).
    entries: dict[str, dict] = field(default_factory=dict)
    #: stems whose entry came unchanged from the previous build (hard-linked at commit).
    reused: set[str] = field(default_factory=set)
    #: clean texts by the SHA-256 of their document's bytes (``texts.pickle``)
    texts: dict[str, str] = field(default_factory=dict)
    #: name → (key, value): whole-corpus results kept for the next build (``_<name>.pickle``)
    memos: dict[str, tuple[str, Any]] = field(default_factory=dict)

    def __post_init__(self):
        self.texts = self._read("_texts") or {}

    def _read(self, name: str):
        found = self._load(f"{name}.pickle")
        return found[1] if isinstance(found, tuple) and len(found) == 2 and found[0] == self.salt else None

    def ontology(self, sha: str, make):
        """The ontology graph's quads (canonical blank nodes take a second to compute): the
        previous build's when the ontology file is unchanged."""
        found = self._read("_ontology")
        if isinstance(found, tuple) and found[0] == sha:
            self._ontology = found
            return found[1]
        self._ontology = (sha, make())
        return self._ontology[1]

    def previous_memo(self, name: str, key: str):
        """The value the previous build kept under ``name`` if it was made under ``key``, else None."""
        found = self._read(f"_{name}")
        return found[1] if isinstance(found, tuple) and len(found) == 2 and found[0] == key else None

    def memo(self, name: str, key: str, make):
        """``make()``, or the previous build's value of ``name`` when it was made under the same
        ``key`` (a digest of everything it depends on); kept for the next build either way."""
        value = self.previous_memo(name, key)
        if value is None:
            value = make()
        self.keep_memo(name, key, value)
        return value

    def keep_memo(self, name: str, key: str, value) -> None:
        self.memos[name] = (key, value)

    def load(self, stem: str) -> dict | None:
        """The previous build's entry for a facts file, without its facts, or None (absent,
        unreadable, older format)."""
        entry = self._load(f"{stem}.pickle")
        return entry if isinstance(entry, dict) and entry.get("salt") == self.salt else None

    def load_facts(self, stem: str, sha: str) -> dict | None:
        """The facts of the previous build's entry for a facts file, if it holds them for a file of
        hash ``sha``, else None."""
        found = self._load(f"{stem}.facts.pickle")
        if not (isinstance(found, tuple) and len(found) == 3 and found[:2] == (self.salt, sha)):
            return None
        try:  # the facts are kept pickled inside the entry (a worker process pickled them)
            return pickle.loads(found[2])
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            return None

    def _load(self, name: str):
        if self.previous is None:
            return None
        try:
            with open(self.previous / name, "rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return None

    def keep(self, stem: str, entry: dict, unchanged: bool) -> None:
        """Keep ``entry`` for the next build; with ``"facts"`` or ``"facts_pickle"`` (parsed by
        this build; pickled by a worker process) its facts are written beside it, without (taken
        from the previous build) they are linked."""
        entry["salt"] = self.salt
        self.entries[stem] = entry
        if unchanged:
            self.reused.add(stem)
        else:
            self.reused.discard(stem)

    def commit(self, folder: Path, documents) -> None:
        """Write this build's entries into ``folder`` (hard links for reused ones).  An entry's
        facts go into ``<stem>.facts.pickle``, apart from the rest, which every build reads."""
        folder.mkdir(parents=True, exist_ok=True)
        used = {hashlib.sha256(doc.raw).hexdigest() for doc in documents}
        for name, value in (("_texts", {k: v for k, v in self.texts.items() if k in used}),
                            ("_ontology", getattr(self, "_ontology", None)),
                            *((f"_{n}", memo) for n, memo in sorted(self.memos.items()))):
            _dump(folder / f"{name}.pickle", (self.salt, value))
        for stem, entry in sorted(self.entries.items()):
            facts = entry.get("facts_pickle")
            if facts is None and entry.get("facts") is not None:
                facts = pickle.dumps(entry["facts"], protocol=pickle.HIGHEST_PROTOCOL)
            meta = {k: v for k, v in entry.items() if k not in ("facts", "facts_pickle")}
            if facts is not None:
                _dump(folder / f"{stem}.facts.pickle", (self.salt, entry["facts_sha"], facts))
            elif not (self.previous is not None
                      and _link(self.previous / f"{stem}.facts.pickle", folder / f"{stem}.facts.pickle")):
                continue  # its facts are gone: the next build parses the file again
            if not (stem in self.reused and self.previous is not None
                    and _link(self.previous / f"{stem}.pickle", folder / f"{stem}.pickle")):
                _dump(folder / f"{stem}.pickle", meta)


def _dump(path: Path, value) -> None:
    with open(path, "wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)


def _link(source: Path, target: Path) -> bool:
    """Hard-link (else copy) ``source`` to ``target``; False if neither worked."""
    try:
        os.link(source, target)
        return True
    except OSError:
        try:
            shutil.copyfile(source, target)
            return True
        except OSError:
            return False
