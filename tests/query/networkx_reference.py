"""Reference answers from NetworkX for the differential graph tests.

Reads a graph as JSON on stdin: {"nodes": [...], "edges": [[u, v], ...], "sources": [...]}
(edges undirected, parallel edges allowed) and writes on stdout the PageRank (damping 0.85),
the normalised betweenness of the simple graph, the connected components, and the hop
distances from each source, as Landscape defines them in docs/queries.md.
"""
import json
import sys

import networkx as nx


def pagerank(graph):
    """networkx.pagerank; its pure-Python form where numpy/scipy are not installed."""
    try:
        import numpy  # noqa: F401  (nx.pagerank needs numpy and scipy)
        import scipy  # noqa: F401
        return nx.pagerank(graph, alpha=0.85, tol=1e-13, max_iter=100000)
    except ImportError:
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
        return _pagerank_python(graph, alpha=0.85, tol=1e-13, max_iter=100000)


def main():
    data = json.load(sys.stdin)
    multi = nx.MultiGraph()
    multi.add_nodes_from(data["nodes"])
    multi.add_edges_from(data["edges"])
    ranks = pagerank(multi)
    betweenness = nx.betweenness_centrality(nx.Graph(multi), normalized=True)
    components = [sorted(c) for c in nx.connected_components(multi)]
    distances = {s: nx.single_source_shortest_path_length(multi, s) for s in data["sources"]}
    json.dump({"pagerank": ranks, "betweenness": betweenness, "components": components,
               "distances": distances}, sys.stdout)


if __name__ == "__main__":
    main()
