"""What a Python analyst runs instead of `entente influence`: pyoxigraph loads
the N-Triples (or opens a RocksDB store that already holds them), SPARQL
pulls the actor-to-actor edges, igraph ranks by PageRank (alpha 0.85, as
entente). Prints the top 10 as TSV.

Usage: python benches/peer_influence.py bench-data/1m.nt          # in memory
       python benches/peer_influence.py --store DIR [FILE.nt]     # persistent
"""
import sys

import igraph as ig
import pyoxigraph as ox

args = sys.argv[1:]
if args[0] == "--store":
    store = ox.Store(args[1])
    if len(args) > 2:  # set-up: load once
        store.bulk_load(path=args[2], format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        sys.exit(0)
else:
    store = ox.Store()
    store.bulk_load(path=args[0], format=ox.RdfFormat.N_TRIPLES)
query = open("benches/bench-view.rq").read()
ids, edges = {}, []
for row in store.query(query, use_default_graph_as_union=True):
    s, t = row["source"].value, row["target"].value
    edges.append((ids.setdefault(s, len(ids)), ids.setdefault(t, len(ids))))
graph = ig.Graph(n=len(ids), edges=edges, directed=True)
graph.simplify(multiple=True, loops=False)  # entente collapses parallel relations too
scores = graph.pagerank(damping=0.85)
names = {v: k for k, v in ids.items()}
top = sorted(range(len(scores)), key=lambda i: -scores[i])[:10]
print("actor\tpagerank")
for i in top:
    print(f"{names[i]}\t{scores[i]:.6g}")
