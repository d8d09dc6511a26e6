#pragma once
// Graph: the one read-only graph that every global algorithm runs on
// (query/graph_algorithms.hpp), in compressed-sparse-row form. Vertices are dense numbers in
// readable-id order; each stored relation appears twice, once from each end, as a GraphEdge
// that says its type and whether it follows the stored direction, so traversals are
// undirected and each step knows its direction.
//
// Two implementations, as in Kùzu's graph interface: GraphView, built in memory from one
// reading of the store (with --via and --as-of filters applied while it is built), and
// GraphImage, the persisted whole graph mapped from STORE/graph.image and verified as it is
// read. The algorithms do not know which one they run on.

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/schema.hpp"
#include "storage/graph_image_file.hpp"
#include "storage/key_codec.hpp"

namespace landscape {

// One direction of one stored relation. Its layout is the image's adjacency record, so that
// a mapped image is a Graph without copying.
using GraphEdge = ImageEdge;

class Graph {
 public:
  using Vertex = uint32_t;
  static constexpr Vertex kNoVertex = kGraphImageNoVertex;

  virtual ~Graph() = default;

  virtual size_t vertex_count() const = 0;
  virtual keys::EntityNumber number(Vertex v) const = 0;
  virtual KindTag kind(Vertex v) const = 0;
  // kNoVertex when the entity is not in the graph.
  virtual Vertex vertex(keys::EntityNumber number) const = 0;
  virtual uint64_t degree(Vertex v) const = 0;
  virtual std::span<const GraphEdge> edges(Vertex v) const = 0;
  // True once a read failed its verification (a damaged image): whatever was computed from
  // this graph is to be thrown away, and the store asked instead.
  virtual bool damaged() const { return false; }
};

}  // namespace landscape
