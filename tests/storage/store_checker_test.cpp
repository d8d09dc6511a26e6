#include "storage/store_checker.hpp"

#include <doctest/doctest.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "storage/importer.hpp"
#include "storage/store_handles.hpp"
#include "tests/test_support.hpp"

namespace landscape {
namespace {

using testing::TempDir;

// Each case damages a sound store behind the store's back, through RocksDB, and expects the
// damage named: the checker reads by sequential scans, so these are what prove that the scans
// still see what a point read per fact saw.
class DamagedStore {
 public:
  DamagedStore() {
    auto store = Store::Create(dir_ / "s.db");
    REQUIRE_OK(store);
    store_ = std::move(store).value();
    Importer importer(store_.get(), {});
    REQUIRE_OK(importer.AddDocument("in.json", testing::ReadFile(testing::BundledDataset())));
    REQUIRE_OK(importer.Commit());
    auto report = CheckStore(*store_);
    REQUIRE_OK(report);
    REQUIRE_MESSAGE(report->problems.empty(), report->problems.front());
  }

  keys::EntityNumber Number(const std::string& id) const {
    auto entry = store_->LookupId(id);
    REQUIRE_OK(entry);
    REQUIRE(entry->has_value());
    return (*entry)->number;
  }
  void Put(ColumnFamily cf, const std::string& key, const std::string& value) {
    const StoreHandles& h = store_->handles();
    REQUIRE(h.db->Put(rocksdb::WriteOptions(), h.cf(cf), key, value).ok());
  }
  void Delete(ColumnFamily cf, const std::string& key) {
    const StoreHandles& h = store_->handles();
    REQUIRE(h.db->Delete(rocksdb::WriteOptions(), h.cf(cf), key).ok());
  }
  std::string Get(ColumnFamily cf, const std::string& key) {
    const StoreHandles& h = store_->handles();
    std::string value;
    REQUIRE(h.db->Get(rocksdb::ReadOptions(), h.cf(cf), key, &value).ok());
    return value;
  }
  // An `out` key of entity `id`, decoded.
  keys::EdgeKeyParts AnOutEdge(const std::string& id) {
    std::optional<keys::EdgeKeyParts> found;
    REQUIRE_OK(
        store_->ScanEdges(Number(id), EdgeDirection::kOut, std::nullopt, [&](const EdgeRef& e) {
          if (!found) found = keys::EdgeKeyParts{e.self, e.type, e.other};
          return Status::Ok();
        }));
    REQUIRE(found.has_value());
    return *found;
  }

  std::vector<std::string> Problems() {
    auto report = CheckStore(*store_);
    REQUIRE_OK(report);
    return report->problems;
  }

 private:
  TempDir dir_;
  std::unique_ptr<Store> store_;
};

bool Names(const std::vector<std::string>& problems, const std::string& text) {
  return std::any_of(problems.begin(), problems.end(),
                     [&](const std::string& p) { return p.find(text) != std::string::npos; });
}

TEST_CASE("check: an out edge without its mirror is named") {
  DamagedStore s;
  keys::EdgeKeyParts e = s.AnOutEdge("deepseek");
  s.Delete(ColumnFamily::kIn, keys::EdgeKey(e.second, e.type, e.first));
  auto problems = s.Problems();
  CHECK(problems.size() == 1);
  CHECK(Names(problems, "has no mirror in 'in'"));
}

TEST_CASE("check: an in edge without its mirror is named") {
  DamagedStore s;
  keys::EdgeKeyParts e = s.AnOutEdge("deepseek");
  // An `in` key that no `out` key mirrors: from baidu to the edge's other end.
  s.Put(ColumnFamily::kIn, keys::EdgeKey(e.second, e.type, s.Number("baidu")), "");
  auto problems = s.Problems();
  CHECK(problems.size() == 1);
  CHECK(Names(problems, "has no mirror in 'out'"));
}

TEST_CASE("check: an edge moved to another pair leaves two edges without mirrors") {
  DamagedStore s;
  keys::EdgeKeyParts e = s.AnOutEdge("deepseek");
  std::string value = s.Get(ColumnFamily::kOut, keys::EdgeKey(e.first, e.type, e.second));
  s.Delete(ColumnFamily::kOut, keys::EdgeKey(e.first, e.type, e.second));
  s.Put(ColumnFamily::kOut, keys::EdgeKey(e.first, e.type, s.Number("baidu")), value);
  auto problems = s.Problems();
  CHECK(Names(problems, "has no mirror in 'in'"));
  CHECK(Names(problems, "has no mirror in 'out'"));
}

TEST_CASE("check: an id whose entity record is missing, and a record with no id") {
  DamagedStore s;
  keys::EntityNumber deepseek = s.Number("deepseek");
  std::string record = s.Get(ColumnFamily::kEntities, keys::EntityKey(deepseek));
  s.Delete(ColumnFamily::kEntities, keys::EntityKey(deepseek));
  s.Put(ColumnFamily::kEntities, keys::EntityKey(deepseek + 100000), record);
  auto problems = s.Problems();
  CHECK(Names(problems,
              "id 'deepseek' names entity #" + std::to_string(deepseek) + ", which is missing"));
  CHECK(Names(problems,
              "entity #" + std::to_string(deepseek + 100000) + " has no entry in the id index"));
}

TEST_CASE("check: an unreadable record, an id naming another's record, two ids for one") {
  DamagedStore s;
  keys::EntityNumber deepseek = s.Number("deepseek"), baidu = s.Number("baidu");
  s.Put(ColumnFamily::kEntities, keys::EntityKey(deepseek), "\xc1 not a record");
  std::string baidu_entry = s.Get(ColumnFamily::kIds, "baidu");
  s.Put(ColumnFamily::kIds, "baidu-copy", baidu_entry);
  auto problems = s.Problems();
  CHECK(Names(problems, "names entity #" + std::to_string(deepseek) + ", which is unreadable"));
  CHECK(Names(problems, "both name entity #" + std::to_string(baidu)));
}

TEST_CASE("check: a citation of a source whose id entry is gone") {
  DamagedStore s;
  keys::EntityNumber source = s.Number("pandaily-deepseek-series-a");
  s.Delete(ColumnFamily::kIds, "pandaily-deepseek-series-a");
  auto problems = s.Problems();
  INFO(fmt::format("{}", fmt::join(problems, "\n")));
  CHECK(Names(problems, "cites source 'pandaily-deepseek-series-a', which does not exist"));
  CHECK(Names(problems, "entity #" + std::to_string(source) + " has no entry in the id index"));
}

TEST_CASE("check: a name index entry for a name the entity does not have") {
  DamagedStore s;
  s.Put(ColumnFamily::kNames, keys::NameKey("not deepseek", s.Number("deepseek")), "");
  auto problems = s.Problems();
  CHECK(problems.size() == 1);
  CHECK(Names(problems, "name 'not deepseek' points at 'deepseek', which has no such name"));
}

}  // namespace
}  // namespace landscape
