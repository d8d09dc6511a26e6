#include "storage/graph_image_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <ostream>
#include <string_view>

#include <fmt/format.h>
#include <xxhash.h>

#include "storage/atomic_file.hpp"

namespace landscape {
namespace {

constexpr char kMagic[8] = {'L', 'S', 'G', 'R', 'A', 'P', 'H', '\0'};

// The section counts the header holds; each section's length follows from one of them.
struct ImageCounts {
  uint64_t vertices;
  uint64_t index_size;
  uint64_t adjacency;
  uint64_t rounds;
  uint64_t with_total;  // vertices with a total raised
};

// The fixed part of the header, as on disk.
struct FixedHeader {
  char magic[8];
  uint32_t version;
  uint32_t section_count;
  uint64_t store_stamp;
  uint64_t store_id;
  uint64_t file_size;
  ImageCounts counts;
  uint64_t block_count;  // block checksums after the section table
};
static_assert(std::is_trivially_copyable_v<FixedHeader> && sizeof(FixedHeader) == 88);

// One row of the section table, as on disk.
struct TableEntry {
  uint32_t id;
  uint32_t first_block;  // the index of its first block checksum
  uint64_t offset;
  uint64_t size;
};
static_assert(std::is_trivially_copyable_v<TableEntry> && sizeof(TableEntry) == 24);

constexpr uint32_t kSectionCount = 10;

constexpr uint64_t kBlockBytes = kGraphImageBlockBytes;

uint64_t Padded(uint64_t bytes) { return (bytes + 7) / 8 * 8; }
uint64_t BlocksOf(uint64_t section_size) {
  return (Padded(section_size) + kBlockBytes - 1) / kBlockBytes;
}

// The fixed header, the table and the block checksums, padded, then the header's checksum and 4
// zero bytes.
uint64_t HeaderSizeFor(uint64_t block_count) {
  return Padded(sizeof(FixedHeader) + kSectionCount * sizeof(TableEntry) + 4 * block_count) + 8;
}

// Calls fn(id, name, span, count) for every section in file order, `span` being the member of
// `data` (const for writing, assignable for reading) and `count` its length by the header.
// The one list of sections: the writer, the reader and the section table all follow it.
template <typename Data, typename Fn>
Status ForEachSection(Data& data, const ImageCounts& c, Fn&& fn) {
  using enum ImageSectionId;
  LANDSCAPE_RETURN_IF_ERROR(fn(kNumbers, "numbers", data.numbers, c.vertices));
  LANDSCAPE_RETURN_IF_ERROR(fn(kKinds, "kinds", data.kinds, c.vertices));
  LANDSCAPE_RETURN_IF_ERROR(fn(kIndex, "index", data.index, c.index_size));
  LANDSCAPE_RETURN_IF_ERROR(fn(kRowStart, "rowstart", data.rowstart, c.vertices + 1));
  LANDSCAPE_RETURN_IF_ERROR(fn(kAdjacency, "adjacency", data.adjacency, c.adjacency));
  LANDSCAPE_RETURN_IF_ERROR(fn(kPageRank, "pagerank", data.pagerank, c.vertices));
  LANDSCAPE_RETURN_IF_ERROR(fn(kRounds, "rounds", data.rounds, c.rounds));
  LANDSCAPE_RETURN_IF_ERROR(fn(kTotals, "totals", data.totals, c.vertices));
  LANDSCAPE_RETURN_IF_ERROR(fn(kByPageRank, "by_pagerank", data.by_pagerank, c.vertices));
  return fn(kByTotalRaised, "by_total_raised", data.by_total_raised, c.with_total);
}

constexpr char kZeros[8] = {};

// XXH3 (libxxhash; the checksum RocksDB gives its own blocks) of the parts in turn, cut to the
// 32 bits a checksum slot holds. Debian's RocksDB computes crc32c in software, about 0.9 GB/s
// here; XXH3 is many times faster, and a cold query verifies every block it reads.
uint32_t Checksum(std::initializer_list<std::string_view> parts) {
  std::string_view only;
  size_t non_empty = 0;
  for (std::string_view part : parts) {
    if (!part.empty()) only = part, ++non_empty;
  }
  if (non_empty <= 1) return static_cast<uint32_t>(XXH3_64bits(only.data(), only.size()));
  std::string joined;  // only a section's last block: its bytes and their padding
  for (std::string_view part : parts) joined.append(part);
  return static_cast<uint32_t>(XXH3_64bits(joined.data(), joined.size()));
}

// A section's bytes and the zero padding that follows them: what its block checksums cover, so
// that every byte of a file is under a checksum.
struct PaddedSection {
  std::string_view bytes;
  std::string_view padding;
};
template <typename T>
PaddedSection PaddedOf(std::span<const T> span) {
  std::string_view bytes(reinterpret_cast<const char*>(span.data()), span.size_bytes());
  return {bytes, std::string_view(kZeros, Padded(bytes.size()) - bytes.size())};
}

// The part of `s` in [lo, hi), clamped to it.
std::string_view Within(std::string_view s, uint64_t lo, uint64_t hi) {
  lo = std::min<uint64_t>(lo, s.size());
  return s.substr(lo, std::min<uint64_t>(hi, s.size()) - lo);
}

// The checksum of block `b` of a section: its bytes, then its padding, cut in kBlockBytes.
uint32_t BlockChecksum(PaddedSection s, uint64_t b) {
  uint64_t n = s.bytes.size(), lo = b * kBlockBytes, hi = lo + kBlockBytes;
  return Checksum(
      {Within(s.bytes, lo, hi), Within(s.padding, lo - std::min(lo, n), hi - std::min(hi, n))});
}

// ---- Writing ----

bool AllBelow(std::span<const uint32_t> vertices, uint64_t limit, bool allow_none = false) {
  for (uint32_t v : vertices) {
    if (v >= limit && !(allow_none && v == kGraphImageNoVertex)) return false;
  }
  return true;
}

bool RowStartsFit(const GraphImageData& d) {
  if (d.rowstart.front() != 0 || d.rowstart.back() != d.adjacency.size()) return false;
  for (size_t v = 0; v + 1 < d.rowstart.size(); ++v) {
    if (d.rowstart[v] > d.rowstart[v + 1]) return false;
  }
  return true;
}

bool EdgesFit(const GraphImageData& d) {
  for (const ImageEdge& e : d.adjacency) {
    if (e.target >= d.numbers.size()) return false;
  }
  for (const ImageRound& r : d.rounds) {
    if (r.company >= d.numbers.size() || r.round >= d.numbers.size()) return false;
  }
  return true;
}

// Everything a reader relies on without checking again: the checksums then make it hold for
// the mapped bytes too.
Status CheckShape(const GraphImageData& d, const ImageCounts& counts) {
  LANDSCAPE_RETURN_IF_ERROR(ForEachSection(d, counts, [](auto, auto name, auto span, uint64_t n) {
    return span.size() == n
               ? Status::Ok()
               : Status::InvalidArgument(fmt::format(
                     "graph image section {}: {} records, expected {}", name, span.size(), n));
  }));
  uint64_t v = counts.vertices;
  if (!RowStartsFit(d) || !EdgesFit(d) || !AllBelow(d.index, v, true) ||
      !AllBelow(d.by_pagerank, v) || !AllBelow(d.by_total_raised, v) || counts.with_total > v) {
    return Status::InvalidArgument("graph image: a vertex out of range");
  }
  return Status::Ok();
}

ImageCounts CountsOf(const GraphImageData& d) {
  return {d.numbers.size(), d.index.size(), d.adjacency.size(), d.rounds.size(),
          d.by_total_raised.size()};
}

// The header bytes of `d`: the fixed header, the section table, the block checksums and the
// header's own checksum.
std::string HeaderOf(const GraphImageData& d) {
  ImageCounts counts = CountsOf(d);
  FixedHeader h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.version = kGraphImageVersion;
  h.section_count = kSectionCount;
  h.store_stamp = d.store_stamp;
  h.store_id = d.store_id;
  h.counts = counts;
  std::string table, crcs;
  // The lambda never fails.
  Status ignored = ForEachSection(d, counts, [&](auto, auto, auto span, uint64_t) {
    h.block_count += BlocksOf(span.size_bytes());
    return Status::Ok();
  });
  uint64_t offset = HeaderSizeFor(h.block_count), first_block = 0;
  ignored = ForEachSection(d, counts, [&](auto id, auto, auto span, uint64_t) {
    TableEntry e{static_cast<uint32_t>(id), static_cast<uint32_t>(first_block), offset,
                 span.size_bytes()};
    table.append(reinterpret_cast<const char*>(&e), sizeof e);
    for (uint64_t b = 0; b < BlocksOf(e.size); ++b) {
      uint32_t crc = BlockChecksum(PaddedOf(span), b);
      crcs.append(reinterpret_cast<const char*>(&crc), sizeof crc);
    }
    first_block += BlocksOf(e.size);
    offset += Padded(e.size);
    return Status::Ok();
  });
  h.file_size = offset;
  std::string header(reinterpret_cast<const char*>(&h), sizeof h);
  header += table + crcs;
  header.resize(HeaderSizeFor(h.block_count) - 8, '\0');
  uint32_t crc = Checksum({header});
  header.append(reinterpret_cast<const char*>(&crc), sizeof crc);
  header.append(4, '\0');
  return header;
}

std::string ErrnoText(int error) { return std::strerror(error); }

// ---- Reading ----

Status Corrupt(const std::string& path, std::string_view what) {
  return Status::Corruption(fmt::format("graph image {}: {}", path, what));
}

// The fixed header of a mapped file of `size` bytes, once its own checks pass: magic, version,
// the checksum of the whole header (fixed part, section table, block checksums), the file size.
Result<FixedHeader> VerifiedHeader(const std::string& path, const char* bytes, uint64_t size) {
  FixedHeader h{};
  if (size < sizeof h) return Corrupt(path, fmt::format("truncated to {} bytes", size));
  std::memcpy(&h, bytes, sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) return Corrupt(path, "not a graph image");
  if (h.version != kGraphImageVersion) {
    return Status::NotSupported(fmt::format("graph image {}: format {}, this build reads {}", path,
                                            h.version, kGraphImageVersion));
  }
  // Each block holds at least 8 bytes: a larger count is no count of this file.
  if (h.block_count > size / 8) {
    return Corrupt(path, fmt::format("header damaged: {} blocks in {} bytes", h.block_count, size));
  }
  if (size < HeaderSizeFor(h.block_count)) {
    return Corrupt(path, fmt::format("truncated to {} bytes, within its header", size));
  }
  uint64_t checked = HeaderSizeFor(h.block_count) - 8;
  uint32_t crc = 0, zero = 0;
  std::memcpy(&crc, bytes + checked, 4);
  std::memcpy(&zero, bytes + checked + 4, 4);
  if (crc != Checksum({std::string_view(bytes, checked)}) || zero != 0) {
    return Corrupt(path, "header checksum mismatch");
  }
  // The count is under the checksum, but a file written with another count is not ours.
  if (h.section_count != kSectionCount) return Corrupt(path, "unexpected section count");
  // Each vertex takes bytes in several sections: a larger count is no count of this file.
  if (h.counts.vertices >= size) return Corrupt(path, "more vertices than bytes");
  if (h.file_size != size) {
    return Corrupt(path, fmt::format("{} bytes, its header says {}", size, h.file_size));
  }
  return h;
}

// Checks one row of the section table of a verified header: it must name the section, start
// at `end` (where the previous section ended) and hold exactly `count` records of `T`.
template <typename T>
Status CheckExtent(const std::string& path, const FixedHeader& h, const ImageSectionExtent& e,
                   std::span<const T>, uint64_t count, uint64_t end) {
  auto bad = [&](std::string_view what) {
    return Corrupt(path, fmt::format("section {}: {}", e.name, what));
  };
  if (count > h.file_size / sizeof(T) || e.size != count * sizeof(T)) {
    return bad(fmt::format("{} bytes for {} records", e.size, count));
  }
  if (e.offset != end || e.offset % 8 != 0 || Padded(e.size) > h.file_size - e.offset) {
    return bad(fmt::format("offset {} out of place", e.offset));
  }
  return Status::Ok();
}

}  // namespace

Status GraphImageFile::Write(const std::string& path, const GraphImageData& data) {
  LANDSCAPE_RETURN_IF_ERROR(CheckShape(data, CountsOf(data)));
  return WriteFileAtomically(path, [&](std::ostream& out) {
    auto put = [&](std::string_view bytes) {
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    };
    put(HeaderOf(data));
    return ForEachSection(data, CountsOf(data), [&](auto, auto, auto span, auto) {
      PaddedSection section = PaddedOf(span);
      put(section.bytes);
      put(section.padding);
      return Status::Ok();
    });
  });
}

GraphImageFile::~GraphImageFile() {
  if (map_) munmap(map_, map_size_);
}

Result<std::unique_ptr<GraphImageFile>> GraphImageFile::MapHeader(const std::string& path) {
  std::unique_ptr<GraphImageFile> file(new GraphImageFile());
  file->path_ = path;
  LANDSCAPE_RETURN_IF_ERROR(file->MapFile());
  LANDSCAPE_RETURN_IF_ERROR(file->ReadTable());
  return file;
}

Result<std::unique_ptr<GraphImageFile>> GraphImageFile::Map(const std::string& path) {
  LANDSCAPE_ASSIGN_OR_RETURN(std::unique_ptr<GraphImageFile> file, MapHeader(path));
  for (const ImageSectionExtent& s : file->sections()) {
    LANDSCAPE_RETURN_IF_ERROR(file->VerifySection(s.id));
  }
  return file;
}

Status GraphImageFile::MapFile() {
  int fd = open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::string error = ErrnoText(errno);
    if (errno == ENOENT) return Status::NotFound(fmt::format("graph image {}: {}", path_, error));
    return Status::IOError(fmt::format("opening {}: {}", path_, error));
  }
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    Status s = Status::IOError(fmt::format("reading {}: {}", path_, ErrnoText(errno)));
    close(fd);
    return s;
  }
  map_size_ = static_cast<size_t>(st.st_size);
  if (map_size_ > 0) map_ = mmap(nullptr, map_size_, PROT_READ, MAP_SHARED, fd, 0);
  int error = errno;
  close(fd);
  if (map_ == MAP_FAILED) {
    map_ = nullptr;
    return Status::IOError(fmt::format("mapping {}: {}", path_, ErrnoText(error)));
  }
  return Status::Ok();
}

