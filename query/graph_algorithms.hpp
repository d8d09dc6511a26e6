#pragma once
// Global algorithms, each written once over the Graph interface (query/graph.hpp), so that
// they answer the same whether the graph was built from the store or mapped from the image.
// Semantics (docs/queries.md): the graph is treated as an undirected multigraph, each stored
// relation one edge.

#include <cstdint>
#include <functional>
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

struct BetweennessOptions {
  // Sources to run Brandes' accumulation from: every vertex (exact) when 0 or at least the
  // vertex count, otherwise that many chosen at random (Brandes & Pich's estimate, as NetworkX's
  // `k`). Default: 0.
  size_t sources = 0;
  uint64_t seed = 1;  // of the sample; the same seed gives the same estimate
  // Called every few sources with how many are done, for a progress display.
  std::function<void(size_t done, size_t total)> progress;
};

struct BetweennessResult {
  std::vector<double> centrality;
  size_t sources = 0;  // the sources used; the vertex count when exact
  bool exact = true;
  double error_bound = 0;  // estimates: each within ±this of the exact, with probability 95%
};

// Betweenness centrality of the simple undirected graph under the view (parallel relations
// between two entities count once), normalised as NetworkX does for undirected graphs:
// divided by (n-1)(n-2)/2 pairs. Brandes' algorithm; O(sources · (V + E)) steps.
//
// The estimate's bound: b(v) = n/(n-1) · the mean over all sources s of δ_s(v)/(n-2), each term
// in [0, 1]; the mean over k sources drawn without replacement is within
// sqrt(ln(2/0.05) / 2k) of it with probability 95% (Hoeffding, which holds without replacement).
BetweennessResult Betweenness(const Graph& graph, const BetweennessOptions& options = {});

// How many sources fit in `steps` of work on a graph of this size (each source costs about
// V + 2E steps); the vertex count when all of them do.
size_t BetweennessSourcesWithin(size_t vertices, size_t edges, uint64_t steps);

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
