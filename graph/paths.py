"""Where szkg looks for its sources, ontology and build output by default."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The working directory if it holds ``sources/``, else the checkout the package lives in."""
    cwd = Path.cwd()
    if (cwd / "sources").is_dir() and (cwd / "ontology").is_dir():
        return cwd
    return Path(__file__).resolve().parent.parent


def default_out() -> Path:
    """Build output: ``$SZKG_OUT`` or ``out/`` under the project root."""
    env = os.environ.get("SZKG_OUT")
    return Path(env) if env else project_root() / "out"


def default_sources() -> Path:
    return project_root() / "sources"


def default_ontology() -> Path:
    return project_root() / "ontology"