// The header's checksum covers the table, so the table is as written; what is checked here is
// that the sections tile the file as the header counts them (a file that was written by
// another writer, or one whose header checksum collides, must still not send a read outside
// the map). No section byte is read.
Status GraphImageFile::ReadTable() {
  const char* file = static_cast<const char*>(map_);
  LANDSCAPE_ASSIGN_OR_RETURN(FixedHeader h, VerifiedHeader(path_, file, map_size_));
  data_.store_stamp = h.store_stamp;
  data_.store_id = h.store_id;
  header_size_ = HeaderSizeFor(h.block_count);
  uint64_t end = header_size_, blocks = 0;
  GraphImageData unbound;
  LANDSCAPE_RETURN_IF_ERROR(
      ForEachSection(unbound, h.counts, [&](auto id, auto name, auto span, uint64_t count) {
        TableEntry e{};
        std::memcpy(&e, file + sizeof(FixedHeader) + sections_.size() * sizeof e, sizeof e);
        if (e.id != static_cast<uint32_t>(id) || e.first_block != blocks) {
          return Corrupt(path_, fmt::format("section {}: unexpected table entry", name));
        }
        ImageSectionExtent extent{id, name, e.offset, e.size};
        LANDSCAPE_RETURN_IF_ERROR(CheckExtent(path_, h, extent, span, count, end));
        end = e.offset + Padded(e.size);
        blocks += BlocksOf(e.size);
        auto at = static_cast<size_t>(id);
        section_index_[at] = static_cast<uint8_t>(sections_.size());
        record_count_[at] = count;
        first_block_by_id_[at] = e.first_block;
        sections_.push_back(extent);
        first_block_.push_back(e.first_block);
        record_size_[at] = sizeof(typename decltype(span)::element_type);
        return Status::Ok();
      }));
  if (end != h.file_size) return Corrupt(path_, "bytes after the last section");
  if (blocks != h.block_count) return Corrupt(path_, "block checksums do not match sections");
  if (h.counts.with_total > h.counts.vertices) return Corrupt(path_, "more totals than vertices");
  block_crcs_.resize(blocks);
  std::memcpy(block_crcs_.data(), file + sizeof(FixedHeader) + kSectionCount * sizeof(TableEntry),
              4 * blocks);
  block_verified_ = std::make_unique<std::atomic<bool>[]>(blocks);
  bound_.assign(sections_.size(), false);
  adjacency_count_ = h.counts.adjacency;
  return Status::Ok();
}

