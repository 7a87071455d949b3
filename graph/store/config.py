"""Which store szkg uses: the embedded Oxigraph store of a build, or a remote SPARQL server.

The first of these that is set wins:

1. the ``--store URL`` option of a command;
2. the environment variable ``SZKG_STORE``;
3. the ``[store]`` table of a config file: ``$SZKG_CONFIG``, else ``./szkg.toml``, else
   ``szkg.toml`` at the project root;
4. the embedded store (``<out>/store``).

``embedded`` as the URL (in any of them) picks the embedded store explicitly.  The config file::

    [store]
    url = "http://127.0.0.1:8890/sparql"   # optionally flavour+URL, see graph.store.remote
    # update = "…"          endpoint overrides, when the server's layout is unusual
    # graph_store = "…"
    # union = "native"      native | param | explicit
    # user = "dba"          HTTP basic auth; the password comes from the environment
    # password_env = "SZKG_STORE_PASSWORD"
    # timeout = 60          seconds per request

``SZKG_STORE_USER`` / ``SZKG_STORE_PASSWORD`` set the credentials too (they win over the file).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import ConfigError

EMBEDDED = "embedded"
CONFIG_NAME = "szkg.toml"
_KEYS = {"url", "update", "graph_store", "union", "user", "password_env", "timeout", "query"}


@dataclass(frozen=True)
class StoreChoice:
    """The store a command should use, and which setting chose it (for messages)."""

    #: None for the embedded store, else the server URL as given.
    url: str | None
    #: "--store", "SZKG_STORE", the config file's path, or "default".
    chosen_by: str
    #: Keyword arguments for ``graph.store.remote.endpoint`` (update, graph_store, union, user, …).
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def embedded(self) -> bool:
        return self.url is None

    def describe(self) -> str:
        where = "the embedded store" if self.embedded else self.url
        return f"{where} (chosen by {self.chosen_by})"


def config_path() -> Path | None:
    """The config file in effect: ``$SZKG_CONFIG``, ``./szkg.toml`` or the project root's."""
    env = os.environ.get("SZKG_CONFIG")
    if env:
        path = Path(env)
        if not path.is_file():
            raise ConfigError(f"{path}: SZKG_CONFIG names a file that does not exist")
        return path
    from graph.layout import project_root

    for candidate in (Path.cwd() / CONFIG_NAME, project_root() / CONFIG_NAME):
        if candidate.is_file():
            return candidate
    return None


def read_config(path: Path) -> dict[str, Any]:
    """The ``[store]`` table of a TOML config file; ConfigError naming the file if it is wrong."""
    import tomllib

    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    table = data.get("store", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [store] must be a table")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(
            f"{path}: unknown [store] key {unknown[0]!r}; known: {', '.join(sorted(_KEYS))}"
        )
    if "timeout" in table and (
        not isinstance(table["timeout"], int | float) or table["timeout"] <= 0
    ):
        raise ConfigError(
            f"{path}: [store] timeout must be a positive number of seconds, "
            f"not {table['timeout']!r}"
        )
    for key in _KEYS - {"timeout"}:
        if key in table and not isinstance(table[key], str):
            raise ConfigError(f"{path}: [store] {key} must be a string, not {table[key]!r}")
    return table


def _options(table: dict[str, Any]) -> dict[str, Any]:
    options = {
        k: table[k]
        for k in ("query", "update", "graph_store", "union", "user", "timeout")
        if k in table
    }
    password = os.environ.get(table.get("password_env", "SZKG_STORE_PASSWORD"))
    if os.environ.get("SZKG_STORE_USER"):
        options["user"] = os.environ["SZKG_STORE_USER"]
    if password is not None:
        options["password"] = password
    return options


def store_choice(option: str | None = None) -> StoreChoice:
    """Decide the store: ``--store``, SZKG_STORE, the config file, or the default (see above)."""
    path = config_path()
    table = read_config(path) if path else {}
    for url, chosen_by in (
        (option, "--store"),
        (os.environ.get("SZKG_STORE"), "SZKG_STORE"),
        (table.get("url"), str(path)),
    ):
        if url:
            if url.strip().lower() == EMBEDDED:
                return StoreChoice(None, chosen_by)
            choice = StoreChoice(url.strip(), chosen_by, _options(table))
            endpoint(choice)  # fail now on a malformed URL or setting
            return choice
    return StoreChoice(None, "default")


def endpoint(choice: StoreChoice):
    """The ``graph.store.remote.Endpoint`` of a remote choice."""
    from graph.errors import StoreError
    from graph.store.remote import endpoint as make_endpoint

    try:
        return make_endpoint(choice.url, **choice.options)
    except StoreError as exc:
        raise ConfigError(f"{exc} (from {choice.chosen_by})") from None


def open_reader(choice: StoreChoice, out: Path):
    """The :class:`graph.store.Store` read commands query: the build's embedded store, or the
    remote server.  Both answer ``.query(sparql, use_default_graph_as_union=True)`` with
    pyoxigraph results."""
    if choice.embedded:
        from graph.layout import BuildDir
        from graph.store.embedded import EmbeddedStore

        return EmbeddedStore(BuildDir(Path(out)).require_store())
    from graph.store.remote import RemoteStore

    return RemoteStore(endpoint(choice))
