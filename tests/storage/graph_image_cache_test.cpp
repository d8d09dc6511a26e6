// Tests of GraphImageCache (storage/graph_image_cache.hpp): a file is mapped once and kept
// while it is the same file, and a replaced, damaged or removed file is never served.

#include "storage/graph_image_cache.hpp"

#include <doctest/doctest.h>

#include <filesystem>

#include "tests/storage/small_graph_image.hpp"
#include "tests/test_support.hpp"

namespace landscape {
namespace {

using testing::SmallImage;
using testing::TempDir;

TEST_CASE("graph image cache: the same file is mapped once, a replaced one again") {
  TempDir dir;
  std::string path = dir / "graph.image";
  GraphImageCache cache(path);
  CHECK(cache.Get().status().code() == StatusCode::kNotFound);

  REQUIRE_OK(GraphImageFile::Write(path, SmallImage().data(7)));
  auto first = cache.Get();
  REQUIRE_OK(first);
  CHECK((*first)->data().store_stamp == 7);
  REQUIRE_OK((*first)->VerifyRecords(ImageSectionId::kAdjacency, 0, 4));
  auto again = cache.Get();
  REQUIRE_OK(again);
  CHECK(again->get() == first->get());

  REQUIRE_OK(GraphImageFile::Write(path, SmallImage().data(8)));
  auto replaced = cache.Get();
  REQUIRE_OK(replaced);
  CHECK(replaced->get() != first->get());
  CHECK((*replaced)->data().store_stamp == 8);
  CHECK((*first)->data().store_stamp == 7);  // a holder keeps the file it had

  std::filesystem::remove(path);
  CHECK(cache.Get().status().code() == StatusCode::kNotFound);
}

TEST_CASE("graph image cache: a damaged replacement is verified afresh") {
  TempDir dir;
  std::string path = dir / "graph.image";
  REQUIRE_OK(GraphImageFile::Write(path, SmallImage().data()));
  GraphImageCache cache(path);
  auto clean = cache.Get();
  REQUIRE_OK(clean);
  REQUIRE_OK((*clean)->VerifySection(ImageSectionId::kAdjacency));

  uint64_t adjacency = 0;
  for (const ImageSectionExtent& s : (*clean)->sections()) {
    if (s.id == ImageSectionId::kAdjacency) adjacency = s.offset;
  }
  REQUIRE(adjacency > 0);
  testing::FlipByte(path, adjacency + 1);
  auto damaged = cache.Get();
  REQUIRE_OK(damaged);
  CHECK(damaged->get() != clean->get());
  CHECK((*damaged)->VerifySection(ImageSectionId::kAdjacency).code() == StatusCode::kCorruption);

  testing::FlipByte(path, (*damaged)->header_size() / 2);
  CHECK(cache.Get().status().code() == StatusCode::kCorruption);
}

}  // namespace
}  // namespace landscape
