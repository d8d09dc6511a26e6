#pragma once
// Global algorithms, each written once over the Graph interface (query/graph.hpp), so that
// they answer the same whether the graph was built from the store or mapped from the image.
// Semantics (docs/queries.md): the graph is treated as an undirected multigraph, each stored
// relation one edge.

#include <cstdint>
#include <optional>
#include <set>
#include <vector>

#include "query/graph.hpp"

namespace landscape {

struct PageRankOptions {
  double damping = 0.85;       // Default: 0.85
  double tolerance = 1e-9;     // stop when the L1 change of one iteration is below this
  int max_iterations = 10000;  // Default: 10000
};

// PageRank as NetworkX defines it (networkx.pagerank on the undirected multigraph: parallel
// edges add weight; a vertex without edges spreads its rank evenly over all vertices, as does
// the teleport). Ranks sum to 1.
std::vector<double> PageRank(const Graph& graph, const PageRankOptions& options = {});

// Betweenness centrality of the simple undirected graph under the view (parallel relations
// between two entities count once), normalised as NetworkX does for undirected graphs:
// divided by (n-1)(n-2)/2 pairs. Computed with Boost's Brandes algorithm.
std::vector<double> Betweenness(const Graph& graph);

// Connected components; returns each vertex's component, numbered from 0.
std::vector<uint32_t> Components(const Graph& graph, uint32_t* count);

// Hop distances from `source` (UINT32_MAX: unreachable), breadth first.
std::vector<uint32_t> HopDistances(const Graph& graph, Graph::Vertex source);

// One step of a path: from, to and the relation between them, `forward` when the step
// follows the stored direction.
struct PathStep {
  Graph::Vertex from;
  Graph::Vertex to;
  RelationTag type;
  bool forward;
};
using GraphPath = std::vector<PathStep>;

// Shortest paths from `source` to `target` of at most `max_hops` steps over relations of
// `types` (empty: all). One path: breadth first from both ends, each time widening the end
// whose frontier has the smaller total degree, so that a search between two quiet entities
// stays near them. Every shortest path (up to `limit`) when `all`: breadth first from the
// source, every arrival at the next level kept. Empty when none; a path from a vertex to
// itself has no steps.
std::vector<GraphPath> ShortestPaths(const Graph& graph, Graph::Vertex source, Graph::Vertex target,
                                     uint32_t max_hops, bool all,
                                     const std::set<RelationTag>& types = {}, size_t limit = 100);

}  // namespace landscape
