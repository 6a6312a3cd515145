#!/usr/bin/env python3
"""Load on `entente serve` and, in the same run on the same data, on
`oxigraph serve` (PyPI's `oxigraph` package: the same engine behind its
own HTTP layer). A script, never a test; every request goes to loopback and
every run stops by itself after SECONDS.

For each question, `wrk` (Debian's) keeps CLIENTS connections busy for
SECONDS against each server in turn; the table gives requests per second,
p50/p99 latency, errors (non-2xx answers and socket errors) and each
server's memory (resident after the runs, and its peak).

The questions are entente's named questions, as an analyst asks them:
`/questions/NAME?actor=Armenia` on entente (the name resolved by the
server), and on Oxigraph the same question's SPARQL with the parameter
bound, as entente gives it (`Accept: application/sparql-query`), at its
`/query`; plus that same SPARQL at entente's `/query`, so the two HTTP
layers are compared on one query text.

    cargo build --release
    python3 -m venv .bench-venv && .bench-venv/bin/pip install oxigraph==0.5.13
    apt-get install -y wrk
    python3 benches/serve_load.py --data seed
    python3 ../shared/bench/gen.py 1m && python3 benches/serve_load.py --data 1m

Data: `seed` is the shipped seed (entente's default); `1m` adds
`bench-data/1m.nt` (`--with`). Oxigraph gets every graph of entente's store
(ontology, data, derived shortcuts), one Graph Store POST per graph, and
`--union-default-graph`, so both answer from the same quads.
"""
import argparse
import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]
TARGET = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
JSON_RESULTS = "application/sparql-results+json"

