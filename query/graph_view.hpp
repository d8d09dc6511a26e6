#pragma once
// GraphView: a compact in-memory view of the graph for global algorithms, built from one
// consistent reading of the store (a reader sees the store as of its open). It holds only
// numeric ids, kinds and relation types: a Boost compressed_sparse_row_graph in which every
// stored relation appears twice, once in each direction, so that traversals are undirected and
// each step knows whether it follows the stored direction. Filters by relation type and
// --as-of date apply while it is built.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/range/iterator_range.hpp>

#include "core/date.hpp"
#include "core/status.hpp"
#include "core/valid_time.hpp"
#include "storage/store.hpp"

namespace landscape {

struct GraphViewOptions {
  std::set<std::string> relation_types;  // only these; empty: all
  std::optional<Date> as_of;             // only facts known on that date
};

// One direction of one stored relation.
struct ViewEdge {
  RelationTag type = 0;
  bool forward = true;  // traversed from the stored `from` to `to`
};

// The tags of relation type names; InvalidArgument names an unknown one.
Result<std::set<RelationTag>> RelationTags(const Schema& schema,
                                           const std::set<std::string>& names);

class GraphView {
 public:
  using Graph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, ViewEdge,
                                                   boost::no_property, uint32_t, uint32_t>;
  using Vertex = uint32_t;
  static constexpr Vertex kNoVertex = UINT32_MAX;

  static Result<GraphView> Build(const Store& store, const GraphViewOptions& options = {});

  const Graph& graph() const { return graph_; }
  size_t vertex_count() const { return numbers_.size(); }
  size_t relation_count() const { return relations_; }
  keys::EntityNumber number(Vertex v) const { return numbers_[v]; }
  KindTag kind(Vertex v) const { return kinds_[v]; }
  // kNoVertex when the entity is not in the view.
  Vertex vertex(keys::EntityNumber number) const {
    return number < index_.size() ? index_[number] : kNoVertex;
  }

 private:
  Graph graph_;
  std::vector<keys::EntityNumber> numbers_;  // vertex → entity number
  std::vector<KindTag> kinds_;
  std::vector<Vertex> index_;  // entity number → vertex
  size_t relations_ = 0;
};

}  // namespace landscape
