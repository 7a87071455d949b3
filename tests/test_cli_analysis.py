"""`szkg stats|centrality|communities|path|impact` from the command line."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections import Counter

import pytest
from click.testing import CliRunner
from wcwidth import wcswidth

from graph.cli.app import cli

REN_ZHENGFEI = "如果沒有18號文件,我不會想創辦華為"
COMMANDS = ["stats", "centrality", "communities", "path", "impact"]


def run(built, *args: str):
    result = CliRunner().invoke(cli, [args[0], "--out", str(built.out), *args[1:]])
    return result


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_stats_prints_counts_per_type_and_predicate(built):
    result = run(built, "stats")
    assert result.exit_code == 0, result.output
    assert "Entities per type" in result.output and "Edges per predicate" in result.output
    assert "enabled" in result.output and "connected components" in result.output


def test_stats_json_counts_every_entity(built):
    data = json.loads(run(built, "stats", "--format", "json").output)
    assert data["nodes"] == len(built.corpus.entities)
    current = Counter(s.predicate for s in built.corpus.statements if s.time == "current")  # the projection's facts
    assert data["statements_per_predicate"] == dict(sorted(current.items()))


def test_centrality_table_names_the_hubs(built):
    result = run(built, "centrality", "--metric", "pagerank", "--top", "10")
    assert result.exit_code == 0, result.output
    assert "PageRank" in result.output and "深圳" in result.output and "华为" in result.output


def test_centrality_json_top_pagerank_includes_shenzhen_and_huawei(built):
    data = json.loads(run(built, "centrality", "--format", "json", "--top", "10").output)
    top = [r["id"] for r in data["metrics"]["pagerank"]["top"]]
    assert "shenzhen" in top and "huawei" in top
    assert set(data["metrics"]) == {"pagerank", "degree", "in_degree", "out_degree", "betweenness",
                                    "eigenvector", "closeness", "harmonic"}
    assert data["reading"] and data["settings"]["directed"] is False


def test_centrality_csv_with_type_filter_and_top(built):
    result = run(built, "centrality", "--format", "csv", "-m", "degree,betweenness", "--type", "Firm,Policy",
                 "--top", "2")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows and {r["type"] for r in rows} <= {"Firm", "Policy"}
    assert {r["metric"] for r in rows} == {"degree", "betweenness"}
    assert all(sum(r["metric"] == m for r in rows) <= 2 for m in ("degree", "betweenness"))


def test_centrality_markdown_tables_line_up_with_cjk(built):
    result = run(built, "centrality", "--format", "markdown", "-m", "pagerank")
    assert result.exit_code == 0, result.output
    assert "## PageRank" in result.output
    table = [line for line in result.output.splitlines() if line.startswith("|")]
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in line) for line in table)
    assert len({wcswidth(line) for line in table}) == 1


def test_centrality_directed_weighted_runs(built):
    result = run(built, "centrality", "--directed", "--weighted", "--format", "json", "-m", "pagerank")
    data = json.loads(result.output)
    assert data["settings"]["directed"] is True and data["settings"]["weighted"] is True


def test_centrality_html_goes_beside_the_graph_by_default(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built.out, out)
    result = CliRunner().invoke(cli, ["centrality", "--out", str(out), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert str(out / "report.html") in result.output
    assert "<svg" in (out / "report.html").read_text(encoding="utf-8")


def test_centrality_output_file(built, tmp_path):
    target = tmp_path / "c.json"
    result = run(built, "centrality", "--format", "json", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8"))["metrics"]


def test_sampled_betweenness_prints_the_sample_size(built):
    result = run(built, "centrality", "-m", "betweenness", "--exact-limit", "0", "--samples", "2")
    assert result.exit_code == 0, result.output
    assert "estimated from 2 sampled source nodes" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["centrality", "-m", "pagerankk"], "unknown metric 'pagerankk'"),
    (["centrality", "--type", "Frim"], "unknown entity type 'Frim'"),
    (["path", "华未", "华为"], "no entity is called '华未'"),
    (["impact", "不存在的公司"], "no entity is called '不存在的公司'"),
])
def test_bad_input_is_one_line_with_exit_1(built, args, message):
    result = run(built, *args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_missing_build_says_what_to_do(tmp_path):
    result = CliRunner().invoke(cli, ["stats", "--out", str(tmp_path / "nothing")])
    assert result.exit_code == 1 and "szkg build" in result.output


def test_communities_are_named_and_reproducible(built):
    first = run(built, "communities", "--format", "json", "--seed", "5", "--min-size", "1")
    again = run(built, "communities", "--format", "json", "--seed", "5", "--min-size", "1")
    assert first.exit_code == 0, first.output
    assert first.output == again.output
    data = json.loads(first.output)
    members = [m["id"] for c in data for m in c["members"]]
    assert len(members) == len(set(members)) == len(built.corpus.entities)
    table = run(built, "communities")
    assert table.exit_code == 0 and "communities (Louvain)" in table.output


@pytest.mark.parametrize("names", [("18号文件", "华为"), ("18號文件", "Huawei"), ("policy-18-1987", "華為")])
def test_path_from_18_document_to_huawei_quotes_ren_zhengfei(built, names):
    result = run(built, "path", *names)
    assert result.exit_code == 0, result.output
    assert "(1 hop)" in result.output and "enabled" in result.output
    assert REN_ZHENGFEI in result.output and "004_7ac091414ba7caeb" in result.output


def test_path_json_has_predicate_quote_and_document_per_hop(built):
    data = json.loads(run(built, "path", "华为", "深圳", "--format", "json").output)
    for path in data:
        for hop in path:
            for rel in hop["relations"]:
                assert rel["predicate"] and rel["statements"]
                for st in rel["statements"]:
                    assert st["quote"] in built.corpus.documents[st["document"]].text


def test_impact_of_shenzhen(built):
    result = run(built, "impact", "深圳")
    assert result.exit_code == 0, result.output
    assert "removing 深圳" in result.output and "average shortest path" in result.output


def test_impact_ranking_puts_articulation_points_first(built):
    data = json.loads(run(built, "impact", "--top", "50", "--format", "json").output)
    flags = [r["articulation"] for r in data]
    assert flags == sorted(flags, reverse=True)
    table = run(built, "impact", "--top", "3")
    assert table.exit_code == 0 and "articulation" in table.output


def test_impact_wants_a_name_or_top_not_both(built):
    result = run(built, "impact", "深圳", "--top", "3")
    assert result.exit_code == 2 and "not both" in result.output
