#pragma once
// GraphImageFile: the bytes of STORE/graph.image, the graph image that query/graph_image.hpp
// derives from the store (what the sections mean is said there). This file owns the format:
// the header, the section table, a checksum (XXH3, 32 bits) per 4 KiB block of every section, the
// records written to disk, the crash-safe writer, and the reader that maps a file and verifies each
// part of it before any byte of that part is used.
//
// Layout (native byte order; docs/storage.md draws it):
//
//   offset   size    field
//   0        8       magic "LSGRAPH\0"
//   8        4       format version (kGraphImageVersion)
//   12       4       section count n
//   16       8       store stamp: the state of the store the image was built from
//   24       8       store id: which store that was (meta/store_id)
//   32       8       file size
//   40       40      counts: vertices, index size, adjacency, rounds, vertices with a total
//   80       8       block count B
//   88       24·n    section table: id u32, first block u32, offset u64, byte size u64
//   88+24n   4·B     block checksums: XXH3 (low 32 bits) of each 4 KiB block of each
//                    section (its bytes, then its padding), section after section; zero
//                    padded to 8
//   H-8      8       XXH3 (low 32 bits) of bytes [0, H-8), then 4 zero bytes; H is the header size
//   H        ...     the sections, each at an 8-byte aligned offset, zero padded between
//
// The ids, the records and the layout above are on disk: never change one without a new
// format version. A reader refuses any other version; the image is then rebuilt by `import`.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/schema.hpp"
#include "landscape/status.hpp"
#include "storage/key_codec.hpp"

namespace landscape {

// 7: totals converted to the rates' significant digits, bridged through USD, rounds with the
// figure their source reported, totals with their basis (issue 11);
// 6: the store id in the header; 5: XXH3 checksums (4: crc32c)
inline constexpr uint32_t kGraphImageVersion = 7;

// Sections are checksummed in blocks of this many bytes (the last one of a section shorter),
// so that a reader of a few edges verifies the blocks it reads rather than the whole adjacency.
// A page: a path search reads the edges of vertices spread over the whole adjacency, a few
// hundred bytes each, and larger blocks made it check most of the adjacency anyway.
inline constexpr uint64_t kGraphImageBlockBytes = 4096;

// One direction of one relation in the image's adjacency. On disk: never change its layout
// without a new kGraphImageVersion.
struct ImageEdge {
  uint32_t target;  // vertex
  uint16_t type;    // RelationTag
  uint8_t forward;  // 1: from the stored `from` to `to`
  uint8_t unused;
};
static_assert(std::is_trivially_copyable_v<ImageEdge> && sizeof(ImageEdge) == 8);

// A round as a company raised it (one per `raised` relation). On disk: never change its layout
// without a new kGraphImageVersion.
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
  uint8_t reported;     // 0: none; 1: reported_* hold the source's own figure; 2: approximate too
  int64_t reported_mantissa;
  int32_t reported_scale;
  char reported_currency[4];
  // The confidence tiers of the amount's claim and the reported one, as ranks (0 the best);
  // kImageNoTier for a claim without one.
  uint8_t amount_tier;
  uint8_t reported_tier;
  uint8_t unused[6];
};
static_assert(std::is_trivially_copyable_v<ImageRound> && sizeof(ImageRound) == 64);
inline constexpr uint8_t kImageNoTier = 255;

// A vertex's total raised, one per vertex. On disk: never change its layout without a new
// kGraphImageVersion.
struct ImageTotal {
  int64_t mantissa;
  int32_t scale;
  uint8_t has_total;
  uint8_t approximate;
  uint8_t basis;  // AmountBasis: 0 recorded, 1 reported, 2 converted
  uint8_t tier;   // of the weakest claim in it, as ImageRound's tiers
};
static_assert(std::is_trivially_copyable_v<ImageTotal> && sizeof(ImageTotal) == 16);

// The section ids written in the section table. Fixed: a new section takes a new id.
enum class ImageSectionId : uint32_t {
  kNumbers = 1,
  kKinds = 2,
  kIndex = 3,
  kRowStart = 4,
  kAdjacency = 5,
  kPageRank = 6,
  kRounds = 7,
  kTotals = 8,
  kByPageRank = 9,
  kByTotalRaised = 10,
};

// In the index: an entity number that has no vertex.
inline constexpr uint32_t kGraphImageNoVertex = UINT32_MAX;

// The contents of an image, borrowed: from the writer's vectors, or from the mapped file.
// V is the vertex count (numbers.size()); a vertex is an index below V.
struct GraphImageData {
  uint64_t store_stamp = 0;
  std::span<const keys::EntityNumber> numbers;  // V: vertex → entity number
  std::span<const KindTag> kinds;               // V: vertex → kind
  std::span<const uint32_t> index;              // entity number → vertex, or kGraphImageNoVertex
  std::span<const uint64_t> rowstart;           // V + 1: vertex → its first edge in adjacency
  std::span<const ImageEdge> adjacency;
  std::span<const double> pagerank;           // V
  std::span<const ImageRound> rounds;         //
  std::span<const ImageTotal> totals;         // V
  std::span<const uint32_t> by_pagerank;      // V vertices
  std::span<const uint32_t> by_total_raised;  // vertices
  uint64_t store_id = 0;                      // Store::store_id() of the store it was built from
};

