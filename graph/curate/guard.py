"""One validation layer for what the sources name: ids, paths, offsets, YAML and file reads.

Every value a user writes into ``documents.yaml``, a facts or review file, or passes on the
command line goes through here before it names a file, an IRI or a position:

* **ids** — entity ids are lowercase slugs (``huawei``, ``policy-18-1987``); document ids are
  slugs or the ``NNN_<16 hex>`` form that ``szkg ingest`` gives.  Nothing else can become a
  file name or an IRI, so ``../../x``, ``x/y``, ``a b`` and ``a>b`` are refused, with the rule.
* **paths** — a document's ``file:`` resolves inside the sources folder (symlinks followed,
  loops refused) to a regular file: not a folder, a device, a FIFO or a socket.
* **reads** — bounded: at most ``MAX_BYTES`` (20 MB, ``--max-bytes`` for ingest) are read,
  and a file that grows past the limit while read is refused rather than read to the end.
* **YAML** — parsed by libyaml's C loader when present (its strings, mappings and lists built
  in one walk, everything else by the safe loader's constructor: the same values, 40 % less
  time); anchors and aliases are refused (an alias bomb never expands), and so is a document
  over the size limit.
* **offsets** — non-negative integers inside the clean text.

Every refusal is a SourceError that names the file and line, the value (control characters
escaped, cut at 80 characters with …) and the rule it breaks.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from graph.errors import SourceError
from graph.names import printable

#: The largest source file szkg reads (an article, a YAML file), in bytes.
MAX_BYTES = 20_000_000
ENTITY_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
DOCUMENT_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}|[0-9]{3,6}_[0-9a-f]{16}")
ENTITY_ID_RULE = "a lowercase slug: a-z, 0-9 and -, at most 100 characters"
DOCUMENT_ID_RULE = "a lowercase slug (a-z, 0-9, -) or the NNN_<16 hex digits> form szkg ingest gives"

_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_MERGE_OR_VALUE = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """libyaml's C loader, with the resolver's common case in one step: a plain scalar whose
    first character begins no implicit type (most words, every Chinese text) is a string, as
    the resolver would find after its lookups (a third of the time spent loading facts files)."""

    def resolve(self, kind, value, implicit):
        resolvers = self.yaml_implicit_resolvers
        if (kind is yaml.ScalarNode and implicit[0] and value and value[0] not in resolvers
                and None not in resolvers and not self.yaml_path_resolvers):
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


def _construct(loader: _Loader, node: yaml.Node) -> Any:
    """The value of ``node`` as ``loader.construct_document`` gives it: strings, mappings and
    lists built here in one walk, every other node (a number, a boolean, null, a date, a
    merge key, a set, an unhashable key's error) by the loader's own constructor."""
    if node.tag == _STR and isinstance(node, yaml.ScalarNode):
        return node.value
    if node.tag == _SEQ and isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item) for item in node.value]
    if node.tag == _MAP and isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            if key_node.tag in _MERGE_OR_VALUE:  # keys the loader's constructor rewrites
                return loader.construct_object(node, deep=True)
            key = _construct(loader, key_node)
            if not isinstance(key, Hashable):
                return loader.construct_object(node, deep=True)  # its error, with both positions
            out[key] = _construct(loader, value_node)
        return out
    return loader.construct_object(node, deep=True)


def shown(value: Any, limit: int = 80) -> str:
    """A value as an error message quotes it: one line, control characters escaped, cut with …"""
    return printable(str(value).replace("\n", "\\n"), limit)


def check_entity_id(value: Any, path: Path | None = None, line: int | None = None) -> str:
    text = str(value)
    if not ENTITY_ID.fullmatch(text):
        raise SourceError(f"entity id '{shown(text)}' must be {ENTITY_ID_RULE}", path, line)
    return text


def check_document_id(value: Any, path: Path | None = None, line: int | None = None) -> str:
    text = str(value)
    if not DOCUMENT_ID.fullmatch(text):
        raise SourceError(f"document id '{shown(text)}' must be {DOCUMENT_ID_RULE}", path, line)
    return text


def inside(root: Path, relative: Any, path: Path | None = None, line: int | None = None,
           what: str = "file") -> Path:
    """``root / relative`` resolved, which must stay inside ``root``; SourceError otherwise."""
    text = str(relative)
    if not text.strip() or "\x00" in text:
        raise SourceError(f"{what} '{shown(text)}' is not a path", path, line)
    base = Path(root).resolve()
    try:
        target = (base / text).resolve(strict=False)
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise SourceError(f"{what} '{shown(text)}' cannot be resolved: {exc}", path, line) from None
    if target != base and base not in target.parents:
        raise SourceError(f"{what} '{shown(text)}' points outside the sources folder {base}", path, line)
    return target


def read_bounded(file: Path, limit: int = MAX_BYTES, path: Path | None = None, line: int | None = None,
                 what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; SourceError for anything else.

    The file is opened once, checked with ``fstat`` (so a file swapped in between is the one
    checked) and read at most ``limit + 1`` bytes, so a device or an endless file is never
    read to its end.
    """
    where = (path, line) if path is not None else (file, None)
    name = f" {shown(file)}" if path is not None else ""  # the message names it when the prefix does not
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise SourceError(f"{what}{name} not found", *where) from None
    except IsADirectoryError:
        raise SourceError(f"{what}{name} is a folder, not a file", *where) from None
    except PermissionError:
        raise SourceError(f"{what}{name} cannot be read: permission denied", *where) from None
    except OSError as exc:  # ELOOP, ENAMETOOLONG, ...
        raise SourceError(f"{what}{name} cannot be opened: {exc.strerror or exc}", *where) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SourceError(f"{what}{name} is a folder, not a file", *where)
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(f"{what}{name} is not a regular file (a device, FIFO or socket)", *where)
        if info.st_size > limit:
            raise SourceError(f"{what}{name} has {info.st_size} bytes, over the limit of {limit} bytes", *where)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise SourceError(f"{what}{name} cannot be read: {exc.strerror or exc}", *where) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise SourceError(f"{what}{name} grew past the limit of {limit} bytes while read", *where)
    return data


def source_file(root: Path, relative: Any, path: Path, line: int, limit: int = MAX_BYTES) -> tuple[Path, bytes]:
    """A document's ``file:`` entry: resolved inside ``root``, a regular file, read bounded."""
    target = inside(root, relative, path, line)
    return target, read_bounded(target, limit, path, line, what="document file")


def _no_aliases(node: yaml.Node, path: Path) -> None:
    """Refuse a node graph in which a node is reached twice (what an alias does)."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            raise SourceError("YAML anchors and aliases (&name, *name) are not allowed in sources",
                              path, current.start_mark.line + 1)
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.extend((value, key))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(reversed(current.value))


def load_yaml(path: Path, limit: int = MAX_BYTES) -> tuple[Any, Any]:
    """(node, data) of a YAML source file: read bounded, UTF-8, no aliases; SourceError with
    the line for a malformed one.  ``node`` keeps every item's line (see sources.records)."""
    raw = read_bounded(path, limit, what="YAML file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"not UTF-8 ({exc.reason} at byte {exc.start})", path) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        if "&" in text or "*" in text:  # an anchor or alias needs one of them
            _no_aliases(node, path)
        return node, _construct(loader, node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceError(f"malformed YAML: {shown(problem, 200)}", path, mark.line + 1 if mark else None) from None
    finally:
        loader.dispose()


def check_offset(start: Any, text_length: int, path: Path, line: int) -> int:
    """A ``start:`` offset: a non-negative integer inside the clean text."""
    if isinstance(start, bool) or not isinstance(start, int) or not 0 <= start < max(text_length, 1):
        raise SourceError(f"start '{shown(start)}' must be a whole number from 0 to {max(text_length - 1, 0)}, "
                          "the quote's offset in the clean text", path, line)
    return start
