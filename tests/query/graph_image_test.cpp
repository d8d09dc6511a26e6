// Tests of the persisted graph image (query/graph_image.hpp): every query that reads it must
// answer exactly as it does from the store, and a stale or damaged image must be ignored.

#include "query/graph_image.hpp"

#include <doctest/doctest.h>

#include <filesystem>

#include "query/funding_tables.hpp"
#include "query/graph_queries.hpp"
#include "tests/query/query_test_util.hpp"
#include "tools/bench/market_generator.hpp"

namespace landscape_bench {
const char kProgramName[] = "query_tests";
}  // namespace landscape_bench

namespace landscape {
namespace {

using testing::TempDir;
using namespace testing::query;

constexpr int kCompanies = 40;

// A generated market of 4,000 relations (400 organisations) in a new store, without an image.
std::unique_ptr<Store> GeneratedStore(const TempDir& dir) {
  std::string file = dir / "market.jsonl";
  landscape_bench::Generate(file, 4000, 7);
  auto store = EmptyStore(dir);
  REQUIRE_OK(ImportFiles(store.get(), {ImportInput{file, true}}));
  return store;
}

std::string Company(int i) { return landscape_bench::CompanyId(i); }

// Everything the image can answer, read as the CLI would.
struct Answers {
  std::vector<ResultTable> ranks;
  std::vector<ResultTable> neighbours;
  std::vector<int64_t> path_hops;
};

RankRequest By(std::string metric) {
  return RankRequest{std::move(metric), "", 100000};  // every entity
}

Answers Ask(const Store& store) {
  Answers a;
  // Every value, and the first 7, where the image makes exact values only near the cut: the
  // cut must not change the order. USD totals are stored in the image; other currencies are
  // summed from its rounds.
  for (size_t limit : {size_t{100000}, size_t{7}}) {
    for (const char* m : {"pagerank", "degree", "total-raised"}) {
      RankRequest request = By(m);
      request.limit = limit;
      for (ResultTable& t : Ok(RankTables(store, request))) a.ranks.push_back(std::move(t));
    }
    // With the entities left out, and why: the image finds them as the view does.
    RankRequest in_euros = By("total-raised");
    in_euros.limit = limit;
    for (ResultTable& t : Ok(RankTables(store, in_euros, ReadContext{std::nullopt, "EUR"}))) {
      a.ranks.push_back(std::move(t));
    }
  }
  for (int i = 0; i < kCompanies; ++i) {
    a.neighbours.push_back(Ok(CoInvestedCompaniesTable(store, Company(i))));
  }
  for (int i = 0; i < kCompanies / 2; ++i) {
    PathRequest request;
    request.from = Company(i);
    request.to = Company(kCompanies - 1 - i);
    request.max_hops = 12;
    auto tables = PathTables(store, request);
    if (!tables.ok()) {
      CHECK(tables.status().code() == StatusCode::kNotFound);
      a.path_hops.push_back(-1);
      continue;
    }
    const ResultTable& hops = (*tables)[1];
    // The hops chain from one end to the other.
    std::string at = Company(i);
    for (const auto& row : hops.rows) {
      CHECK(Text(row[ColumnOf(hops, "from_id")]) == at);
      at = Text(row[ColumnOf(hops, "to_id")]);
    }
    CHECK(at == Company(kCompanies - 1 - i));
    a.path_hops.push_back(static_cast<int64_t>(hops.rows.size()));
  }
  return a;
}

void CheckSame(const Answers& image, const Answers& live) {
  REQUIRE(image.ranks.size() == live.ranks.size());
  for (size_t i = 0; i < live.ranks.size(); ++i) {
    CAPTURE(i);
    CHECK((live.ranks[i].name == "omitted" || !live.ranks[i].rows.empty()));
    CHECK(image.ranks[i].name == live.ranks[i].name);
    CHECK(image.ranks[i].title == live.ranks[i].title);
    CHECK(image.ranks[i].rows == live.ranks[i].rows);
  }
  // Companies without a total are there to be listed.
  CHECK(std::any_of(live.ranks.begin(), live.ranks.end(),
                    [](const ResultTable& t) { return t.name == "omitted" && !t.rows.empty(); }));
  size_t non_empty = 0;
  for (size_t i = 0; i < live.neighbours.size(); ++i) {
    CAPTURE(Company(static_cast<int>(i)));
    non_empty += !live.neighbours[i].rows.empty();
    CHECK(image.neighbours[i].rows == live.neighbours[i].rows);
  }
  CHECK(non_empty > kCompanies / 2);
  // Shortest paths are rarely unique: their lengths must agree.
  CHECK(image.path_hops == live.path_hops);
  CHECK(std::count(live.path_hops.begin(), live.path_hops.end(), -1) < kCompanies / 4);
}

TEST_CASE("graph image: rank, shared-investors and path answer as they do from the store") {
  TempDir dir;
  auto store = GeneratedStore(dir);
  REQUIRE(GraphImage::OpenIfCurrent(*store) == nullptr);
  Answers live = Ask(*store);
  REQUIRE_OK(GraphImage::Rebuild(*store));
  auto image = GraphImage::OpenIfCurrent(*store);
  REQUIRE(image != nullptr);
  CHECK(image->vertex_count() > 400);
  CHECK(!image->rounds().empty());
  CheckSame(Ask(*store), live);
}

TEST_CASE("graph image: readers use the writer's image until a write makes it stale") {
  TempDir dir;
  auto writer = GeneratedStore(dir);
  REQUIRE_OK(GraphImage::Rebuild(*writer));
  {
    auto reader = Store::Open(writer->path(), OpenMode::kRead);
    REQUIRE_OK(reader);
    CHECK(GraphImage::OpenIfCurrent(**reader) != nullptr);
  }
  REQUIRE_OK(AddEntity(writer.get(), EntitySpec{"newco", "company", "NewCo", {}, {}, {}, ""}));
  CHECK(GraphImage::OpenIfCurrent(*writer) == nullptr);
  auto reader = Store::Open(writer->path(), OpenMode::kRead);
  REQUIRE_OK(reader);
  CHECK(GraphImage::OpenIfCurrent(**reader) == nullptr);
  // Without the image the answers come from the store, and they include the new entity.
  ResultTable degree = Ok(RankTable(**reader, By("degree")));
  std::vector<std::string> ids = ColumnTexts(degree, "id");
  CHECK(std::find(ids.begin(), ids.end(), "newco") != ids.end());
}

// Where to damage an image: the middle of its header and of each of its sections, by the
// section table of the file itself, so that a new section is covered without a new test.
struct Damage {
  std::string name;
  std::optional<ImageSectionId> section;  // none: the header
  uint64_t offset;
};
std::vector<Damage> DamageTargets(const std::string& path) {
  auto file = GraphImageFile::Map(path);
  REQUIRE_OK(file);
  std::vector<Damage> targets{{"header", std::nullopt, (*file)->header_size() / 2}};
  for (const ImageSectionExtent& s : (*file)->sections()) {
    REQUIRE(s.size > 0);
    targets.push_back({std::string(s.name), s.id, s.offset + s.size / 2});
  }
  return targets;
}

// A query that reads only some sections gets the image unless one of them is damaged; when
// the damage is in a section verified as it is read (all but the rounds and the rank orders),
// it may get the image, and reading all of it must then find the damage.
void CheckPartialOpens(const Store& store, const Damage& damage) {
  for (std::span<const ImageSectionId> reads :
       {std::span<const ImageSectionId>(kImageReadsWalk),
        std::span<const ImageSectionId>(kImageReadsPageRank),
        std::span<const ImageSectionId>(kImageReadsTotals),
        std::span<const ImageSectionId>(kImageReadsRounds),
        std::span<const ImageSectionId>(kImageReadsDegree)}) {
    auto reads_it = [&](ImageSectionId id) {
      return std::find(reads.begin(), reads.end(), id) != reads.end();
    };
    auto image = GraphImage::OpenIfCurrent(store, reads);
    if (damage.section && !reads_it(*damage.section)) {
      CHECK(image != nullptr);
      continue;
    }
    if (!image) continue;
    CHECK(damage.section != ImageSectionId::kRounds);
    CHECK(damage.section != ImageSectionId::kByPageRank);
    CHECK(damage.section != ImageSectionId::kByTotalRaised);
    keys::EntityNumber last = 0;
    for (uint32_t v = 0; v < image->vertex_count(); ++v) {
      if (reads_it(ImageSectionId::kNumbers)) last = std::max(last, image->number(v));
      if (reads_it(ImageSectionId::kRowStart)) image->degree(v);
      if (reads_it(ImageSectionId::kAdjacency)) image->edges(v);
      if (reads_it(ImageSectionId::kKinds)) image->kind(v);
      if (reads_it(ImageSectionId::kPageRank)) image->pagerank(v);
      if (reads_it(ImageSectionId::kTotals)) image->total_raised(v);
    }
    for (keys::EntityNumber n = 0; reads_it(ImageSectionId::kIndex) && n <= last; ++n) {
      image->vertex(n);
    }
    CHECK(image->damaged());
  }
}

TEST_CASE("graph image: a damaged image is ignored and the store answers") {
  TempDir dir;
  auto store = GeneratedStore(dir);
  Answers live = Ask(*store);
  REQUIRE_OK(GraphImage::Rebuild(*store));
  std::string path = store->graph_image_path();
  auto targets = DamageTargets(path);
  CHECK(targets.size() > 10);
  for (const Damage& damage : targets) {  // a flipped byte in the header and in each section
    CAPTURE(damage.name);
    testing::FlipByte(path, damage.offset);
    CHECK(GraphImage::OpenIfCurrent(*store) == nullptr);
    CheckPartialOpens(*store, damage);
    CheckSame(Ask(*store), live);
    testing::FlipByte(path, damage.offset);
    CHECK(GraphImage::OpenIfCurrent(*store) != nullptr);
  }
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 8);
  CHECK(GraphImage::OpenIfCurrent(*store) == nullptr);
  CheckSame(Ask(*store), live);
  testing::WriteFile(path, "not an image");
  CHECK(GraphImage::OpenIfCurrent(*store) == nullptr);
}

}  // namespace
}  // namespace landscape