size_t GraphImageFile::IndexOf(ImageSectionId id) const {
  auto at = static_cast<size_t>(id);
  if (at >= kMaxSectionId || record_size_[at] == 0) return sections_.size();
  return section_index_[at];
}

// The checksums make the bytes exactly those the writer wrote, and the writer checked every
// vertex in them against the vertex count (CheckShape).
Status GraphImageFile::VerifyBytes(size_t i, uint64_t lo, uint64_t hi) {
  const ImageSectionExtent& extent = sections_[i];
  const char* bytes = static_cast<const char*>(map_) + extent.offset;
  PaddedSection section{std::string_view(bytes, extent.size),
                        std::string_view(bytes + extent.size, Padded(extent.size) - extent.size)};
  for (uint64_t b = lo / kBlockBytes; b * kBlockBytes < hi; ++b) {
    uint64_t block = first_block_[i] + b;
    if (block_verified_[block].load(std::memory_order_relaxed)) continue;
    if (block_crcs_[block] != BlockChecksum(section, b)) {
      return Corrupt(path_,
                     fmt::format("section {}: checksum mismatch in block {}", extent.name, b));
    }
    block_verified_[block].store(true, std::memory_order_relaxed);
  }
  return Status::Ok();
}

Status GraphImageFile::BindSection(ImageSectionId id) {
  size_t i = IndexOf(id);
  if (i == sections_.size()) return Corrupt(path_, "no such section");
  std::lock_guard lock(bind_mutex_);
  if (bound_[i]) return Status::Ok();
  LANDSCAPE_RETURN_IF_ERROR(BindSectionLocked(i));
  bound_[i] = true;
  return Status::Ok();
}