// Where one section lies in a file, as its section table says.
struct ImageSectionExtent {
  ImageSectionId id;
  std::string_view name;  // for messages: "adjacency"
  uint64_t offset;
  uint64_t size;  // without the padding that follows it
};

class GraphImageFile {
 public:
  // Writes `data` to a temporary file beside `path`, syncs it, renames it to `path` and syncs
  // the directory: a reader maps the whole old file or the whole new one. The temporary file
  // is removed on any failure. InvalidArgument when `data` breaks its own shape (a section of
  // the wrong length, a vertex out of range), IOError naming the file otherwise.
  static Status Write(const std::string& path, const GraphImageData& data);

  // Maps `path` read-only and verifies all of it: magic, version, header checksum, file size,
  // the section table against the counts, every block's checksum, and the cheap structural
  // checks. NotFound when there is no file, NotSupported for another version, Corruption
  // naming the file (and the section) for anything else.
  static Result<std::unique_ptr<GraphImageFile>> Map(const std::string& path);

  // Maps `path` and verifies all but the sections' checksums, reading no section byte; data()
  // then holds the store stamp and no section until VerifySection or BindSection shows it.
  // For a reader that uses a few sections or a few records: checking everything would cost a
  // cold query more than it reads.
  static Result<std::unique_ptr<GraphImageFile>> MapHeader(const std::string& path);

  // Checks the section's checksums (each block once) and shows it in data(): Corruption
  // naming the file and the section when one does not match, and the section stays empty.
  Status VerifySection(ImageSectionId id);

  // Shows the section in data() before its bytes are verified. REQUIRES: the caller calls
  // VerifyRecords for the records it reads, before it reads them.
  Status BindSection(ImageSectionId id);

  // Checks the blocks holding records [first, first + count) of a shown section, each block
  // once: Corruption when one does not match, or when the records are outside the section.
  Status VerifyRecords(ImageSectionId id, uint64_t first, uint64_t count);

  // Whether the blocks holding records [first, first + count) of a shown section were all
  // verified before: the test a reader makes inline at every read, calling VerifyRecords only
  // when it is false (a block not yet verified, or records outside the section).
  bool RecordsVerified(ImageSectionId id, uint64_t first, uint64_t count) const {
    auto at = static_cast<size_t>(id);
    uint64_t record = at < kMaxSectionId ? record_size_[at] : 0;
    if (record == 0 || count == 0 || count > record_count_[at] || first > record_count_[at] - count)
      return false;
    const std::atomic<bool>* blocks = block_verified_.get() + first_block_by_id_[at];
    uint64_t last = ((first + count) * record - 1) / kGraphImageBlockBytes;
    for (uint64_t b = first * record / kGraphImageBlockBytes; b <= last; ++b) {
      if (!blocks[b].load(std::memory_order_relaxed)) return false;
    }
    return true;
  }

  // The three calls above may run on several threads at once: a block's checksum is then
  // perhaps computed twice, and a section is shown once. A mapped file is kept for the life of
  // a store handle (storage/graph_image_cache.hpp), so each block is verified once per process.

  // The bytes of the header: the fixed part, the section table, the block checksums and the
  // header's own checksum.
  uint64_t header_size() const { return header_size_; }

  ~GraphImageFile();
  GraphImageFile(const GraphImageFile&) = delete;
  GraphImageFile& operator=(const GraphImageFile&) = delete;

  // Valid while this object lives. A section neither verified nor bound is empty.
  const GraphImageData& data() const { return data_; }
  const std::vector<ImageSectionExtent>& sections() const { return sections_; }

 private:
  GraphImageFile() = default;
  Status MapFile();
  Status ReadTable();

  size_t IndexOf(ImageSectionId id) const;  // sections_.size() when absent
  Status VerifyBytes(size_t section, uint64_t lo, uint64_t hi);
  Status BindSectionLocked(size_t section);

  std::string path_;
  void* map_ = nullptr;
  size_t map_size_ = 0;
  uint64_t header_size_ = 0;
  GraphImageData data_;
  std::vector<ImageSectionExtent> sections_;
  std::vector<uint64_t> first_block_;  // per section: its first block in block_crcs_
  std::vector<uint32_t> block_crcs_;   // per block, as the header holds them
  std::unique_ptr<std::atomic<bool>[]> block_verified_;  // per block
  static constexpr size_t kMaxSectionId = 16;
  uint64_t record_size_[kMaxSectionId] = {};        // by section id
  uint8_t section_index_[kMaxSectionId] = {};       // by section id: its place in sections_
  uint64_t record_count_[kMaxSectionId] = {};       // by section id
  uint64_t first_block_by_id_[kMaxSectionId] = {};  // by section id: its first block
  std::mutex bind_mutex_;                           // guards bound_ and the spans of data_
  std::vector<bool> bound_;                         // per section: shown in data_
  uint64_t adjacency_count_ = 0;
};

}  // namespace landscape
