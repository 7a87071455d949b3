"""The remote store against real SPARQL servers on 127.0.0.1, and the store configuration.

Servers: Virtuoso (Debian's ``virtuoso-opensource``, started by ``.ci/start-virtuoso`` under a
temporary directory) and the Oxigraph server (the ``oxigraph`` package on PyPI).  Each is
skipped, with the command that installs it, only where it is not installed;
``SZKG_TEST_STORE=URL`` tests an already running server instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

import graph.errors
from graph.errors import QueryError, StoreError
from graph.store import config, remote
from graph.vocab import DOCGRAPH, ONTOLOGY_GRAPH, sparql_prefixes

ROOT = Path(__file__).resolve().parent.parent

ENABLED_HUAWEI = """SELECT ?quote WHERE {
  ?st rdf:subject ent:policy-18-1987 ; rdf:predicate szkg:enabled ; rdf:object ent:huawei ;
      szkg:evidence/oa:hasSelector ?sel . ?sel a oa:TextQuoteSelector ; oa:exact ?quote }"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_virtuoso(tmp: Path):
    if not shutil.which("virtuoso-t"):
        pytest.skip("Virtuoso is not installed: apt-get install virtuoso-opensource")
    done = subprocess.run(
        [str(ROOT / ".ci" / "start-virtuoso"), str(tmp)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    if done.returncode != 0:
        pytest.fail(f"Virtuoso did not start: {done.stderr.strip()[-500:]}")
    url, pid = done.stdout.split()
    return url, int(pid)


def _stop(handle) -> None:
    if isinstance(handle, subprocess.Popen):
        handle.terminate()
        handle.wait(10)
        return
    try:
        os.kill(handle, 15)
    except ProcessLookupError:
        pass


def _start_oxigraph(tmp: Path):
    binary = shutil.which("oxigraph")
    if not binary:
        pytest.skip("the Oxigraph server is not installed: pip install oxigraph")
    port = _free_port()
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(tmp), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
            return url, proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    pytest.fail("the Oxigraph server did not answer within 10 s")


@pytest.fixture(scope="module", params=["virtuoso", "oxigraph"])
def server(request, tmp_path_factory):
    """URL of a fresh SPARQL server on 127.0.0.1 (stopped after the module)."""
    if os.environ.get("SZKG_TEST_STORE"):
        if request.param != "virtuoso":
            pytest.skip("SZKG_TEST_STORE is set: testing that server only")
        yield os.environ["SZKG_TEST_STORE"]
        return
    start = _start_virtuoso if request.param == "virtuoso" else _start_oxigraph
    url, handle = start(tmp_path_factory.mktemp(request.param))
    yield url
    _stop(handle)


@pytest.fixture
def store(server):
    """A RemoteStore on the server, emptied of szkg's graphs first."""
    s = remote.RemoteStore(server)
    for g in [*s.graphs(refresh=True), str(remote.MANIFEST_GRAPH)]:
        s.delete_graph(g)
    return s


def _local_graphs(out: Path) -> dict[str, str]:
    return {g: remote.graph_hash(t) for g, t in remote.build_graphs(out).items()}


def _remote_hashes(s: remote.RemoteStore) -> dict[str, str]:
    rows = s.query(
        "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{remote.GRAPH_PREFIX}") && ?g != <{remote.MANIFEST_GRAPH}>) }}',
        use_default_graph_as_union=False,
    )
    graphs: dict[str, list] = {}
    for r in rows:
        graphs.setdefault(r["g"].value, []).append(ox.Triple(r["s"], r["p"], r["o"]))
    return {g: remote.graph_hash(t) for g, t in graphs.items()}


def _variant(built, tmp_path: Path, drop: str | None = None, change: str | None = None) -> Path:
    """A copy of the build whose dump lacks graph ``drop`` and has one more triple in ``change``."""
    out = tmp_path / "variant"
    out.mkdir()
    shutil.copytree(built.out / "store", out / "store")
    quads = [
        q
        for q in ox.parse(path=str(built.out / "szkg.nq"), format=ox.RdfFormat.N_QUADS)
        if q.graph_name.value != drop
    ]
    if change:
        quads.append(
            ox.Quad(
                ox.NamedNode("https://w3id.org/szkg/id/huawei"),
                ox.NamedNode("http://www.w3.org/2004/02/skos/core#note"),
                ox.Literal("改动", language="zh-Hans"),
                ox.NamedNode(change),
            )
        )
    ox.serialize(quads, str(out / "szkg.nq"), ox.RdfFormat.N_QUADS)
    return out


