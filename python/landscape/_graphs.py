"""The `graph` verb's tables (nodes, node_attributes, edges, edge_properties) as a NetworkX
MultiDiGraph. Which claim is best is the library's answer (`best`); nothing is chosen here."""

from __future__ import annotations

from typing import Any, Dict

_CLAIM_FIELDS = ("value", "confidence", "as_of", "sources")


def _attach_claims(rows: Any, key: str, name: str, target: Any) -> None:
    for row in rows:
        attributes = target(row[key])
        claim = {field: row[field] for field in _CLAIM_FIELDS}
        attributes.setdefault("claims", {}).setdefault(row[name], []).append(claim)
        if row["best"]:
            attributes.setdefault(row[name], row["value"])


def tables_to_graph(result: Any) -> Any:
    import networkx as nx

    graph = nx.MultiDiGraph()
    for node in result["nodes"].records():
        graph.add_node(node.pop("id"), **node)
    _attach_claims(result["node_attributes"].records(), "id", "attribute",
                   lambda node_id: graph.nodes[node_id])
    ends: Dict[int, Any] = {}
    for edge in result["edges"].records():
        number = edge.pop("edge")
        source, target = edge.pop("from_id"), edge.pop("to_id")
        graph.add_edge(source, target, key=number, **edge)
        ends[number] = (source, target, number)
    _attach_claims(result["edge_properties"].records(), "edge", "property",
                   lambda number: graph.edges[ends[number]])
    return graph
