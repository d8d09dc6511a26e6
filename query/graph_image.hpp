#pragma once
// GraphImage: what a cold `landscape` process needs for the global queries, persisted beside
// the store so that it does not rebuild the world at every start. One file, STORE/graph.image,
// mapped read-only: the undirected adjacency of the whole graph in compressed-sparse-row form
// (the GraphView of all relations, no date filter), each vertex's PageRank, and the facts of
// every round a company raised (amount, currency, date). Pages are read as a query touches
// them, so a path search reads the adjacency of the vertices it visits, not the file.
//
// Consistency: the image records the identity (Store::store_id) and the RocksDB sequence number
// of the store it was built from, and a reader uses it only when its own store has that
// identity and its view has that sequence number (sequence numbers alone agree between
// stores: an image copied from another store would pass); any
// write since (add, remove, another import) makes it stale and queries fall back to reading
// the store. `import` rebuilds it after committing. The file (storage/graph_image_file.hpp) is
// replaced by rename, so a reader maps a whole old image or a whole new one, and every byte is
// under a checksum (XXH3) checked before it is read: a damaged image is ignored like a stale one.

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "landscape/decimal.hpp"
#include "landscape/money.hpp"
#include "landscape/status.hpp"
#include "query/currency_converter.hpp"
#include "query/graph.hpp"
#include "storage/graph_image_file.hpp"
#include "storage/store.hpp"

namespace landscape {

// The image's records (ImageEdge, ImageRound, ImageTotal) and its bytes are defined in
// storage/graph_image_file.hpp.

// Each vertex's total raised in one currency: the sum over the rounds it raised of each amount
// converted at its round's date (query/currency_converter.hpp, no --as-of), exactly as `rank
// --by total-raised` sums them from the store; nullopt for a vertex without an amount or with
// one that no rate converts.
Result<std::vector<std::optional<RaisedFigure>>> SumRoundsRaised(const Store& store,
                                                                 std::span<const ImageRound> rounds,
                                                                 size_t vertex_count,
                                                                 const std::string& currency);

// The currency whose totals the image holds ready, since analysts compare in it most.
inline constexpr const char* kImageTotalsCurrency = "USD";

// A PageRank as ranks show it: rounded to 12 decimals.
Decimal ShownPageRank(double rank);

// The sections each use of GraphImage reads. vertex(), number(), edges():
inline constexpr ImageSectionId kImageReadsWalk[] = {
    ImageSectionId::kNumbers, ImageSectionId::kIndex, ImageSectionId::kRowStart,
    ImageSectionId::kAdjacency};
// number(), kind(), pagerank(), by_pagerank():
inline constexpr ImageSectionId kImageReadsPageRank[] = {
    ImageSectionId::kNumbers, ImageSectionId::kKinds, ImageSectionId::kPageRank,
    ImageSectionId::kByPageRank};
// number(), kind(), total_raised(), by_total_raised():
inline constexpr ImageSectionId kImageReadsTotals[] = {
    ImageSectionId::kNumbers, ImageSectionId::kKinds, ImageSectionId::kTotals,
    ImageSectionId::kByTotalRaised};
// number(), kind(), rounds():
inline constexpr ImageSectionId kImageReadsRounds[] = {
    ImageSectionId::kNumbers, ImageSectionId::kKinds, ImageSectionId::kRounds};
// number(), kind(), degree():
inline constexpr ImageSectionId kImageReadsDegree[] = {
    ImageSectionId::kNumbers, ImageSectionId::kKinds, ImageSectionId::kRowStart};

class GraphImage final : public Graph {
 public:
  // Builds the image of the store as the handle sees it and replaces STORE/graph.image.
  static Status Rebuild(const Store& store);
  // The image when one exists, passes every check of GraphImageFile::Map (checksums included)
  // and matches the store's identity and current sequence number; null otherwise (none, stale,
  // another format, truncated, damaged), and the query reads the store: derived data never makes an
  // answer wrong, only faster.
  static std::unique_ptr<GraphImage> OpenIfCurrent(const Store& store);
  // The same with only the sections in `reads` verified, for a query that reads no others
  // (one of the kImageReads… lists): checking every section of a large image costs more than
  // a cold query. All but the rounds and the rank orders are verified block by block as their
  // accessors read them: the caller checks damaged() once it has read all it needs, before
  // it trusts an answer. REQUIRES: the
  // caller uses only accessors of those sections; the others see empty sections.
  static std::unique_ptr<GraphImage> OpenIfCurrent(const Store& store,
                                                   std::span<const ImageSectionId> reads);

