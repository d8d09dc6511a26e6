// Tests of the graph image's file format (storage/graph_image_file.hpp): what is written is
// mapped back exactly, and any damage is refused before a byte of it is used.

#include "storage/graph_image_file.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "tests/storage/small_graph_image.hpp"
#include "tests/test_support.hpp"

namespace landscape {
namespace {

using testing::SmallImage;
using testing::TempDir;

template <typename T>
std::vector<T> Copy(std::span<const T> span) {
  return {span.begin(), span.end()};
}

bool Mentions(const Status& s, const std::string& text) {
  return s.message().find(text) != std::string::npos;
}

// The path of a freshly written SmallImage in `dir`.
std::string Written(const TempDir& dir) {
  std::string path = dir / "graph.image";
  REQUIRE_OK(GraphImageFile::Write(path, SmallImage().data()));
  return path;
}

std::vector<ImageSectionExtent> SectionsOf(const std::string& path) {
  auto file = GraphImageFile::Map(path);
  REQUIRE_OK(file);
  return (*file)->sections();
}

TEST_CASE("graph image file: what is written is mapped back") {
  TempDir dir;
  auto file = GraphImageFile::Map(Written(dir));
  REQUIRE_OK(file);
  const GraphImageData& d = (*file)->data();
  SmallImage in;
  CHECK(d.store_stamp == 77);
  CHECK(Copy(d.numbers) == in.numbers);
  CHECK(Copy(d.kinds) == in.kinds);
  CHECK(Copy(d.index) == in.index);
  CHECK(Copy(d.rowstart) == in.rowstart);
  REQUIRE(d.adjacency.size() == in.adjacency.size());
  CHECK(d.adjacency[1].target == 2);
  CHECK(d.adjacency[3].forward == 1);
  CHECK(Copy(d.pagerank) == in.pagerank);
  REQUIRE(d.rounds.size() == 1);
  CHECK(std::string(d.rounds[0].date) == "2025-01");
  CHECK(d.totals[0].mantissa == 42);
  CHECK(Copy(d.by_pagerank) == in.by_pagerank);
  CHECK(Copy(d.by_total_raised) == in.by_total_raised);
  CHECK((*file)->sections().size() == 10);
  for (const ImageSectionExtent& s : (*file)->sections()) {
    CHECK(s.offset % 8 == 0);
    CHECK(s.offset >= (*file)->header_size());
  }
}

TEST_CASE("graph image file: a flipped byte in any section is found and named") {
  TempDir dir;
  std::string path = Written(dir);
  for (const ImageSectionExtent& s : SectionsOf(path)) {
    REQUIRE(s.size > 0);
    for (uint64_t at : {s.offset, s.offset + s.size / 2, s.offset + s.size - 1}) {
      CAPTURE(s.name);
      CAPTURE(at);
      testing::FlipByte(path, at);
      auto file = GraphImageFile::Map(path);
      REQUIRE_FALSE(file.ok());
      CHECK(file.status().code() == StatusCode::kCorruption);
      CHECK(Mentions(file.status(), path));
      CHECK(Mentions(file.status(), "section " + std::string(s.name) + ": checksum mismatch"));
      testing::FlipByte(path, at);
      CHECK_OK(GraphImageFile::Map(path));
    }
  }
}

TEST_CASE("graph image file: sections are verified one by one, before they are visible") {
  TempDir dir;
  std::string path = Written(dir);
  std::vector<ImageSectionExtent> sections = SectionsOf(path);
  const ImageSectionExtent& adjacency = sections[4];
  REQUIRE(adjacency.id == ImageSectionId::kAdjacency);
  testing::FlipByte(path, adjacency.offset + 1);
  auto file = GraphImageFile::MapHeader(path);
  REQUIRE_OK(file);
  CHECK((*file)->data().store_stamp == 77);
  CHECK((*file)->data().numbers.empty());
  CHECK_OK((*file)->VerifySection(ImageSectionId::kNumbers));
  CHECK((*file)->data().numbers.size() == 3);
  Status damaged = (*file)->VerifySection(ImageSectionId::kAdjacency);
  CHECK(damaged.code() == StatusCode::kCorruption);
  CHECK(Mentions(damaged, "section adjacency: checksum mismatch"));
  CHECK((*file)->data().adjacency.empty());
  CHECK_FALSE(GraphImageFile::Map(path).ok());
}

uint64_t HeaderSizeOf(const std::string& path) {
  auto file = GraphImageFile::MapHeader(path);
  REQUIRE_OK(file);
  return (*file)->header_size();
}

// An image of 2 vertices whose adjacency spans many checksum blocks: 20,000 edges of 8 bytes.
struct WideImage : SmallImage {
  WideImage() {
    numbers = {5, 7};
    kinds = {1, 1};
    index = {kGraphImageNoVertex, 0, 0, 0, 0, 0, 0, 1};
    rowstart = {0, 20000, 20000};
    adjacency.assign(20000, ImageEdge{1, 3, 1, 0});
    pagerank = {1, 1};
    rounds = {};
    totals = {{}, {}};
    by_pagerank = {0, 1};
    by_total_raised = {};
  }
};

TEST_CASE("graph image file: records are verified block by block as they are read") {
  TempDir dir;
  std::string path = dir / "graph.image";
  REQUIRE_OK(GraphImageFile::Write(path, WideImage().data()));
  auto sections = SectionsOf(path);
  const ImageSectionExtent& adjacency = sections[4];
  REQUIRE(adjacency.id == ImageSectionId::kAdjacency);
  testing::FlipByte(path, adjacency.offset + 100000);  // edge 12,500
  auto file = GraphImageFile::MapHeader(path);
  REQUIRE_OK(file);
  REQUIRE_OK((*file)->BindSection(ImageSectionId::kAdjacency));
  CHECK((*file)->data().adjacency.size() == 20000);
  CHECK_OK((*file)->VerifyRecords(ImageSectionId::kAdjacency, 0, 8000));
  CHECK_OK((*file)->VerifyRecords(ImageSectionId::kAdjacency, 16400, 3600));
  Status damaged = (*file)->VerifyRecords(ImageSectionId::kAdjacency, 12000, 1000);
  CHECK(damaged.code() == StatusCode::kCorruption);
  uint64_t block = 100000 / kGraphImageBlockBytes;
  CHECK(Mentions(damaged, fmt::format("section adjacency: checksum mismatch in block {}", block)));
  CHECK((*file)->VerifyRecords(ImageSectionId::kAdjacency, 19999, 2).code() ==
        StatusCode::kCorruption);
  CHECK((*file)->VerifySection(ImageSectionId::kAdjacency).code() == StatusCode::kCorruption);
}

TEST_CASE("graph image file: a flipped byte anywhere in the header is found") {
  TempDir dir;
  std::string path = Written(dir);
  uint64_t header_size = HeaderSizeOf(path);
  CHECK(header_size > 80 + 10 * 24);
  for (uint64_t at = 0; at < header_size; ++at) {
    CAPTURE(at);
    testing::FlipByte(path, at);
    auto file = GraphImageFile::Map(path);
    REQUIRE_FALSE(file.ok());
    CHECK(Mentions(file.status(), path));
    bool magic = at < 8, version = at >= 8 && at < 12;
    if (version) {
      CHECK(file.status().code() == StatusCode::kNotSupported);
    } else {
      CHECK(file.status().code() == StatusCode::kCorruption);
      CHECK(Mentions(file.status(), magic ? "not a graph image" : "header"));
    }
    testing::FlipByte(path, at);
  }
  CHECK_OK(GraphImageFile::Map(path));
}

TEST_CASE("graph image file: a truncated or extended file is refused") {
  TempDir dir;
  std::string path = Written(dir);
  uint64_t size = std::filesystem::file_size(path);
  std::string whole = testing::ReadFile(path);
  for (uint64_t length : {size - 1, size - 8, HeaderSizeOf(path), uint64_t{20}, uint64_t{0}}) {
    CAPTURE(length);
    std::filesystem::resize_file(path, length);
    auto file = GraphImageFile::Map(path);
    REQUIRE_FALSE(file.ok());
    CHECK(file.status().code() == StatusCode::kCorruption);
    testing::WriteFile(path, whole);
  }
  testing::WriteFile(path, whole + std::string(8, '\0'));
  CHECK(GraphImageFile::Map(path).status().code() == StatusCode::kCorruption);
}

TEST_CASE("graph image file: another magic or version is refused, a missing file not found") {
  TempDir dir;
  std::string path = Written(dir);
  std::string whole = testing::ReadFile(path);
  std::string old_version = whole;
  old_version[8] = 3;  // the version is the native-order u32 after the magic
  testing::WriteFile(path, old_version);
  auto file = GraphImageFile::Map(path);
  CHECK(file.status().code() == StatusCode::kNotSupported);
  CHECK(Mentions(file.status(), "format 3"));
  testing::WriteFile(path, "LSGRAPX" + whole.substr(7));
  CHECK(GraphImageFile::Map(path).status().code() == StatusCode::kCorruption);
  CHECK(GraphImageFile::Map(dir / "none").status().code() == StatusCode::kNotFound);
}

TEST_CASE("graph image file: a failed write leaves no file behind") {
  TempDir dir;
  Status missing_dir = GraphImageFile::Write(dir / "no/graph.image", SmallImage().data());
  CHECK(missing_dir.code() == StatusCode::kIOError);
  CHECK(Mentions(missing_dir, dir / "no/graph.image"));
  // A directory in the target's place: refused, and nothing written beside it.
  std::filesystem::create_directory(dir / "graph.image");
  Status refused = GraphImageFile::Write(dir / "graph.image", SmallImage().data());
  CHECK(refused.code() == StatusCode::kInvalidArgument);
  CHECK(Mentions(refused, "is a directory"));
  size_t entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    CHECK(e.path().filename() == "graph.image");
    ++entries;
  }
  CHECK(entries == 1);
}

TEST_CASE("graph image file: the writer refuses a vertex out of range") {
  TempDir dir;
  SmallImage image;
  image.adjacency[2].target = 3;
  Status s = GraphImageFile::Write(dir / "graph.image", image.data());
  CHECK(s.code() == StatusCode::kInvalidArgument);
  image = SmallImage();
  image.rowstart.back() = 5;
  CHECK(GraphImageFile::Write(dir / "graph.image", image.data()).code() ==
        StatusCode::kInvalidArgument);
  CHECK(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace landscape
