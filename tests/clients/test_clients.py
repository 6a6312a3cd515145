"""Real SPARQL clients against `entente serve`: Python's SPARQLWrapper,
rdflib's SPARQLStore, Comunica's `comunica-sparql` and Oxigraph's own
SERVICE (pyoxigraph), each running every named question's SPARQL over the
SPARQL 1.1 Protocol and getting the rows the command line gives.

The SPARQL each client sends is the question's, with its parameters bound
by the server (`/questions/NAME?…` with `Accept: application/sparql-query`:
names resolved, prefixes written out), so the clients speak the plain
protocol at `/query`. Rows are compared as multisets of bindings (a
client's order is its own), terms in N-Triples form, blank nodes as `_:`.

    pip install -r tests/clients/requirements.txt
    npm ci --prefix tests/clients
    ENTENTE_BIN=target/debug/entente pytest tests/clients

Run by .ci/run.
"""
import collections
import json
import os
import pathlib
import re
import subprocess
import urllib.parse
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("ENTENTE_BIN") or str(
    pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "debug" / "entente"
)
COMUNICA = ROOT / "tests" / "clients" / "node_modules" / ".bin" / "comunica-sparql"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# Questions with parameters, as a user gives them (names resolved by the server).
WITH_PARAMETERS = [
    ("allies", {"actor": "Armenia"}),
    ("backers", {"backed": "Artsakh"}),
    ("mediators", {"agreement": "Ceasefire of 20 September 2023"}),
]


@pytest.fixture(scope="module")
def server():
    process = subprocess.Popen(
        [BINARY, "serve", "--bind", "127.0.0.1:0"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        for line in process.stderr:
            found = re.search(r"serving (http://[0-9.:]+)/", line)
            if found:
                break
        else:
            raise RuntimeError(f"{BINARY} serve ended before listening")
        yield found.group(1)
    finally:
        process.kill()
        process.wait()


def cases():
    """Every named question (queries/*.rq, which the binary compiles in),
    then those with parameters."""
    names = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    return [(name, {}) for name in names] + WITH_PARAMETERS


def case_id(case):
    name, params = case
    return name + ("?" + urllib.parse.urlencode(params) if params else "")


def get(url, accept):
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read().decode("utf-8")


def bound_sparql(base, name, params):
    query = urllib.parse.urlencode(params)
    return get(f"{base}/questions/{name}?{query}", "application/sparql-query")


def w3c_term(term):
    """A term of the W3C JSON results format, in N-Triples form."""
    if term["type"] == "uri":
        return f"<{term['value']}>"
    if term["type"] == "bnode":
        return "_:"
    value = json.dumps(term["value"], ensure_ascii=False)
    if "xml:lang" in term:
        return f"{value}@{term['xml:lang'].lower()}"
    if term.get("datatype", XSD_STRING) != XSD_STRING:
        return f"{value}^^<{term['datatype']}>"
    return value


def w3c_rows(document):
    return collections.Counter(
        frozenset((var, w3c_term(term)) for var, term in binding.items())
        for binding in document["results"]["bindings"]
    )


def cli_rows(name, params):
    args = [BINARY, "query", name, "-f", "json"]
    for key, value in params.items():
        args += ["--param", f"{key}={value}"]
    out = subprocess.run(args, capture_output=True, text=True, check=True)
    return w3c_rows(json.loads(out.stdout))


def sparqlwrapper_rows(base, sparql):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    client = SPARQLWrapper(f"{base}/query")
    client.setMethod(POST)
    client.setQuery(sparql)
    client.setReturnFormat(JSON)
    return w3c_rows(client.queryAndConvert())


def rdflib_term(term):
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return f"<{term}>"
    if isinstance(term, rdflib.BNode):
        return "_:"
    value = json.dumps(str(term), ensure_ascii=False)
    if term.language:
        return f"{value}@{term.language.lower()}"
    if term.datatype and str(term.datatype) != XSD_STRING:
        return f"{value}^^<{term.datatype}>"
    return value


def rdflib_rows(base, sparql):
    import rdflib
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    rdflib.NORMALIZE_LITERALS = False  # lexical forms as the server sends them
    store = SPARQLStore(f"{base}/query", returnFormat="json", method="POST_FORM")
    result = store.query(sparql)
    return collections.Counter(
        frozenset((str(var), rdflib_term(row[var])) for var in result.vars if row[var] is not None)
        for row in result
    )


def comunica_rows(base, sparql):
    out = subprocess.run(
        [str(COMUNICA), f"sparql@{base}/query", "-t", "application/sparql-results+json", sparql],
        capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return w3c_rows(json.loads(out.stdout))


def oxigraph_term(term):
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, pyoxigraph.BlankNode):
        return "_:"
    value = json.dumps(term.value, ensure_ascii=False)
    if term.language:
        return f"{value}@{term.language.lower()}"
    if term.datatype.value != XSD_STRING:
        return f"{value}^^<{term.datatype.value}>"
    return value


def oxigraph_service_rows(base, sparql):
    """An empty pyoxigraph store fetching the answer from entente with
    SERVICE (the question as a subquery)."""
    import pyoxigraph

    store = pyoxigraph.Store()
    solutions = store.query(f"SELECT * WHERE {{ SERVICE <{base}/query> {{ {sparql} }} }}")
    variables = [v.value for v in solutions.variables]
    return collections.Counter(
        frozenset((var, oxigraph_term(solution[var])) for var in variables if solution[var] is not None)
        for solution in solutions
    )


CLIENTS = {
    "SPARQLWrapper": sparqlwrapper_rows,
    "rdflib SPARQLStore": rdflib_rows,
    "comunica-sparql": comunica_rows,
    "pyoxigraph SERVICE": oxigraph_service_rows,
}


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("case", cases(), ids=case_id)
def test_a_client_gets_the_command_lines_rows(server, client, case):
    name, params = case
    expected = cli_rows(name, params)
    assert expected, f"{case_id(case)} has rows on the seed data"
    got = CLIENTS[client](server, bound_sparql(server, name, params))
    missing, extra = expected - got, got - expected
    assert not missing and not extra, (
        f"{client}, {case_id(case)}: {sum(missing.values())} rows missing, e.g. "
        f"{sorted(missing)[:2]}; {sum(extra.values())} rows extra, e.g. {sorted(extra)[:2]}"
    )
