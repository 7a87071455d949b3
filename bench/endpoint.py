"""`szkg serve` against Oxigraph's own server (and rdflib-endpoint) on the same store, side by side.

    python bench/endpoint.py STORE [--requests 200] [--clients 8] [--json OUT]

Each server runs in its own process on 127.0.0.1 (all at once) and answers the same SPARQL
text over HTTP (form-encoded POST, ``Accept: application/sparql-results+json``, a new connection per request,
as SPARQLWrapper and rdflib's SPARQLStore make them): the saved questions with their parameters
bound as a leading VALUES block of IRIs (what szkg runs for a saved question) and a few simple
queries.  For each query: p50 of sequential requests (one client), then p50 and throughput
with ``--clients`` clients sending at once; szkg's and Oxigraph's requests are interleaved
(one request to each in turn, then short rounds of the clients on each in turn), so a change
in the machine's load weighs on both alike.  The ratio is szkg's p50 ÷ Oxigraph's: 1.0 is as
fast, the issue's target is ≤ 1.5.

Servers: ``szkg serve`` (:func:`graph.query.server.serve`: the inspection, worker processes killed
at the deadline, the row cap); ``oxigraph serve-read-only --union-default-graph`` (the
``oxigraph`` package's CLI, the same RocksDB store, read-only); rdflib-endpoint when it is
importable (the store's quads loaded into rdflib's memory ``Dataset``; skipped otherwise).
bench/run's ``endpoint`` section runs this on its synthetic store.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

#: Simple queries every server answers the same way (szkg's prefixes declared in the text).
SIMPLE = {
    "ask": "ASK { ?s ?p ?o }",
    "labels of one entity": "SELECT ?label WHERE { ent:huawei skos:prefLabel ?label }",
    "20 firms": "SELECT ?firm ?label WHERE { ?firm a szkg:Firm ; skos:prefLabel ?label } LIMIT 20",
    "count statements": "SELECT (COUNT(*) AS ?n) WHERE { ?s a szkg:Statement }",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def queries(store: Path) -> dict[str, str]:
    """Name → SPARQL text: the saved questions bound to IRIs, and SIMPLE; prefixes declared."""
    from graph.query.questions import with_values
    from graph.vocab import sparql_prefixes

    sys.modules.setdefault("bench_run", _bench_run())
    run = sys.modules["bench_run"]
    texts = {}
    for name, question, values in run._question_jobs():
        terms = {p.name: run._ox_value(p.kind + (f":{p.entity_class}" if p.entity_class else ""), values[p.name])
                 for p in question.params if p.name in values}
        texts[name] = sparql_prefixes() + with_values(question.text, terms)
    texts.update({name: sparql_prefixes() + text for name, text in SIMPLE.items()})
    return texts


def _bench_run():
    import importlib.machinery
    import importlib.util

    loader = importlib.machinery.SourceFileLoader("bench_run", str(ROOT / "bench" / "run"))
    spec = importlib.util.spec_from_loader("bench_run", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


# ---------------------------------------------------------------- the servers


class Server:
    """A server process on 127.0.0.1 and the URL of its SPARQL endpoint."""

    def __init__(self, name: str, argv: list[str], path: str, env: dict | None = None):
        self.name, self.port = name, free_port()
        argv = [a.replace("{port}", str(self.port)) for a in argv]
        self.process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        env={**os.environ, **(env or {})}, cwd=ROOT)
        self.url = f"http://127.0.0.1:{self.port}{path}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{name} exited: {self.process.stderr.read().decode()[-500:]}")
            try:
                status, _ = request(self.url, "ASK { ?s ?p ?o }")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{name} did not answer within 120 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def szkg_server(store: Path) -> Server:
    code = ("import sys; from graph.query.server import ServerConfig, serve; "
            "serve(ServerConfig(sys.argv[1], quiet=True, timeout=60), port=int(sys.argv[2]), announce=lambda _: None)")
    return Server("szkg serve", [sys.executable, "-c", code, str(store), "{port}"], "/sparql",
                  {"PYTHONPATH": str(ROOT)})


def oxigraph_server(store: Path) -> Server | None:
    binary = shutil.which("oxigraph")
    if binary is None:
        return None
    return Server("oxigraph serve-read-only", [binary, "serve-read-only", "--location", str(store), "--bind",
                                               "127.0.0.1:{port}", "--union-default-graph"], "/query")


def rdflib_server(store: Path, folder: Path) -> Server | None:
    """rdflib-endpoint on the store's quads (in rdflib's memory Dataset), if it is installed."""
    import importlib.util

    if importlib.util.find_spec("rdflib_endpoint") is None or importlib.util.find_spec("uvicorn") is None:
        return None
    import pyoxigraph as ox

    dump = folder / "store.nq"
    ox.Store.read_only(str(store)).dump(str(dump), format=ox.RdfFormat.N_QUADS)
    code = ("import sys, uvicorn; from rdflib import Dataset; from rdflib_endpoint import SparqlEndpoint; "
            "g = Dataset(default_union=True); g.parse(sys.argv[1], format='nquads'); "
            "uvicorn.run(SparqlEndpoint(graph=g), host='127.0.0.1', port=int(sys.argv[2]), log_level='error')")
    return Server("rdflib-endpoint", [sys.executable, "-c", code, str(dump), "{port}"], "/")


# ---------------------------------------------------------------- the client


def request(url: str, query: str) -> tuple[int, int]:
    """(status, bytes) of one form-encoded POST on a new connection, the answer read whole."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    try:
        connection.request("POST", parts.path, urllib.parse.urlencode({"query": query}),
                           {"Accept": "application/sparql-results+json",
                            "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        return response.status, len(response.read())
    finally:
        connection.close()


def timed(url: str, query: str) -> float:
    start = time.perf_counter()
    status, _ = request(url, query)
    if status != 200:
        raise RuntimeError(f"HTTP {status}")
    return time.perf_counter() - start


def measure(url: str, query: str, requests: int, clients: int, budget: float) -> dict:
    """p50 of sequential requests; p50 and requests/s with ``clients`` at once (each phase
    stops early once ``budget`` seconds are spent)."""
    try:
        first = timed(url, query)
        if first > budget:  # a slow server: one more answer, and no crowd
            return {"p50": statistics.median([first, timed(url, query)]), "n": 2, "slow": True}
        timed(url, query)
        sequential, start = [], time.perf_counter()
        while len(sequential) < requests and (time.perf_counter() - start < budget or len(sequential) < 5):
            sequential.append(timed(url, query))
        per_client = max(2, requests // clients)
        start = time.perf_counter()

        def client(_):
            times = []
            while len(times) < per_client and (time.perf_counter() - start < budget or len(times) < 2):
                times.append(timed(url, query))
            return times

        with ThreadPoolExecutor(clients) as pool:
            together = [t for times in pool.map(client, range(clients)) for t in times]
        elapsed = time.perf_counter() - start
    except (OSError, RuntimeError) as exc:
        return {"error": str(exc)[:200]}
    return {"p50": statistics.median(sequential), "n": len(sequential),
            "p50_concurrent": statistics.median(together), "throughput": len(together) / elapsed,
            "n_concurrent": len(together)}


def measure_pair(urls: list[str], query: str, requests: int, clients: int, budget: float,
                 rounds: int = 4) -> list[dict]:
    """:func:`measure` on two servers at once, their requests interleaved: one request to each in
    turn (one client), then ``rounds`` short rounds of ``clients`` at once on each in turn.  A
    machine whose load changes during the run then weighs on both alike."""
    try:
        for url in urls:
            for _ in range(2):  # warm: the first answers open files and fill caches
                timed(url, query)
        sequential: list[list[float]] = [[] for _ in urls]
        start = time.perf_counter()
        while len(sequential[0]) < requests and (time.perf_counter() - start < 2 * budget
                                                 or len(sequential[0]) < 5):
            order = range(len(urls)) if len(sequential[0]) % 2 == 0 else reversed(range(len(urls)))
            for i in order:
                sequential[i].append(timed(urls[i], query))
        per_client = max(2, requests // clients // rounds)
        together: list[list[float]] = [[] for _ in urls]
        elapsed = [0.0 for _ in urls]
        start = time.perf_counter()
        for turn in range(rounds):
            if turn >= 1 and time.perf_counter() - start > 2 * budget:
                break
            for i in (range(len(urls)) if turn % 2 == 0 else reversed(range(len(urls)))):
                began = time.perf_counter()
                url = urls[i]
                with ThreadPoolExecutor(clients) as pool:
                    batch = pool.map(lambda _, url=url: [timed(url, query) for _ in range(per_client)],
                                     range(clients))
                    together[i] += [t for times in batch for t in times]
                elapsed[i] += time.perf_counter() - began
    except (OSError, RuntimeError) as exc:
        return [{"error": str(exc)[:200]} for _ in urls]
    return [{"p50": statistics.median(sequential[i]), "n": len(sequential[i]),
             "p50_concurrent": statistics.median(together[i]), "throughput": len(together[i]) / elapsed[i],
             "n_concurrent": len(together[i])} for i in range(len(urls))]


def run(store: Path, requests: int = 200, clients: int = 8, budget: float = 3.0) -> dict:
    """Every query on every server that starts; {"queries": {name: {server: measurement}}, ...}.

    The servers run side by side; ``szkg serve`` and Oxigraph's are measured together, their
    requests interleaved (:func:`measure_pair`), rdflib-endpoint (when installed) on its own."""
    texts = queries(store)
    results: dict = {"clients": clients, "requests": requests, "servers": [], "queries": {n: {} for n in texts},
                     "interleaved": True}
    servers: list[Server] = []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for make in (szkg_server, oxigraph_server, lambda s: rdflib_server(s, Path(tmp))):
                try:
                    server = make(store)
                except (RuntimeError, OSError) as exc:
                    results.setdefault("skipped", []).append(str(exc)[:200])
                    continue
                if server is not None:
                    servers.append(server)
                    results["servers"].append(server.name)
            pair = [s for s in servers if s.name in ("szkg serve", "oxigraph serve-read-only")]
            for name, text in texts.items():
                if len(pair) == 2:
                    found = measure_pair([s.url for s in pair], text, requests, clients, budget)
                    for server, measured in zip(pair, found, strict=True):
                        results["queries"][name][server.name] = measured
                for server in servers:
                    if server.name not in results["queries"][name]:
                        results["queries"][name][server.name] = measure(server.url, text, requests, clients, budget)
        finally:
            for server in servers:
                server.stop()
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path, help="an on-disk Oxigraph store (a build's out/store)")
    parser.add_argument("--requests", type=int, default=200, help="requests per query and phase")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--budget", type=float, default=3.0, help="seconds per query and phase at most")
    parser.add_argument("--json", type=Path, help="write the numbers here")
    args = parser.parse_args(argv)
    results = run(args.store.resolve(), args.requests, args.clients, args.budget)
    from tables import render_endpoint

    print("\n".join(render_endpoint(results)[0]))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