  GraphImage(const GraphImage&) = delete;
  GraphImage& operator=(const GraphImage&) = delete;

  size_t vertex_count() const override { return data_.numbers.size(); }
  // 0 when the block it reads fails its checksum, and damaged() is then true.
  keys::EntityNumber number(uint32_t v) const override {
    return Readable(ImageSectionId::kNumbers, v, 1) ? data_.numbers[v] : 0;
  }
  // 0 when the block it reads fails its checksum, and damaged() is then true.
  KindTag kind(uint32_t v) const override {
    return Readable(ImageSectionId::kKinds, v, 1) ? data_.kinds[v] : 0;
  }
  // kNoVertex when the entity is not in the image, or when the block it reads
  // fails its checksum (and damaged() is then true).
  uint32_t vertex(keys::EntityNumber number) const override {
    if (number >= data_.index.size()) return kNoVertex;
    return Readable(ImageSectionId::kIndex, number, 1) ? data_.index[number] : kNoVertex;
  }
  // Empty when a block they read fails its checksum, and damaged() is then true.
  uint64_t degree(uint32_t v) const override {
    if (!Readable(ImageSectionId::kRowStart, v, 2)) return 0;
    return data_.rowstart[v + 1] - data_.rowstart[v];
  }
  std::span<const GraphEdge> edges(uint32_t v) const override {
    uint64_t count = degree(v), first = count ? data_.rowstart[v] : 0;
    if (!Readable(ImageSectionId::kAdjacency, first, count)) return {};
    return data_.adjacency.subspan(first, count);
  }
  // True once a block that an accessor read failed its checksum: every answer computed from
  // this image is then to be thrown away, and the store asked.
  bool damaged() const override { return damaged_; }
  // 0 when the block it reads fails its checksum, and damaged() is then true.
  double pagerank(uint32_t v) const {
    return Readable(ImageSectionId::kPageRank, v, 1) ? data_.pagerank[v] : 0;
  }
  std::span<const ImageRound> rounds() const { return data_.rounds; }
  // The vertex's total raised in kImageTotalsCurrency, as SumRoundsRaised gives it; nullopt
  // also when the block it reads fails its checksum (and damaged() is then true).
  std::optional<RaisedFigure> total_raised(uint32_t v) const;
  // Vertices in rank order, highest first, ties in vertex order: by PageRank as shown (12
  // decimals), and those with a total raised by that total. A top-k query reads k entries.
  std::span<const uint32_t> by_pagerank() const { return data_.by_pagerank; }
  std::span<const uint32_t> by_total_raised() const { return data_.by_total_raised; }

 private:
  explicit GraphImage(std::shared_ptr<GraphImageFile> file)
      : file_(std::move(file)), data_(file_->data()) {}

  // Verifies the records before they are read; false (and damaged()) when they fail. Inline,
  // since a traversal asks at every vertex and almost always for blocks verified before.
  bool Readable(ImageSectionId id, uint64_t first, uint64_t count) const {
    return (!damaged_ && file_->RecordsVerified(id, first, count)) ||
           VerifyThenReadable(id, first, count);
  }
  bool VerifyThenReadable(ImageSectionId id, uint64_t first, uint64_t count) const;

  // Shared with the store handle's cache and the other queries: its verification state
  // changes as records are read.
  std::shared_ptr<GraphImageFile> file_;
  const GraphImageData& data_;  // file_'s
  mutable bool damaged_ = false;
};

}  // namespace landscape
