"""The Python peer of `entente mediators` / `entente query`: pyoxigraph loads
the same ontology and seed data, then runs the same query file with the
union of named graphs as default graph, printing TSV.

Usage: python benches/peer_seed.py QUERY.rq   (run from the repository root)
"""
import glob
import sys

import pyoxigraph as ox

store = ox.Store()
store.load(path="ontology/entente.ttl", format=ox.RdfFormat.TURTLE,
           to_graph=ox.NamedNode("https://entente.example/graph/ontology"))
for path in sorted(glob.glob("data/*.trig")):
    store.load(path=path, format=ox.RdfFormat.TRIG)
query = open(sys.argv[1]).read() if sys.argv[1].endswith(".rq") else sys.argv[1]
results = store.query(query, use_default_graph_as_union=True)
sys.stdout.buffer.write(results.serialize(format=ox.QueryResultsFormat.TSV))
