"""szkg is a tool, not only a checkout: the built wheel, installed into a fresh virtual
environment, starts a corpus and builds it outside the checkout (ontology, shapes, saved
questions and templates come from the package)."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The environment of the installed tool: nothing that would point Python at the checkout.
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with the wheel built from this checkout; its bin/ folder.

    The venv sees the site-packages of the interpreter running the tests for szkg's
    dependencies (the machine has no network to spare for them), but szkg itself comes only
    from the wheel: the test checks where ``graph`` is imported from.
    """
    tmp = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "-w", str(tmp / "dist"), str(ROOT)], check=True, capture_output=True)
    wheel = next((tmp / "dist").glob("szkg-*.whl"))
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(tmp / "venv")
    python = tmp / "venv" / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                    str(wheel)], check=True, capture_output=True, env=ENV)
    return tmp / "venv" / "bin"


def test_the_wheel_inits_and_builds_a_corpus_outside_the_checkout(installed, tmp_path):
    where = subprocess.run([installed / "python", "-c", "import graph; print(graph.__file__)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path, env=ENV)
    assert str(installed.parent) in where.stdout and str(ROOT) not in where.stdout
    made = subprocess.run([installed / "szkg", "init", "corpus"], capture_output=True, text=True, cwd=tmp_path, env=ENV)
    assert made.returncode == 0, made.stderr
    built = subprocess.run([installed / "szkg", "build"], capture_output=True, text=True,
                           cwd=tmp_path / "corpus", env=ENV)
    assert built.returncode == 0, built.stderr
    out = tmp_path / "corpus" / "out"
    assert (out / "store").is_dir() and (out / "explorer.html").is_file() and (out / "report.html").is_file()
    asked = subprocess.run([installed / "szkg", "query", "firms-enabled-by", "-p", "policy=18號文件",
                            "--format", "csv"], capture_output=True, text=True, cwd=tmp_path / "corpus",
                           env=ENV)
    assert asked.returncode == 0, asked.stderr
    assert "https://w3id.org/szkg/id/huawei" in asked.stdout


def test_the_wheel_ships_the_query_pages_files(installed, tmp_path):
    """YASGUI and the page's own script come with the package: `szkg serve`'s page works offline."""
    code = ("from graph.query.ui import STATIC_FILES, static_file; "
            "print(sorted(n for n in STATIC_FILES if static_file(n)))")
    shipped = subprocess.run([installed / "python", "-c", code], capture_output=True, text=True, cwd=tmp_path,
                             env=ENV)
    assert shipped.returncode == 0, shipped.stderr
    assert "'yasgui/yasgui.min.js'" in shipped.stdout and "'szkg-ui.js'" in shipped.stdout
    assert "'yasgui/LICENSE'" in shipped.stdout


def test_outside_any_project_a_command_says_how_to_start_one(installed, tmp_path):
    done = subprocess.run([installed / "szkg", "build"], capture_output=True, text=True, cwd=tmp_path, env=ENV)
    assert done.returncode == 1
    assert "szkg init DIR" in done.stderr and "Traceback" not in done.stderr