Status GraphImageFile::BindSectionLocked(size_t i) {
  const ImageSectionExtent& extent = sections_[i];
  ImageSectionId id = extent.id;
  // The row starts are read at their ends now: edges(v) would read past the adjacency if they
  // did not end at its count.
  if (id == ImageSectionId::kRowStart) {
    LANDSCAPE_RETURN_IF_ERROR(VerifyBytes(i, 0, 8));
    LANDSCAPE_RETURN_IF_ERROR(VerifyBytes(i, extent.size - 8, extent.size));
  }
  const char* bytes = static_cast<const char*>(map_) + extent.offset;
  Status ignored = ForEachSection(data_, ImageCounts{}, [&](auto section, auto, auto& span, auto) {
    using T = typename std::remove_reference_t<decltype(span)>::element_type;
    if (section == id) span = {reinterpret_cast<const T*>(bytes), extent.size / sizeof(T)};
    return Status::Ok();
  });
  if (id == ImageSectionId::kRowStart &&
      (data_.rowstart.front() != 0 || data_.rowstart.back() != adjacency_count_)) {
    data_.rowstart = {};
    return Corrupt(path_, "section rowstart: does not end at the edge count");
  }
  return Status::Ok();
}

Status GraphImageFile::VerifySection(ImageSectionId id) {
  size_t i = IndexOf(id);
  if (i == sections_.size()) return Corrupt(path_, "no such section");
  LANDSCAPE_RETURN_IF_ERROR(VerifyBytes(i, 0, Padded(sections_[i].size)));
  return BindSection(id);
}

Status GraphImageFile::VerifyRecords(ImageSectionId id, uint64_t first, uint64_t count) {
  size_t i = IndexOf(id);
  uint64_t record = record_size_[static_cast<size_t>(id)];
  if (i == sections_.size() || record == 0 || first + count > sections_[i].size / record) {
    return Corrupt(path_, "records outside their section");
  }
  if (count == 0) return Status::Ok();
  return VerifyBytes(i, first * record, (first + count) * record);
}

}  // namespace landscape