def _document_graphs(built) -> list[str]:
    return sorted(g for g in _local_graphs(built.out) if g.startswith(str(DOCGRAPH)))


# ------------------------------------------------------------------------------------ loading


def test_load_puts_one_graph_per_document_and_the_ontology(store, built):
    report = remote.load_build(store, built.out)
    local = _local_graphs(built.out)
    assert sorted(report.put) == sorted(local)
    assert str(ONTOLOGY_GRAPH) in report.put
    assert {g for g in local if g.startswith(str(DOCGRAPH))} == {
        str(DOCGRAPH[d]) for d in built.corpus.documents
    }
    assert _remote_hashes(store) == local
    assert len(store) == report.triples


def test_remote_answers_like_the_embedded_store(store, built):
    remote.load_build(store, built.out)
    embedded = ox.Store.read_only(str(built.out / "store"))
    text = sparql_prefixes() + ENABLED_HUAWEI
    here = {r["quote"].value for r in embedded.query(text, use_default_graph_as_union=True)}
    there = {r["quote"].value for r in remote.query(store, text)}
    assert there == here and any("18號文件" in q or "18号文件" in q for q in there)
    label = sparql_prefixes() + 'ASK { ent:huawei skos:prefLabel ?l FILTER(STR(?l) = "華為") }'
    assert bool(store.query(label)) is True


def test_pyoxigraph_keywords_work_remotely(store, built):
    """prefixes and substitutions as in Store.query, so graph.query.entity, graph.query.card and graph.query.runner run unchanged."""
    from graph.vocab import ENT, PREFIXES

    remote.load_build(store, built.out)
    policy = ox.NamedNode(str(ENT["policy-18-1987"]))
    rows = list(
        store.query(
            "SELECT ?policy ?o WHERE { ?policy szkg:enabled ?o }",
            prefixes=PREFIXES,
            substitutions={ox.Variable("policy"): policy},
        )
    )
    assert rows and {r["policy"] for r in rows} == {policy}
    assert ox.NamedNode(str(ENT["huawei"])) in {r["o"] for r in rows}


def test_entity_card_reads_the_remote_store(store, built):
    from graph.query.card import entity_card

    remote.load_build(store, built.out)
    here = entity_card(ox.Store.read_only(str(built.out / "store")), "華為")
    there = entity_card(store, "華為")
    assert there.id == here.id == "huawei"
    assert sorted(map(repr, there.relations)) == sorted(map(repr, here.relations))
    assert any(r.predicate == "enabled" and "18" in r.quote for r in there.relations)


def test_saved_questions_run_on_the_remote_store(store, built):
    """graph.query.runner.execute answers a saved question from the server as from the embedded store."""
    query = pytest.importorskip("graph.query.questions")
    from graph.query.runner import execute

    remote.load_build(store, built.out)
    question = query.saved_question("firms-enabled-by")
    inspection = query.inspect(question.text, source=question.source)
    job = query.make_job(question, {"policy": "18号文件"}, inspection=inspection)
    here = execute(ox.Store.read_only(str(built.out / "store")), job)
    there = execute(store, job)
    assert there.variables == here.variables
    assert sorted(map(str, there.rows)) == sorted(map(str, here.rows))
    assert any("huawei" in str(row) for row in there.rows)


def test_unchanged_build_sends_nothing(store, built):
    remote.load_build(store, built.out)
    again = remote.load_build(store, built.out)
    assert again.put == [] and again.deleted == []
    assert sorted(again.unchanged) == sorted(_local_graphs(built.out))


def test_rebuild_touches_only_the_changed_document_and_removes_the_deleted_one(
    store, built, tmp_path
):
    remote.load_build(store, built.out)
    documents = _document_graphs(built)
    assert len(documents) >= 2, "the test corpus needs two documents"
    removed, changed = documents[0], documents[1]
    variant = _variant(built, tmp_path, drop=removed, change=changed)
    report = remote.load_build(store, variant)
    assert report.put == [changed]
    assert report.deleted == [removed]
    assert not store.query(
        f"ASK {{ GRAPH <{removed}> {{ ?s ?p ?o }} }}", use_default_graph_as_union=False
    )
    assert _remote_hashes(store) == _local_graphs(variant)


