#pragma once
// GraphImage: what a cold `landscape` process needs for the global queries, persisted beside
// the store so that it does not rebuild the world at every start. One file, STORE/graph.image,
// mapped read-only: the undirected adjacency of the whole graph in compressed-sparse-row form
// (the GraphView of all relations, no date filter), each vertex's PageRank, and the facts of
// every round a company raised (amount, currency, date). Pages are read as a query touches
// them, so a path search reads the adjacency of the vertices it visits, not the file.
//
// Consistency: the image records the RocksDB sequence number of the store it was built from,
// and a reader uses it only when its own view of the store has that sequence number; any
// write since (add, remove, another import) makes it stale and queries fall back to reading
// the store. `import` rebuilds it after committing. The file is replaced by rename, so a
// reader maps a whole old image or a whole new one, and a process killed while writing it
// leaves at most a temporary file that the next rebuild overwrites.

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "core/decimal.hpp"
#include "core/money.hpp"
#include "core/status.hpp"
#include "query/graph_view.hpp"
#include "storage/store.hpp"
#include "storage/store_edits.hpp"

namespace landscape {

// One direction of one relation in the image's adjacency.
struct ImageEdge {
  uint32_t target;
  uint16_t type;    // RelationTag
  uint8_t forward;  // 1: from the stored `from` to `to`
  uint8_t unused;
};

// A round as a company raised it (one per `raised` relation): its best claims when no --as-of
// applies, so a query with --as-of reads the store instead.
struct ImageRound {
  uint32_t company;  // vertex
  uint32_t round;    // vertex
  int64_t amount_mantissa;
  int32_t amount_scale;
  char currency[4];     // ISO code, NUL-terminated; "" when the round has no amount
  char date[12];        // the announced date as text ("2026", "2026-03-15"); "" when none
  uint8_t has_amount;   //
  uint8_t approximate;  // the amount is approximate ("~")
  uint8_t has_date;     //
  uint8_t unused;
};

// Each vertex's total raised in one currency: the sum over the rounds it raised of each amount
// converted at its round's date (query/currency_converter.hpp, no --as-of), exactly as `rank
// --by total-raised` sums them from the store; nullopt for a vertex without an amount or with
// one that no rate converts.
Result<std::vector<std::optional<Money>>> SumRoundsRaised(const Store& store,
                                                          std::span<const ImageRound> rounds,
                                                          size_t vertex_count,
                                                          const std::string& currency);

// The currency whose totals the image holds ready, since analysts compare in it most.
inline constexpr const char* kImageTotalsCurrency = "USD";

// A PageRank as ranks show it: rounded to 12 decimals.
Decimal ShownPageRank(double rank);

// A total raised as the image stores it, one per vertex.
struct ImageTotal {
  int64_t mantissa;
  int32_t scale;
  uint8_t has_total;
  uint8_t approximate;
  uint8_t unused[2];
};

// What `landscape import` does, for every face: the atomic import, then the image rebuilt
// from the store it left. The import stands on its own: an image that could not be rebuilt is
// reported in `image` (the import is committed, and queries read the store meanwhile).
struct ImportOutcome {
  ImportSummary summary;
  Status image;
};
Result<ImportOutcome> ImportAndRebuildImage(Store* store, const std::vector<ImportInput>& inputs,
                                            const ImportOptions& options = {});

class GraphImage {
 public:
  // Builds the image of the store as the handle sees it and replaces STORE/graph.image.
  static Status Rebuild(const Store& store);
  // The image when one exists, is well formed and matches the store's current sequence
  // number; null otherwise (none, stale, another format, truncated), and the query reads the
  // store: derived data never makes an answer wrong, only faster.
  static std::unique_ptr<GraphImage> OpenIfCurrent(const Store& store);
  static std::string PathFor(const Store& store);

  ~GraphImage();
  GraphImage(const GraphImage&) = delete;
  GraphImage& operator=(const GraphImage&) = delete;

  size_t vertex_count() const { return vertex_count_; }
  keys::EntityNumber number(uint32_t v) const { return numbers_[v]; }
  KindTag kind(uint32_t v) const { return kinds_[v]; }
  // GraphView::kNoVertex when the entity is not in the image.
  uint32_t vertex(keys::EntityNumber number) const {
    return number < index_.size() ? index_[number] : GraphView::kNoVertex;
  }
  std::span<const ImageEdge> edges(uint32_t v) const {
    return {adjacency_ + rowstart_[v], adjacency_ + rowstart_[v + 1]};
  }
  double pagerank(uint32_t v) const { return pagerank_[v]; }
  std::span<const ImageRound> rounds() const { return rounds_; }
  // The vertex's total raised in kImageTotalsCurrency, as SumRoundsRaised gives it.
  std::optional<Money> total_raised(uint32_t v) const;
  // Vertices in rank order, highest first, ties in vertex order: by PageRank as shown (12
  // decimals), and those with a total raised by that total. A top-k query reads k entries.
  std::span<const uint32_t> by_pagerank() const { return by_pagerank_; }
  std::span<const uint32_t> by_total_raised() const { return by_total_raised_; }

 private:
  GraphImage() = default;
  Status Map(const std::string& path, uint64_t sequence);

  void* map_ = nullptr;
  size_t map_size_ = 0;
  size_t vertex_count_ = 0;
  const keys::EntityNumber* numbers_ = nullptr;
  const uint32_t* kinds_ = nullptr;
  std::span<const uint32_t> index_;
  const uint64_t* rowstart_ = nullptr;
  const ImageEdge* adjacency_ = nullptr;
  const double* pagerank_ = nullptr;
  std::span<const ImageRound> rounds_;
  const ImageTotal* totals_ = nullptr;
  std::span<const uint32_t> by_pagerank_;
  std::span<const uint32_t> by_total_raised_;
};

// One step of a path in the image: from, to and the relation between them, `forward` when the
// step follows the stored direction.
struct ImageStep {
  uint32_t from;
  uint32_t to;
  uint16_t type;
  bool forward;
};

// One shortest path from `source` to `target` of at most `max_hops` steps over relations of
// `types` (empty: all): breadth first from both ends, each time widening the smaller frontier,
// so that a search between two quiet entities stays near them. nullopt when there is none; no
// steps when source == target.
std::optional<std::vector<ImageStep>> ImageShortestPath(const GraphImage& image, uint32_t source,
                                                        uint32_t target, uint32_t max_hops,
                                                        const std::set<RelationTag>& types);

}  // namespace landscape
