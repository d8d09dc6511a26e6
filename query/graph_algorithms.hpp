#pragma once
// Global algorithms over a GraphView. Semantics (docs/queries.md): the view is treated as an
// undirected multigraph, each stored relation one edge.

#include <cstdint>
#include <vector>

#include "query/graph_view.hpp"

namespace landscape {

struct PageRankOptions {
  double damping = 0.85;       // Default: 0.85
  double tolerance = 1e-9;     // stop when the L1 change of one iteration is below this
  int max_iterations = 10000;  // Default: 10000
};

// PageRank as NetworkX defines it (networkx.pagerank on the undirected multigraph: parallel
// edges add weight; a vertex without edges spreads its rank evenly over all vertices, as does
// the teleport). Ranks sum to 1.
std::vector<double> PageRank(const GraphView& view, const PageRankOptions& options = {});

// Betweenness centrality of the simple undirected graph under the view (parallel relations
// between two entities count once), normalised as NetworkX does for undirected graphs:
// divided by (n-1)(n-2)/2 pairs. Computed with Boost's Brandes algorithm.
std::vector<double> Betweenness(const GraphView& view);

// Connected components; returns each vertex's component, numbered from 0.
std::vector<uint32_t> Components(const GraphView& view, uint32_t* count);

// Hop distances from `source` (UINT32_MAX: unreachable), breadth first.
std::vector<uint32_t> HopDistances(const GraphView& view, GraphView::Vertex source);

struct PathStep {
  GraphView::Vertex from;
  GraphView::Vertex to;
  ViewEdge edge;
};
using GraphPath = std::vector<PathStep>;

// Shortest paths from `source` to `target` of at most `max_hops` steps: one, or all of them
// (up to `limit`) when `all`. Empty when none; a path from a vertex to itself has no steps.
std::vector<GraphPath> ShortestPaths(const GraphView& view, GraphView::Vertex source,
                                     GraphView::Vertex target, uint32_t max_hops, bool all,
                                     size_t limit = 100);

}  // namespace landscape
