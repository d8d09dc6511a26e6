#include "storage/store.hpp"

#include <doctest/doctest.h>
#include <rocksdb/db.h>
#include <rocksdb/metadata.h>

#include <cstdlib>
#include <filesystem>

#include "storage/importer.hpp"
#include "storage/store_edits.hpp"
#include "storage/store_handles.hpp"
#include "tests/test_support.hpp"

namespace landscape {
namespace {

using testing::TempDir;

TEST_CASE("a missing store is reported with how to create one") {
  TempDir dir;
  auto store = Store::Open(dir / "nope.db", OpenMode::kRead);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == StatusCode::kNotFound);
  CHECK(store.status().message().find("landscape init") != std::string::npos);
}

TEST_CASE("a directory that is not a store is refused") {
  TempDir dir;
  testing::WriteFile(dir / "notes.txt", "hello");
  auto store = Store::Open(dir.path(), OpenMode::kWrite);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().message().find("is not a Landscape store") != std::string::npos);
}

TEST_CASE("a plain RocksDB database is not a Landscape store") {
  TempDir dir;
  std::string path = dir / "plain";
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    REQUIRE(rocksdb::DB::Open(options, path, &db).ok());
    delete db;
  }
  auto store = Store::Open(path, OpenMode::kRead);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().message().find("not a Landscape store") != std::string::npos);
}

// A writer's refusal comes after RocksDB has opened the store, with the open lock held:
// closing the half-opened writer must not wait for that lock (it did, and hung for good).
TEST_CASE("a store of a newer format is refused with a clear message, by readers and writers") {
  TempDir dir;
  std::string path = dir / "s.db";
  {
    auto store = Store::Create(path);
    REQUIRE_OK(store);
    const StoreHandles& h = (*store)->handles();
    REQUIRE(h.db->Put(rocksdb::WriteOptions(), h.cf(ColumnFamily::kMeta), "format",
                      std::to_string(keys::kFormatVersion + 1))
                .ok());
  }
  for (OpenMode mode : {OpenMode::kRead, OpenMode::kWrite}) {
    auto store = Store::Open(path, mode);
    REQUIRE_FALSE(store.ok());
    CHECK(store.status().code() == StatusCode::kNotSupported);
    CHECK(store.status().message().find("newer than this build") != std::string::npos);
  }
}

TEST_CASE("a second writer gets a clear busy error; readers still open") {
  TempDir dir;
  std::string path = dir / "s.db";
  auto writer = Store::Create(path);
  REQUIRE_OK(writer);
  auto second = Store::Open(path, OpenMode::kWrite);
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().code() == StatusCode::kBusy);
  CHECK(second.status().message().find("in use by another writer") != std::string::npos);
  auto reader = Store::Open(path, OpenMode::kRead);
  CHECK_OK(reader);
}

TEST_CASE("creating over an existing store is refused") {
  TempDir dir;
  std::string path = dir / "s.db";
  REQUIRE_OK(Store::Create(path));
  auto again = Store::Create(path);
  REQUIRE_FALSE(again.ok());
  CHECK(again.status().code() == StatusCode::kAlreadyExists);
}

TEST_CASE("a reader leaves no temporary directory behind, from the moment it is open") {
  TempDir dir;
  std::string path = dir / "s.db";
  REQUIRE_OK(Store::Create(path));
  std::string tmp = dir / "tmp";
  std::filesystem::create_directory(tmp);
  const char* old_tmpdir = std::getenv("TMPDIR");
  std::string saved = old_tmpdir ? old_tmpdir : "";
  setenv("TMPDIR", tmp.c_str(), 1);
  {
    auto reader = Store::Open(path, OpenMode::kRead);
    REQUIRE_OK(reader);
    // Open and readable, with nothing of it left in TMPDIR for a kill -9 to leak.
    CHECK(std::filesystem::is_empty(tmp));
    CHECK((*reader)->LatestSequence() > 0);
    auto absent = (*reader)->LookupId("nothing");
    REQUIRE_OK(absent);
    CHECK_FALSE(absent->has_value());
  }
  CHECK(std::filesystem::is_empty(tmp));
  if (old_tmpdir) {
    setenv("TMPDIR", saved.c_str(), 1);
  } else {
    unsetenv("TMPDIR");
  }
}

// Each change is one short-lived writer; without the merge at close, the families keyed by
// change number kept one small file per change (about 50 each after 300 edits).
TEST_CASE("many small changes leave a bounded number of small files in every family") {
  TempDir dir;
  std::string path = dir / "s.db";
  {
    auto store = Store::Create(path);
    REQUIRE_OK(store);
    Importer importer(store->get(), {});
    REQUIRE_OK(importer.AddDocument("in.json", testing::ReadFile(testing::BundledDataset())));
    REQUIRE_OK(importer.Commit());
  }
  for (int i = 0; i < 40; ++i) {
    auto store = Store::Open(path, OpenMode::kWrite);
    REQUIRE_OK(store);
    EntitySpec spec;
    spec.id = "catl";
    spec.attributes = {"headquarters=Ningde " + std::to_string(i)};
    REQUIRE_OK(AddEntity(store->get(), spec));
  }
  auto store = Store::Open(path, OpenMode::kRead);
  REQUIRE_OK(store);
  const StoreHandles& h = (*store)->handles();
  for (ColumnFamily cf : {ColumnFamily::kEntities, ColumnFamily::kChanges, ColumnFamily::kUndo}) {
    std::string family = ColumnFamilyName(cf);
    CAPTURE(family);
    rocksdb::ColumnFamilyMetaData meta;
    h.db->GetColumnFamilyMetaData(h.cf(cf), &meta);
    size_t small = 0;
    for (const rocksdb::LevelMetaData& level : meta.levels) {
      if (level.level <= 1) small += level.files.size();
    }
    CHECK(small <= 7);  // at most 6 before a close merges them, and the change's own
  }
  auto entity = (*store)->GetEntity("catl");
  REQUIRE_OK(entity);
  REQUIRE(entity->has_value());
  CHECK((*entity)->attributes.at("headquarters").size() == 40);  // every change kept
}

// A writer that writes nothing still starts a log; RocksDB kept each such empty file for good,
// and every reader's open read them all (six sessions left six).
TEST_CASE("writers that change nothing leave no write-ahead logs behind") {
  TempDir dir;
  std::string path = dir / "s.db";
  REQUIRE_OK(Store::Create(path));
  for (int i = 0; i < 6; ++i) REQUIRE_OK(Store::Open(path, OpenMode::kWrite));
  size_t logs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    if (entry.path().extension() == ".log") ++logs;
  }
  CHECK(logs <= 1);
  auto reader = Store::Open(path, OpenMode::kRead);
  REQUIRE_OK(reader);
  CHECK((*reader)->LatestSequence() > 0);
}

}  // namespace
}  // namespace landscape
