#include "query/graph_algorithms.hpp"

#include <algorithm>
#include <cmath>
#include <deque>

#include <boost/graph/betweenness_centrality.hpp>
#include <boost/pending/disjoint_sets.hpp>
#include <boost/property_map/property_map.hpp>
#include <boost/range/iterator_range.hpp>

namespace landscape {
namespace {

using Graph = GraphView::Graph;
using Vertex = GraphView::Vertex;
constexpr uint32_t kUnreached = UINT32_MAX;

}  // namespace

std::vector<double> PageRank(const GraphView& view, const PageRankOptions& options) {
  const Graph& g = view.graph();
  size_t n = view.vertex_count();
  if (n == 0) return {};
  std::vector<double> rank(n, 1.0 / static_cast<double>(n)), next(n);
  std::vector<double> inverse_degree(n, 0.0);
  for (Vertex v = 0; v < n; ++v) {
    auto degree = boost::out_degree(v, g);
    if (degree) inverse_degree[v] = 1.0 / static_cast<double>(degree);
  }
  double teleport = (1.0 - options.damping) / static_cast<double>(n);
  for (int iteration = 0; iteration < options.max_iterations; ++iteration) {
    double dangling = 0;
    for (Vertex v = 0; v < n; ++v) {
      if (inverse_degree[v] == 0) dangling += rank[v];
    }
    double base = teleport + options.damping * dangling / static_cast<double>(n);
    std::fill(next.begin(), next.end(), base);
    // Push along every edge; the graph holds each relation in both directions.
    for (Vertex u = 0; u < n; ++u) {
      double share = options.damping * rank[u] * inverse_degree[u];
      for (auto e : boost::make_iterator_range(boost::out_edges(u, g))) {
        next[boost::target(e, g)] += share;
      }
    }
    double change = 0;
    for (size_t v = 0; v < n; ++v) change += std::fabs(next[v] - rank[v]);
    rank.swap(next);
    if (change < options.tolerance) break;
  }
  return rank;
}

std::vector<double> Betweenness(const GraphView& view) {
  const Graph& g = view.graph();
  size_t n = view.vertex_count();
  // The simple graph: each neighbour once, both directions.
  std::vector<std::pair<Vertex, Vertex>> edges;
  std::vector<Vertex> neighbours;
  for (Vertex u = 0; u < n; ++u) {
    neighbours.clear();
    for (auto e : boost::make_iterator_range(boost::out_edges(u, g))) {
      neighbours.push_back(boost::target(e, g));
    }
    std::sort(neighbours.begin(), neighbours.end());
    neighbours.erase(std::unique(neighbours.begin(), neighbours.end()), neighbours.end());
    for (Vertex v : neighbours) edges.emplace_back(u, v);
  }
  using Simple = boost::compressed_sparse_row_graph<boost::directedS>;
  Simple simple(boost::edges_are_sorted, edges.begin(), edges.end(), n);
  std::vector<double> centrality(n, 0.0);
  boost::brandes_betweenness_centrality(
      simple,
      boost::centrality_map(boost::make_iterator_property_map(
                                centrality.begin(), boost::get(boost::vertex_index, simple)))
          .vertex_index_map(boost::get(boost::vertex_index, simple)));
  // Boost counts each unordered pair twice (s→t and t→s) on the symmetric directed graph.
  double scale = n > 2 ? 1.0 / (static_cast<double>(n - 1) * static_cast<double>(n - 2)) : 1.0;
  for (double& c : centrality) c *= scale;
  return centrality;
}

std::vector<uint32_t> Components(const GraphView& view, uint32_t* count) {
  const Graph& g = view.graph();
  size_t n = view.vertex_count();
  std::vector<uint32_t> rank(n, 0), parent(n);
  auto index = boost::typed_identity_property_map<uint32_t>();
  auto rank_map = boost::make_iterator_property_map(rank.begin(), index);
  auto parent_map = boost::make_iterator_property_map(parent.begin(), index);
  boost::disjoint_sets<decltype(rank_map), decltype(parent_map)> sets(rank_map, parent_map);
  for (Vertex v = 0; v < n; ++v) sets.make_set(v);
  for (Vertex u = 0; u < n; ++u) {
    for (auto e : boost::make_iterator_range(boost::out_edges(u, g))) {
      sets.union_set(u, boost::target(e, g));
    }
  }
  std::vector<uint32_t> component(n), number_of_root(n, kUnreached);
  uint32_t next = 0;
  for (Vertex v = 0; v < n; ++v) {
    uint32_t root = sets.find_set(v);
    if (number_of_root[root] == kUnreached) number_of_root[root] = next++;
    component[v] = number_of_root[root];
  }
  *count = next;
  return component;
}

std::vector<uint32_t> HopDistances(const GraphView& view, Vertex source) {
  const Graph& g = view.graph();
  std::vector<uint32_t> distance(view.vertex_count(), kUnreached);
  std::deque<Vertex> queue{source};
  distance[source] = 0;
  while (!queue.empty()) {
    Vertex u = queue.front();
    queue.pop_front();
    for (auto e : boost::make_iterator_range(boost::out_edges(u, g))) {
      Vertex v = boost::target(e, g);
      if (distance[v] == kUnreached) {
        distance[v] = distance[u] + 1;
        queue.push_back(v);
      }
    }
  }
  return distance;
}

std::vector<GraphPath> ShortestPaths(const GraphView& view, Vertex source, Vertex target,
                                     uint32_t max_hops, bool all, size_t limit) {
  const Graph& g = view.graph();
  if (source == target) return {GraphPath{}};
  // Breadth first from the source until the target's level; every edge that reaches a vertex
  // at the next level is a predecessor step (one is enough unless `all`).
  std::vector<uint32_t> distance(view.vertex_count(), kUnreached);
  std::vector<std::vector<PathStep>> arrivals(view.vertex_count());
  std::vector<Vertex> frontier{source};
  distance[source] = 0;
  for (uint32_t level = 0; level < max_hops && !frontier.empty() && distance[target] == kUnreached;
       ++level) {
    std::vector<Vertex> next;
    for (Vertex u : frontier) {
      for (auto e : boost::make_iterator_range(boost::out_edges(u, g))) {
        Vertex v = boost::target(e, g);
        if (distance[v] == kUnreached) {
          distance[v] = level + 1;
          next.push_back(v);
        }
        if (distance[v] == level + 1 && (all || arrivals[v].empty())) {
          arrivals[v].push_back(PathStep{u, v, g[e]});
        }
      }
    }
    frontier.swap(next);
  }
  std::vector<GraphPath> paths;
  if (distance[target] == kUnreached) return paths;
  // Walk back from the target, branching over arrivals, depth first.
  std::vector<PathStep> reversed;
  auto walk = [&](auto&& self, Vertex v) -> void {
    if (paths.size() >= limit) return;
    if (v == source) {
      paths.emplace_back(reversed.rbegin(), reversed.rend());
      return;
    }
    for (const PathStep& step : arrivals[v]) {
      reversed.push_back(step);
      self(self, step.from);
      reversed.pop_back();
    }
  };
  walk(walk, target);
  return paths;
}

}  // namespace landscape
