"""Every command has help and is documented in the README (a command nobody can find is a bug)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graph.cli.app import cli
from tests.conftest import ROOT

COMMANDS = sorted(cli.commands)


def test_there_are_commands():
    assert {"build", "query", "entity", "serve", "centrality", "explore", "extract", "eval"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert cli.commands[name].help and len(cli.commands[name].help.strip()) > 20


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"szkg {name}" in readme, f"README.md never shows `szkg {name}`"


def test_an_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(cli, ["bulid"])
    assert result.exit_code == 2 and "No such command" in result.output