def test_a_failed_load_does_not_poison_the_next(store, built, monkeypatch):
    good_put = remote.RemoteStore.put_graph
    victim = _document_graphs(built)[-1]

    def broken_put(self, graph, triples):
        if graph == victim:
            self._gsp("PUT", graph, b"<not a triple")
            return
        good_put(self, graph, triples)

    monkeypatch.setattr(remote.RemoteStore, "put_graph", broken_put)
    with pytest.raises(StoreError, match="refused"):
        remote.load_build(store, built.out)
    assert victim not in store.manifest()
    monkeypatch.setattr(remote.RemoteStore, "put_graph", good_put)
    report = remote.load_build(store, built.out)
    assert victim in report.put
    assert _remote_hashes(store) == _local_graphs(built.out)


def test_a_failed_update_is_not_resent_with_the_next(store):
    g = "https://w3id.org/szkg/graph/scratch"
    with pytest.raises(StoreError, match="update refused"):
        store.update(
            f'INSERT DATA {{ GRAPH <{g}> {{ <urn:a> <urn:b> "stale" }} }} ; THIS IS NOT SPARQL'
        )
    store.update(f'INSERT DATA {{ GRAPH <{g}> {{ <urn:a> <urn:b> "fresh" }} }}')
    values = {
        r["o"].value
        for r in store.query(
            f"SELECT ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}", use_default_graph_as_union=False
        )
    }
    assert values == {"fresh"}
    store.delete_graph(g)


def test_errors_are_one_line_and_name_the_server(store):
    with pytest.raises(QueryError, match=r"query refused: HTTP 400"):
        store.query("SELEC nothing")
    dead = remote.RemoteStore(f"http://127.0.0.1:{_free_port()}/sparql")
    with pytest.raises(StoreError, match="cannot reach the store") as caught:
        dead.query("ASK {}")
    assert "\n" not in str(caught.value)


def test_load_needs_a_build(store, tmp_path):
    with pytest.raises(StoreError, match="szkg.nq: no N-Quads dump here"):
        remote.load_build(store, tmp_path)


# ------------------------------------------------------------------- endpoints and configuration


@pytest.mark.parametrize(
    "url, flavour, query, update, gsp",
    [
        (
            "http://h:8890/sparql",
            "virtuoso",
            "http://h:8890/sparql",
            "http://h:8890/sparql",
            "http://h:8890/sparql-graph-crud",
        ),
        (
            "http://h:3030/ds",
            "fuseki",
            "http://h:3030/ds/query",
            "http://h:3030/ds/update",
            "http://h:3030/ds/data",
        ),
        (
            "http://h:7200/repositories/szkg",
            "graphdb",
            "http://h:7200/repositories/szkg",
            "http://h:7200/repositories/szkg/statements",
            "http://h:7200/repositories/szkg/rdf-graphs/service",
        ),
        (
            "http://h:7878",
            "oxigraph",
            "http://h:7878/query",
            "http://h:7878/update",
            "http://h:7878/store",
        ),
        (
            "fuseki+http://h/kg",
            "fuseki",
            "http://h/kg/query",
            "http://h/kg/update",
            "http://h/kg/data",
        ),
        (
            "sparql+http://h/endpoint",
            "sparql",
            "http://h/endpoint",
            "http://h/endpoint",
            "http://h/endpoint",
        ),
    ],
)
def test_endpoint_layouts(url, flavour, query, update, gsp):
    ep = remote.endpoint(url)
    assert (ep.flavour, ep.query, ep.update, ep.graph_store) == (flavour, query, update, gsp)


