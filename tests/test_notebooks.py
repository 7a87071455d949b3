"""The notebooks under notebooks/: stored without outputs, and each runs top to bottom on a
fresh kernel without an error or a failed assertion (their asserts check the claims they show).
"""

from __future__ import annotations

from pathlib import Path

import nbclient
import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
EXPECTED = ("01-tour.ipynb", "02-policies-and-firms.ipynb", "03-hubs-and-clusters.ipynb")
#: what a notebook must not do: shell out instead of calling the library
SHELL_OUTS = ("!", "%%bash", "%%sh", "%%script", "%sx", "%system")


def execute(nb, cwd: Path):
    """Run every cell on a new kernel; nbclient raises CellExecutionError at the first error."""
    client = nbclient.NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(cwd)}},
    )
    return client.execute()


def code_cells(path: Path) -> list:
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def test_the_three_walkthroughs_exist():
    assert set(EXPECTED) <= {p.name for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                f"{path.name}: cell {cell.get('id')} is saved with outputs; clear them first"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_calls_the_library_and_asserts_its_claims(path):
    sources = [c.source for c in code_cells(path)]
    lines = [line.strip() for source in sources for line in source.splitlines()]
    assert "import graph" in lines, f"{path.name} does not use the public API"
    inside = [line for line in lines if line.startswith(("from graph", "import graph."))]
    assert not inside, f"{path.name} reaches past the public API: {inside}"
    assert any(line.startswith("assert ") for line in lines), f"{path.name} asserts nothing"
    for line in lines:
        assert not line.startswith(SHELL_OUTS), f"{path.name} shells out: {line}"
    assert not any("subprocess" in s or "os.system" in s for s in sources)


def test_notebooks_share_the_setup_cell():
    """One setup (find the checkout, build into a temporary directory) for all, so running one
    notebook from the repository root below covers the others' setup too."""
    setups = {code_cells(path)[0].source for path in NOTEBOOKS}
    assert len(setups) == 1
    setup = setups.pop()
    assert "pyproject.toml" in setup and "TemporaryDirectory" in setup


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_a_fresh_kernel(path):
    # The first runs from the repository root, the others from notebooks/: both must work.
    cwd = ROOT if path == NOTEBOOKS[0] else NOTEBOOKS_DIR
    nb = execute(nbformat.read(path, as_version=4), cwd)
    assert all(c.execution_count for c in nb.cells if c.cell_type == "code")


def test_a_failed_assertion_fails_the_run():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("claim = 1"),
            nbformat.v4.new_code_cell("assert claim == 2, 'the claim no longer holds'"),
        ]
    )
    with pytest.raises(nbclient.exceptions.CellExecutionError, match="the claim no longer holds"):
        execute(nb, NOTEBOOKS_DIR)
