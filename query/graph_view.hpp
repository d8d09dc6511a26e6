#pragma once
// GraphView: the in-memory Graph (query/graph.hpp), built from one consistent reading of the
// store (a reader sees the store as of its open). It holds only numeric ids, kinds and
// relation types. Filters by relation type and --as-of date apply while it is built.

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/valid_time.hpp"
#include "landscape/date.hpp"
#include "landscape/status.hpp"
#include "query/graph.hpp"
#include "storage/store.hpp"

namespace landscape {

struct GraphViewOptions {
  std::set<std::string> relation_types;  // only these; empty: all
  std::optional<Date> as_of;             // only facts known on that date
};

// The tags of relation type names; InvalidArgument names an unknown one.
Result<std::set<RelationTag>> RelationTags(const Schema& schema,
                                           const std::set<std::string>& names);

class GraphView final : public Graph {
 public:
  static Result<GraphView> Build(const Store& store, const GraphViewOptions& options = {});
  // The same view, built once per state of the store: a process that asks again of a store at
  // the same sequence number, with the same options, gets the view it built before. One view
  // is kept, the last; a rewound or filtered reader's view is never kept.
  static Result<std::shared_ptr<const GraphView>> Shared(const Store& store,
                                                         const GraphViewOptions& options = {});

  size_t vertex_count() const override { return numbers_.size(); }
  size_t relation_count() const { return relations_; }
  keys::EntityNumber number(Vertex v) const override { return numbers_[v]; }
  KindTag kind(Vertex v) const override { return kinds_[v]; }
  Vertex vertex(keys::EntityNumber number) const override {
    return number < index_.size() ? index_[number] : kNoVertex;
  }
  uint64_t degree(Vertex v) const override { return rowstart_[v + 1] - rowstart_[v]; }
  std::span<const GraphEdge> edges(Vertex v) const override {
    return std::span<const GraphEdge>(edges_).subspan(rowstart_[v], degree(v));
  }
  // The whole adjacency, for writing the image.
  std::span<const uint64_t> rowstart() const { return rowstart_; }
  std::span<const GraphEdge> adjacency() const { return edges_; }

 private:
  std::vector<keys::EntityNumber> numbers_;  // vertex → entity number
  std::vector<KindTag> kinds_;
  std::vector<Vertex> index_;  // entity number → vertex
  std::vector<uint64_t> rowstart_{0};
  std::vector<GraphEdge> edges_;
  size_t relations_ = 0;
};

}  // namespace landscape