def test_a_store_url_must_be_http():
    with pytest.raises(StoreError, match="ftp://x: not a store URL"):
        remote.endpoint("ftp://x")


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in ("SZKG_STORE", "SZKG_CONFIG", "SZKG_STORE_USER", "SZKG_STORE_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("graph.layout.project_root", lambda: tmp_path)
    return tmp_path


def test_store_choice_precedence(clean_env, monkeypatch):
    assert config.store_choice().embedded
    (clean_env / "szkg.toml").write_text('[store]\nurl = "http://file:8890/sparql"\ntimeout = 5\n')
    choice = config.store_choice()
    assert choice.url == "http://file:8890/sparql" and choice.options["timeout"] == 5
    assert choice.chosen_by.endswith("szkg.toml")
    monkeypatch.setenv("SZKG_STORE", "http://env:7878")
    assert config.store_choice().url == "http://env:7878"
    assert config.store_choice("http://option:3030/ds").url == "http://option:3030/ds"
    assert config.store_choice("embedded").embedded


def test_credentials_come_from_the_environment(clean_env, monkeypatch):
    (clean_env / "szkg.toml").write_text(
        '[store]\nurl = "http://h:8890/sparql-auth"\nuser = "dba"\n'
    )
    monkeypatch.setenv("SZKG_STORE_PASSWORD", "secret")
    ep = config.endpoint(config.store_choice())
    assert (ep.user, ep.password, ep.graph_store) == (
        "dba",
        "secret",
        "http://h:8890/sparql-graph-crud-auth",
    )
    assert "secret" not in repr(ep)


@pytest.mark.parametrize(
    "text, message",
    [
        ("[store\n", "not valid TOML"),
        ('[store]\nurl = "http://h/sparql"\nport = 1\n', "unknown [store] key 'port'"),
        ('[store]\nurl = "http://h/sparql"\ntimeout = -1\n', "timeout must be a positive number"),
        ('[store]\nurl = "gopher://h"\n', "not a store URL"),
    ],
)
def test_bad_config_names_the_file(clean_env, text, message):
    (clean_env / "szkg.toml").write_text(text)
    with pytest.raises(graph.errors.ConfigError, match="szkg.toml") as caught:
        config.store_choice()
    assert message in str(caught.value)


def test_open_reader_picks_the_store(clean_env, built):
    from graph.store.embedded import EmbeddedStore

    embedded = config.open_reader(config.store_choice(), built.out)
    assert isinstance(embedded, EmbeddedStore) and embedded.path == built.out / "store"
    reader = config.open_reader(config.store_choice("http://127.0.0.1:9/sparql"), built.out)
    assert isinstance(reader, remote.RemoteStore)


def test_cli_build_loads_the_remote_store_and_a_rebuild_sends_nothing(store, server, tmp_path):
    """`szkg build --store URL` loads every graph; an unchanged rebuild leaves them all alone."""
    from click.testing import CliRunner

    from graph.cli.app import cli
    from tests.conftest import ONTOLOGY, SOURCES

    args = ["build", "--no-views", "-q", "--sources", str(SOURCES), "--ontology", str(ONTOLOGY),
            "--out", str(tmp_path / "out"), "--store", server]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert " 0 deleted, 0 unchanged" in first.output and "graphs sent" in first.output
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.output
    assert "0 graphs sent, 0 deleted" in again.output
    from graph.query.card import entity_card

    card = entity_card(store, "Huawei")  # read back from the server
    assert any(r.predicate == "enabled" and r.other == "policy-18-1987" for r in card.relations)


def test_cli_build_with_a_malformed_store_url_is_one_line(tmp_path):
    from click.testing import CliRunner

    from graph.cli.app import cli
    from tests.conftest import ONTOLOGY, SOURCES

    result = CliRunner().invoke(cli, ["build", "--no-views", "-q", "--sources", str(SOURCES), "--ontology",
                                      str(ONTOLOGY), "--out", str(tmp_path / "out"), "--store", "ftp://x"])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert result.output.startswith("Error: ") and "--store" in result.output


# ---------------------------------------------------------------- read commands with --store


def _cli(*args: str, env: dict | None = None):
    from click.testing import CliRunner

    from graph.cli.app import cli

    return CliRunner(env=env).invoke(cli, list(args))


def _rows(csv_text: str) -> list[str]:
    """CSV data rows (header dropped, the `store: …` notice on stderr left out), sorted."""
    lines = [ln for ln in csv_text.splitlines() if ln and not ln.startswith("store: ")]
    return sorted(lines[1:])


@pytest.fixture
def loaded(store, built, tmp_path, clean_env):
    """The seed build loaded into the server, and an --out with no embedded store in it."""
    remote.load_build(store, built.out)
    empty = tmp_path / "no-build-here"
    empty.mkdir()
    return empty


def test_cli_query_reads_the_remote_store(server, built, loaded):
    """`szkg query --store URL` answers a saved question from the server as from the embedded store."""
    args = ["query", "firms-enabled-by", "-p", "policy=18號文件", "--format", "csv"]
    there = _cli(*args, "--store", server, "--out", str(loaded))
    here = _cli(*args, "--out", str(built.out))
    assert there.exit_code == 0 and here.exit_code == 0, there.output + here.output
    assert f"store: {server} (chosen by --store)" in there.output
    assert _rows(there.output) == _rows(here.output)
    assert any(row.startswith(f"{remote.BASE}id/policy-18-1987,{remote.BASE}id/huawei,") for row in _rows(there.output))
    refused = _cli("query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
                   "--store", server, "--out", str(loaded))
    assert refused.exit_code == 1 and "SERVICE" in refused.output and "Traceback" not in refused.output


def test_cli_entity_reads_the_remote_store_chosen_by_the_environment(server, built, loaded):
    there = _cli("entity", "華為", "--json", "--out", str(loaded), env={"SZKG_STORE": server})
    here = _cli("entity", "華為", "--json", "--out", str(built.out))
    assert there.exit_code == 0, there.output
    assert "(chosen by SZKG_STORE)" in there.output
    import json

    card = json.loads(there.output[there.output.index("{"):])
    assert card == json.loads(here.output)
    assert card["id"] == "huawei"
    assert any(r["predicate"] == "enabled" and r["other"] == "policy-18-1987" for r in card["relations"])
    forced = _cli("entity", "華為", "--store", "embedded", "--out", str(loaded), env={"SZKG_STORE": server})
    assert forced.exit_code == 1 and "no store here" in forced.output  # 'embedded' wins over SZKG_STORE


def test_cli_centrality_and_explore_read_the_remote_store(server, built, loaded, tmp_path):
    there = _cli("centrality", "-m", "pagerank", "--format", "json", "--store", server, "--out", str(loaded))
    here = _cli("centrality", "-m", "pagerank", "--format", "json", "--out", str(built.out))
    assert there.exit_code == 0 and here.exit_code == 0, there.output + here.output
    import json

    def ranking(output: str) -> list:
        return [(r["id"], round(r["value"], 9)) for r in json.loads(output[output.index("{"):])["metrics"]["pagerank"]["top"]]

    assert ranking(there.output) == ranking(here.output)
    assert ranking(there.output)[0][0] == "shenzhen"
    page = tmp_path / "remote-explorer.html"
    drawn = _cli("explore", "--max-nodes", "0", "-o", str(page), "--store", server, "--out", str(loaded))
    local = _cli("explore", "--max-nodes", "0", "-o", str(tmp_path / "local.html"), "--out", str(built.out))
    assert drawn.exit_code == 0, drawn.output
    assert drawn.output.splitlines()[-1].split("(", 1)[1] == local.output.splitlines()[-1].split("(", 1)[1]
    assert "华为" in page.read_text(encoding="utf-8")


def test_cli_read_commands_name_an_unreachable_store(tmp_path, clean_env):
    for args in (["entity", "华为"], ["query", "firms-enabled-by", "-p", "policy=18号文件"], ["stats"]):
        result = _cli(*args, "--store", "http://127.0.0.1:9/sparql", "--out", str(tmp_path))
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert result.output.splitlines()[-1].startswith("Error: http://127.0.0.1:9/sparql")
        assert "cannot reach the store" in result.output


def test_serve_answers_from_the_remote_store_with_the_same_checks(server, built, loaded):
    """`szkg serve --store URL`: our endpoint in front of the remote server answers a real
    SPARQL client like the embedded one, and still refuses SERVICE and updates."""
    import threading
    import urllib.error
    import urllib.parse
    import urllib.request

    from SPARQLWrapper import JSON, SPARQLWrapper

    from graph.query.server import ServerConfig, make_server
    from graph.store.remote import RemoteStore

    endpoint = make_server(ServerConfig(RemoteStore(server), quiet=True), "127.0.0.1", 0)
    threading.Thread(target=endpoint.serve_forever, daemon=True).start()
    try:
        client = SPARQLWrapper(endpoint.url + "sparql")
        client.setReturnFormat(JSON)
        client.setQuery("PREFIX szkg: <https://w3id.org/szkg/ontology#> "
                        "SELECT ?firm WHERE { <https://w3id.org/szkg/id/policy-18-1987> szkg:enabled ?firm }")
        rows = client.queryAndConvert()["results"]["bindings"]
        assert {r["firm"]["value"] for r in rows} == {f"{remote.BASE}id/huawei"}
        query = urllib.parse.urlencode({"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(endpoint.url + "sparql?" + query, timeout=30).close()
        with refused.value:
            assert refused.value.code == 403 and b"SERVICE" in refused.value.read()
    finally:
        endpoint.shutdown()
        endpoint.server_close()


def test_serve_command_refuses_updates_to_a_remote_store(server, loaded):
    result = _cli("serve", "--store", server, "--allow-update", "--out", str(loaded))
    assert result.exit_code == 2 and "--allow-update serves only the embedded store" in result.output
