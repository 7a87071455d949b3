"""Where a corpus lives and what a build folder holds.

A *project* is a folder with ``sources/`` (documents, entities, facts) and, optionally, its
own ``ontology/``; without one, the ontology that ships inside the package is used.
Commands find the project from ``--project``, else ``$SZKG_PROJECT``, else the working
directory or the nearest parent that holds ``sources/`` — and, for a development checkout
installed in editable mode, the checkout itself.  ``szkg init DIR`` makes a new one.

A *build folder* (``out/`` by default) is owned by :class:`BuildDir`: every file name of
the build is spelled here and nowhere else.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from graph.errors import FolderLocked, ProjectError, StoreError

#: Environment variables that choose the project and the build folder.
PROJECT_ENV = "SZKG_PROJECT"
OUT_ENV = "SZKG_OUT"


#: The project chosen for this process (``szkg --project``), over ``$SZKG_PROJECT``.
_chosen: Path | None = None


def use_project(folder: Path | None) -> None:
    """Choose the project for this process (None: find it as usual); ProjectError if
    ``folder`` is not one."""
    global _chosen
    if folder is not None and not _holds_sources(Path(folder)):
        raise ProjectError(f"{folder}: not a szkg project (no sources/ folder); "
                           "create one with `szkg init DIR`")
    _chosen = Path(folder) if folder is not None else None


def _holds_sources(folder: Path) -> bool:
    return (folder / "sources").is_dir()


def project_root(explicit: Path | None = None) -> Path:
    """The project folder: ``explicit``, the one :func:`use_project` chose, ``$SZKG_PROJECT``,
    the working directory or a parent
    of it that holds ``sources/``, else the development checkout the package runs from.

    ProjectError when none is found (an installed package outside any project).
    """
    chosen = explicit or _chosen or os.environ.get(PROJECT_ENV)
    if chosen:
        root = Path(chosen)
        if not _holds_sources(root):
            raise ProjectError(f"{root}: not a szkg project (no sources/ folder); "
                               "create one with `szkg init DIR`")
        return root
    cwd = Path.cwd()
    for folder in (cwd, *cwd.parents):
        if _holds_sources(folder):
            return folder
    checkout = Path(__file__).resolve().parent.parent
    if _holds_sources(checkout) and (checkout / "pyproject.toml").is_file():
        return checkout
    raise ProjectError(f"{cwd}: no szkg project here or above (no sources/ folder); "
                       "create one with `szkg init DIR`, or pass --project")


def default_out(project: Path | None = None) -> Path:
    """Build output: ``$SZKG_OUT``, else ``out/`` in the project (``./out`` outside one)."""
    env = os.environ.get(OUT_ENV)
    if env:
        return Path(env)
    try:
        return project_root(project) / "out"
    except ProjectError:
        return Path.cwd() / "out"


def default_sources(project: Path | None = None) -> Path:
    """The project's ``sources/`` folder."""
    return project_root(project) / "sources"


def packaged_ontology() -> Path:
    """The ontology and shapes that ship inside the package (``szkg.ttl``, ``shapes.ttl``)."""
    return Path(str(resources.files("graph").joinpath("ontology")))


def default_ontology(project: Path | None = None) -> Path:
    """The project's own ``ontology/`` when it has ``szkg.ttl``, else the packaged one."""
    try:
        own = project_root(project) / "ontology"
    except ProjectError:
        return packaged_ontology()
    return own if (own / "szkg.ttl").is_file() else packaged_ontology()


@dataclass(frozen=True)
class BuildDir:
    """A build folder and the name of everything in it."""

    root: Path

    #: The N-Quads, TriG and Turtle dumps, by format name.
    DUMPS = {"trig": "szkg.trig", "turtle": "szkg.ttl", "nquads": "szkg.nq"}

    @classmethod
    def at(cls, root: Path | None = None) -> BuildDir:
        """The build folder ``root``, or the default one (``$SZKG_OUT`` or the project's ``out/``)."""
        return cls(Path(root) if root is not None else default_out())

    @property
    def store(self) -> Path:
        """The embedded Oxigraph store."""
        return self.root / "store"

    @property
    def store_manifest(self) -> Path:
        """What the store holds (per-graph hashes), so the next build changes only what changed."""
        return self.root / "store-manifest.json"

    @property
    def clean(self) -> Path:
        """The clean texts that quotes and offsets refer to, one ``<document id>.txt`` each."""
        return self.root / "clean"

    @property
    def cache(self) -> Path:
        """Per-document results the next build reuses when nothing they depend on changed
        (``graph.curate.cache``)."""
        return self.root / "cache"

    @property
    def explorer(self) -> Path:
        return self.root / "explorer.html"

    @property
    def report(self) -> Path:
        return self.root / "report.html"

    def dump(self, fmt: str = "nquads") -> Path:
        return self.root / self.DUMPS[fmt]

    def clean_text(self, document_id: str) -> Path:
        return self.clean / f"{document_id}.txt"

    def staging(self, pid: int | None = None) -> Path:
        """Where a build is assembled before it is swapped in."""
        return self.root.with_name(f".{self.root.name}.tmp-{pid or os.getpid()}")

    def retired(self, pid: int | None = None) -> Path:
        """Where the previous build waits while the new one is swapped in."""
        return self.root.with_name(f".{self.root.name}.old-{pid or os.getpid()}")

    def require_store(self) -> Path:
        """The store folder; StoreError with what to do if there is none."""
        if not self.store.is_dir():
            raise StoreError(f"{self.store}: no store here; run `szkg build` first")
        return self.store


# ---------------------------------------------------------------- locks for writing commands


@contextlib.contextmanager
def folder_lock(lock_file: Path, what: str):
    """Hold an exclusive lock on ``lock_file`` while a command writes ``what``; FolderLocked,
    naming the holder (pid, command, since when), if another process holds it.

    The lock is the kernel's (``flock``): it ends with the process that holds it, so a
    killed build never leaves a stale lock behind.
    """
    import fcntl
    import sys
    import time

    lock_file = Path(lock_file)
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    handle = open(lock_file, "a+", encoding="utf-8")  # noqa: SIM115 - held for the with block
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise FolderLocked(f"{what} is being written by {holder}; wait for it to finish, "
                               "then run the command again") from None
        handle.seek(0)
        handle.truncate()
        command = " ".join(["szkg", *sys.argv[1:2]]) if sys.argv else "szkg"
        handle.write(f"pid {os.getpid()} ({command}, since {time.strftime('%H:%M:%S')})\n")
        handle.flush()
        yield
    finally:
        handle.close()


def build_lock(build: BuildDir):
    """The lock a command holds while it writes the build folder (beside it: it is swapped)."""
    return folder_lock(build.root.with_name(f".{build.root.name}.szkg-lock"), f"the build folder {build.root}")


def sources_lock(sources: Path, create: bool = False):
    """The lock a command holds while it writes the sources folder (``create``: make the
    folder if it is missing, as ingest into a new corpus does)."""
    sources = Path(sources)
    if not sources.is_dir() and not create:
        raise ProjectError(f"{sources}: no such folder")
    sources.mkdir(parents=True, exist_ok=True)
    # beside the folder, not in it: a command that fails leaves the sources byte for byte as they were
    return folder_lock(sources.with_name(f".{sources.name}.szkg-lock"), f"the sources folder {sources}")