SEED_QUESTIONS = [
    ("allies of a named actor", "allies", {"actor": "Armenia"}),
    ("mediators of a named agreement", "mediators", {"agreement": "Ceasefire of 20 September 2023"}),
    ("backers of a named actor", "backers", {"backed": "Artsakh"}),
    ("agreements (no parameter)", "agreements", {}),
]
# The generated data's actors are named "Actor N": resolving one searches
# 114k labels besides the seed's.
BIG_QUESTIONS = [
    ("describe a named actor", "describe", {"thing": "Actor 4242"}),
    ("allies of a named actor (seed's, 1M beside)", "allies", {"actor": "Armenia"}),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, process, what):
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{what} ended ({process.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{what} did not listen on {port}")


def http(method, url, body=None, headers=None, timeout=600):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def memory(pid):
    """Resident and peak resident memory of a process, in MiB."""
    fields = {}
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    mib = lambda key: int(fields[key].split()[0]) / 1024
    return mib("VmRSS"), mib("VmHWM")


def wrk(url, clients, threads, seconds):
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{clients}", f"-d{int(seconds)}s", "--latency", "--timeout", "10s",
         "-H", f"Accept: {JSON_RESULTS}", url],
        capture_output=True, text=True, check=True,
    ).stdout

    def duration(text):
        # wrk writes 812.00us, 1.20ms, 1.02s, 1.50m
        found = re.match(r"([\d.]+)(us|ms|s|m)$", text)
        if not found:
            sys.exit(f"cannot read wrk's latency {text!r} in:\n{out}")
        value, unit = found.groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    # The lines of wrk's latency distribution (a "85.99%" elsewhere is not one).
    p50 = duration(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = duration(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return rate, p50, p99, errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", choices=["seed", "1m"], default="seed")
    parser.add_argument("--entente", default=str(TARGET / "release" / "entente"))
    parser.add_argument("--oxigraph", default=shutil.which("oxigraph") or str(ROOT / ".bench-venv" / "bin" / "oxigraph"))
    parser.add_argument("--bench-data", default=os.environ.get("BENCH_DATA", str(ROOT / "bench-data")))
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads")
    args = parser.parse_args()

    with_files = []
    questions = SEED_QUESTIONS
    if args.data == "1m":
        with_files = ["--with", str(pathlib.Path(args.bench_data) / "1m.nt")]
        questions = BIG_QUESTIONS
    entente_port, oxigraph_port = free_port(), free_port()
    entente = subprocess.Popen(
        [args.entente, *with_files, "serve", "--bind", f"127.0.0.1:{entente_port}",
         "--max-concurrent", str(max(args.clients, 8)), "--max-rows", "10000000",
         "--max-response", str(4 << 30)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    # In memory, as entente's store is by default.
    oxigraph = subprocess.Popen(
        [args.oxigraph, "serve", "--bind", f"127.0.0.1:{oxigraph_port}", "--union-default-graph"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        started = time.monotonic()
        wait_listening(entente_port, entente, "entente serve")
        print(f"entente serve up in {time.monotonic() - started:.1f} s", file=sys.stderr)
        wait_listening(oxigraph_port, oxigraph, "oxigraph serve")
        ent = f"http://127.0.0.1:{entente_port}"
        oxi = f"http://127.0.0.1:{oxigraph_port}"

        # Every graph of entente's store into Oxigraph's, as N-Triples.
        graphs = json.loads(http("GET", f"{ent}/query?" + urllib.parse.urlencode(
            {"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"}), headers={"Accept": JSON_RESULTS}))
        quads = 0
        for row in graphs["results"]["bindings"]:
            graph = row["g"]["value"]
            triples = http("GET", f"{ent}/query?" + urllib.parse.urlencode(
                {"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"}),
                headers={"Accept": "application/n-triples"})
            quads += triples.count(b"\n")
            http("POST", f"{oxi}/store?" + urllib.parse.urlencode({"graph": graph}), body=triples,
                 headers={"Content-Type": "application/n-triples"})
        print(f"{quads} quads in {len(graphs['results']['bindings'])} graphs loaded into oxigraph serve",
              file=sys.stderr)

        print(f"\n{args.data}: {quads} quads; wrk {args.clients} connections, {args.threads} threads, "
              f"{args.seconds:g} s per row\n")
        print("| question | server, request | requests/s | p50 | p99 | errors |")
        print("|---|---|---|---|---|---|")
        for label, name, params in questions:
            named = f"/questions/{name}" + ("?" + urllib.parse.urlencode(params) if params else "")
            runs = [("entente, named question", ent, named)]
            try:
                sparql = http("GET", f"{ent}/questions/{name}?" + urllib.parse.urlencode(params),
                              headers={"Accept": "application/sparql-query"}).decode()
            except urllib.error.HTTPError:
                # An entente from before questions gave their SPARQL: itself only.
                sparql = None
            if sparql:
                by_query = "/query?" + urllib.parse.urlencode({"query": sparql})
                # The same rows from both servers, or the comparison means nothing.
                rows = lambda base: json.loads(http("GET", base + by_query, headers={"Accept": JSON_RESULTS}))["results"]["bindings"]
                ours, theirs = rows(ent), rows(oxi)
                same = sorted(map(json.dumps, ours)) == sorted(map(json.dumps, theirs))
                runs += [("entente, its SPARQL at /query", ent, by_query),
                         ("oxigraph, the same SPARQL", oxi, by_query)]
            else:
                ours = json.loads(http("GET", ent + named, headers={"Accept": JSON_RESULTS}))["results"]["bindings"]
                same = True
            for server, base, path in runs:
                rate, p50, p99, errors = wrk(base + path, args.clients, args.threads, args.seconds)
                print(f"| {label} ({len(ours)} rows{'' if same else ', ANSWERS DIFFER'}) | {server} "
                      f"| {rate:,.0f} | {p50:.1f} ms | {p99:.1f} ms | {errors} |", flush=True)
        for what, process in [("entente serve", entente), ("oxigraph serve", oxigraph)]:
            rss, peak = memory(process.pid)
            print(f"\n{what}: {rss:.0f} MiB resident after the runs, peak {peak:.0f} MiB", end="")
        print()
    finally:
        for process in (entente, oxigraph):
            process.kill()
            process.wait()


if __name__ == "__main__":
    main()
