#include "storage/importer.hpp"

#include <doctest/doctest.h>

#include <sstream>

#include <fmt/format.h>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>
#include <nlohmann/json.hpp>

#include "core/document_codec.hpp"
#include "query/catalog.hpp"
#include "storage/exporter.hpp"
#include "storage/record_codec.hpp"
#include "storage/store_checker.hpp"
#include "storage/store_edits.hpp"
#include "storage/store_handles.hpp"
#include "tests/test_support.hpp"

namespace landscape {
namespace {

using testing::TempDir;

std::unique_ptr<Store> NewStore(const TempDir& dir, const std::string& name = "s.db") {
  auto store = Store::Create(dir / name);
  REQUIRE_OK(store);
  return std::move(store).value();
}

std::string Export(const Store& store, ExportForm form = ExportForm::kDocument) {
  std::ostringstream out;
  Status s = ExportStore(store, form, out);
  REQUIRE_OK(s);
  return out.str();
}

Result<ImportSummary> ImportText(Store* store, const std::string& text, ImportOptions options = {},
                                 bool lines = false) {
  Importer importer(store, std::move(options));
  if (lines) {
    std::istringstream in(text);
    LANDSCAPE_RETURN_IF_ERROR(importer.AddJsonLines("in.jsonl", in));
  } else {
    LANDSCAPE_RETURN_IF_ERROR(importer.AddDocument("in.json", text));
  }
  return importer.Commit();
}

std::string Dataset() { return testing::ReadFile(testing::BundledDataset()); }

void CheckSound(const Store& store) {
  auto report = CheckStore(store);
  REQUIRE_OK(report);
  CHECK_MESSAGE(report->problems.empty(), report->problems.front());
}

constexpr const char* kSmallLines = R"({"format":"landscape/1"}
{"type":"relation","relation":"rival_of","from":"beta","to":"alpha"}
{"type":"relation","relation":"invested_in","from":"fund","to":"alpha-a","properties":{"lead":true}}
{"type":"relation","relation":"raised","from":"alpha","to":"alpha-a"}
{"type":"entity","id":"alpha","kind":"company","name":"Alpha","aliases":["阿尔法"]}
{"type":"entity","id":"beta","kind":"company","name":"Beta"}
{"type":"entity","id":"fund","kind":"investor","name":"Fund One"}
{"type":"entity","id":"alpha-a","kind":"funding_round","name":"Alpha Series A","attributes":{"amount":"$5M"}}
)";

TEST_CASE("the bundled dataset imports, checks clean and re-imports as a no-op") {
  TempDir dir;
  auto store = NewStore(dir);
  auto first = ImportText(store.get(), Dataset());
  REQUIRE_OK(first);
  CHECK(first->entities_added > 5);
  CHECK(first->relations_added > 5);
  CheckSound(*store);
  std::string before = Export(*store);
  auto again = ImportText(store.get(), Dataset());
  REQUIRE_OK(again);
  CHECK(again->writes == 0);
  CHECK(again->entities_unchanged == first->entities_added);
  CHECK(Export(*store) == before);
}

// A store of format 1 holds MessagePack records. This build reads them, marks the store as
// format 2 when it opens it for writing, and a re-import of the same facts changes nothing,
// although the bytes it would write now differ from those stored.
TEST_CASE("a format 1 store with MessagePack records reads, upgrades and re-imports as a no-op") {
  TempDir dir;
  std::string path = dir / "old.db";
  std::string before;
  size_t rewritten = 0;
  {
    auto store = NewStore(dir, "old.db");
    REQUIRE_OK(ImportText(store.get(), Dataset()));
    before = Export(*store);
    const StoreHandles& h = store->handles();
    auto msgpack = [](const nlohmann::json& j) {
      std::string out;
      nlohmann::json::to_msgpack(j, out);
      return out;
    };
    rocksdb::WriteBatch batch;
    REQUIRE_OK(store->ScanEntityRecords([&](keys::EntityNumber n, std::string_view record) {
      auto e = DecodeEntity(record, store->schema());
      REQUIRE_OK(e);
      batch.Put(h.cf(ColumnFamily::kEntities), keys::EntityKey(n), msgpack(EntityToJson(*e)));
      ++rewritten;
      return Status::Ok();
    }));
    REQUIRE_OK(store->ScanAllRelations([&](const keys::EdgeKeyParts& k, std::string_view value) {
      const RelationTypeDef* def = store->schema().FindRelationByTag(k.type);
      auto r = DecodeRelationValue(value, def->name, "a", "b", store->schema());
      REQUIRE_OK(r);
      nlohmann::json j = RelationToJson(*r);
      j.erase("relation");
      j.erase("from");
      j.erase("to");
      batch.Put(h.cf(ColumnFamily::kOut), keys::EdgeKey(k.first, k.type, k.second), msgpack(j));
      ++rewritten;
      return Status::Ok();
    }));
    batch.Put(h.cf(ColumnFamily::kMeta), std::string(keys::kMetaFormat), "1");
    REQUIRE(h.db->Write(rocksdb::WriteOptions(), &batch).ok());
  }
  REQUIRE(rewritten > 10);
  auto meta_format = [](const Store& store) {
    std::string value;
    const StoreHandles& h = store.handles();
    REQUIRE(h.db->Get(rocksdb::ReadOptions(), h.cf(ColumnFamily::kMeta),
                      std::string(keys::kMetaFormat), &value)
                .ok());
    return value;
  };
  {
    auto reader = Store::Open(path, OpenMode::kRead);
    REQUIRE_OK(reader);
    CHECK(meta_format(**reader) == "1");
    CHECK(Export(**reader) == before);
  }
  auto writer = Store::Open(path, OpenMode::kWrite);
  REQUIRE_OK(writer);
  CHECK(meta_format(**writer) == std::to_string(keys::kFormatVersion));
  CheckSound(**writer);
  auto again = ImportText(writer->get(), Dataset());
  REQUIRE_OK(again);
  CHECK(again->writes == 0);
  CHECK(again->relations_updated == 0);
  CHECK(again->relations_unchanged > 5);
  CHECK(Export(**writer) == before);
}

TEST_CASE("export, import into a new store, export again: byte-identical") {
  TempDir dir;
  auto a = NewStore(dir, "a.db");
  REQUIRE_OK(ImportText(a.get(), Dataset()));
  std::string first = Export(*a);
  auto b = NewStore(dir, "b.db");
  REQUIRE_OK(ImportText(b.get(), first));
  CHECK(Export(*b) == first);
  std::string lines = Export(*a, ExportForm::kJsonLines);
  auto c = NewStore(dir, "c.db");
  REQUIRE_OK(ImportText(c.get(), lines, {}, /*lines=*/true));
  CHECK(Export(*c) == first);
}

TEST_CASE("a failure injected halfway leaves the store unchanged") {
  TempDir dir;
  auto store = NewStore(dir);
  REQUIRE_OK(ImportText(store.get(), Dataset()));
  std::string before = Export(*store);
  for (const char* point : {"record", "before-commit"}) {
    for (size_t limit : {size_t{50000}, size_t{0}}) {  // batch path, then SST ingestion
      CAPTURE(point);
      CAPTURE(limit);
      int records = 0;
      ImportOptions options;
      options.batch_write_limit = limit;
      options.fault_injection = [&](std::string_view at) {
        if (at == "record" && ++records < 4) return Status::Ok();
        if (at != point) return Status::Ok();
        return Status::IOError("injected failure at " + std::string(at));
      };
      auto result = ImportText(store.get(), kSmallLines, options, true);
      REQUIRE_FALSE(result.ok());
      CHECK(result.status().message().find("injected failure") != std::string::npos);
      CHECK(Export(*store) == before);
      CheckSound(*store);
    }
  }
}

TEST_CASE("forward references resolve; the batch and the ingestion paths agree") {
  TempDir dir;
  auto batch = NewStore(dir, "batch.db");
  auto batch_result = ImportText(batch.get(), kSmallLines, {}, true);
  REQUIRE_OK(batch_result);
  CHECK_FALSE(batch_result->ingested_as_files);
  ImportOptions spill;
  spill.memory_budget_bytes = 600;  // forces several spilled runs per column family
  spill.batch_write_limit = 0;
  auto files = NewStore(dir, "files.db");
  auto files_result = ImportText(files.get(), kSmallLines, spill, true);
  REQUIRE_OK(files_result);
  CHECK(files_result->ingested_as_files);
  CHECK(Export(*files) == Export(*batch));
  CheckSound(*files);
  CHECK(batch_result->relations_added == 3);
}

TEST_CASE("a symmetric relation is stored once whichever way it is written") {
  TempDir dir;
  auto store = NewStore(dir);
  REQUIRE_OK(ImportText(store.get(), kSmallLines, {}, true));
  auto again = ImportText(store.get(),
                          R"({"type":"relation","relation":"rival_of","from":"alpha","to":"beta"})",
                          {}, true);
  REQUIRE_OK(again);
  CHECK(again->writes == 0);
  std::string exported = Export(*store);
  CHECK(exported.find(R"("from":"alpha","relation":"rival_of","to":"beta")") != std::string::npos);
}

TEST_CASE("upserts merge: aliases and claims are unioned, a new name replaces the old") {
  TempDir dir;
  auto store = NewStore(dir);
  REQUIRE_OK(ImportText(store.get(), kSmallLines, {}, true));
  auto update = ImportText(
      store.get(),
      R"({"type":"entity","id":"alpha","kind":"company","name":"Alpha Labs","aliases":["AL"],"attributes":{"country":"China"}})",
      {}, true);
  REQUIRE_OK(update);
  CHECK(update->entities_updated == 1);
  auto alpha = store->GetEntity("alpha");
  REQUIRE_OK(alpha);
  REQUIRE(alpha->has_value());
  CHECK((*alpha)->name == "Alpha Labs");
  CHECK((*alpha)->aliases == std::vector<std::string>{"阿尔法", "AL"});
  CHECK((*alpha)->attributes.count("country") == 1);
  CHECK(ResolveEntity(*store, "alpha labs").ok());
  CHECK_FALSE(ResolveEntity(*store, "Alpha").ok());  // the old name left the index
  CHECK(ResolveEntity(*store, "阿尔法").ok());
  CheckSound(*store);
}

TEST_CASE("an entity cannot change kind through an import") {
  TempDir dir;
  auto store = NewStore(dir);
  REQUIRE_OK(ImportText(store.get(), kSmallLines, {}, true));
  auto result = ImportText(
      store.get(), R"({"type":"entity","id":"beta","kind":"investor","name":"Beta"})", {}, true);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().message().find("in.jsonl:1:") == 0);
  CHECK(result.status().message().find("is of kind company in the store") != std::string::npos);
}

TEST_CASE("a relation is merged when it appears twice, here and in the store") {
  TempDir dir;
  auto store = NewStore(dir);
  REQUIRE_OK(ImportText(store.get(), kSmallLines, {}, true));
  auto result = ImportText(store.get(),
                           R"({"type":"source","id":"memo","name":"Memo"}
{"type":"relation","relation":"invested_in","from":"fund","to":"alpha-a","properties":{"amount":"$1M"},"sources":["memo"]}
{"type":"relation","relation":"invested_in","from":"fund","to":"alpha-a","properties":{"amount":"$1M"},"confidence":"reported"})",
                           {}, true);
  REQUIRE_OK(result);
  CHECK(result->relations_updated == 1);
  std::string exported = Export(*store);
  CHECK(
      exported.find(
          R"({"confidence":"reported","from":"fund","properties":{"amount":"1000000 USD","lead":true},"relation":"invested_in","sources":["memo"],"to":"alpha-a"})") !=
      std::string::npos);
}

TEST_CASE("unresolved references fail at Commit naming where they were made") {
  TempDir dir;
  auto store = NewStore(dir);
  auto result = ImportText(store.get(), R"({"format":"landscape/1"}
{"type":"entity","id":"alpha","kind":"company","name":"Alpha"}
{"type":"relation","relation":"rival_of","from":"alpha","to":"ghost"})",
                           {}, true);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().message() == "in.jsonl:3: at /to: unknown entity 'ghost'");
  // The place is data too, so that a face can point at it without parsing the message.
  auto location = result.status().location();
  REQUIRE(location.has_value());
  CHECK(location->file == "in.jsonl");
  CHECK(location->line == 3);
  CHECK(location->pointer == "/to");
}

TEST_CASE("a malformed line and a bad value keep their code and carry their place") {
  TempDir dir;
  auto store = NewStore(dir);
  auto parse = ImportText(store.get(), "{\"format\":\"landscape/1\"}\n{\"type\": }\n", {}, true);
  REQUIRE_FALSE(parse.ok());
  CHECK(parse.status().code() == StatusCode::kInvalidArgument);
  REQUIRE(parse.status().location().has_value());
  CHECK(parse.status().location()->line == 2);
  auto bad_date = ImportText(store.get(), R"({"format": "landscape/1", "entities": [
  {"id": "alpha", "kind": "company", "name": "Alpha",
   "attributes": {"founded": "2026-13"}}]})");
  REQUIRE_FALSE(bad_date.ok());
  CHECK(bad_date.status().code() == StatusCode::kInvalidArgument);
  REQUIRE(bad_date.status().location().has_value());
  CHECK(bad_date.status().location()->file == "in.json");
  CHECK(bad_date.status().location()->line == 3);
  CHECK(bad_date.status().location()->pointer == "/entities/0/attributes/founded");
  CHECK(bad_date.status().message().rfind("in.json:3: at /entities/0/attributes/founded: ", 0) ==
        0);
}

TEST_CASE("a forward reference of the wrong kind is reported where it was made") {
  TempDir dir;
  auto store = NewStore(dir);
  auto result =
      ImportText(store.get(), R"({"type":"relation","relation":"raised","from":"alpha","to":"beta"}
{"type":"entity","id":"alpha","kind":"company","name":"Alpha"}
{"type":"entity","id":"beta","kind":"company","name":"Beta"})",
                 {}, true);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().message().find(
            "in.jsonl:1: at /to: a raised relation cannot end at 'beta' (kind company") == 0);
}

TEST_CASE("a schema extension is imported, kept and exported") {
  TempDir dir;
  auto store = NewStore(dir);
  const char* doc = R"({"format": "landscape/1",
  "schema": {"kinds": {"product": {"attributes": {"launched": "date"}}},
             "relations": {"makes": {"from": ["company"], "to": ["product"]}}},
  "entities": [
    {"id": "alpha", "kind": "company", "name": "Alpha"},
    {"id": "widget", "kind": "product", "name": "Widget", "attributes": {"launched": "2025-06"}}
  ],
  "relations": [{"relation": "makes", "from": "alpha", "to": "widget"}]
})";
  auto result = ImportText(store.get(), doc);
  REQUIRE_OK(result);
  CHECK(result->schema_changed);
  std::string path = store->path();
  std::string exported = Export(*store);
  store.reset();
  auto reopened = Store::Open(path, OpenMode::kRead);
  REQUIRE_OK(reopened);
  CHECK((*reopened)->schema().FindKind("product") != nullptr);
  CHECK(Export(**reopened) == exported);
  CHECK(exported.find(R"("schema": {"kinds":{"product":{"attributes":{"launched":"date"}}})") !=
        std::string::npos);
}

TEST_CASE("add entity and add relation validate like an import") {
  TempDir dir;
  auto store = NewStore(dir);
  REQUIRE_OK(ImportText(store.get(), kSmallLines, {}, true));
  EntitySpec spec{"gamma", "company", "Gamma", {"伽马"}, {"valuation=~$2B"}, {}, ""};
  auto added = AddEntity(store.get(), spec);
  REQUIRE_OK(added);
  auto gamma = store->GetEntity("gamma");
  REQUIRE_OK(gamma);
  REQUIRE(gamma->has_value());
  const Money& valuation = std::get<Money>((*gamma)->attributes.at("valuation")[0].value.data);
  CHECK(valuation.approximate);
  CHECK(valuation.amount.ToString() == "2000000000");
  auto bad = AddRelation(store.get(), RelationSpec{"raised", "fund", "alpha-a", {}, {}, ""});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("cannot start at 'fund' (kind investor; allowed: company)") !=
        std::string::npos);
  auto bad_attr = AddEntity(
      store.get(), EntitySpec{"delta", "company", "Delta", {}, {"founded=2026-13"}, {}, ""});
  REQUIRE_FALSE(bad_attr.ok());
  CHECK(bad_attr.status().message().find("month must be 01 to 12") != std::string::npos);
}

TEST_CASE("removing an entity removes its relations and names") {
  TempDir dir;
  auto store = NewStore(dir);
  REQUIRE_OK(ImportText(store.get(), kSmallLines, {}, true));
  Status removed = store->RemoveEntity("alpha").status();
  REQUIRE_OK(removed);
  CheckSound(*store);
  CHECK_FALSE(ResolveEntity(*store, "阿尔法").ok());
  CHECK(Export(*store).find("\"alpha\"") == std::string::npos);
  CHECK(store->RemoveEntity("alpha").status().code() == StatusCode::kNotFound);
}

}  // namespace
}  // namespace landscape

namespace landscape {
namespace {

TEST_CASE("import reports progress in records and bytes of the inputs") {
  TempDir dir;
  auto store = NewStore(dir);
  std::string lines;
  for (int i = 0; i < 10000; ++i) {
    lines += fmt::format(R"({{"type":"entity","id":"c{}","kind":"company","name":"C {}"}})", i, i) +
             "\n";
  }
  testing::WriteFile(dir / "many.jsonl", lines);
  std::vector<ImportProgress> seen;
  ImportOptions options;
  options.progress = [&](const ImportProgress& p) { seen.push_back(p); };
  REQUIRE_OK(ImportFiles(store.get(), {ImportInput{dir / "many.jsonl", false}}, options));
  REQUIRE(seen.size() == 2);  // every 4096 records
  CHECK(seen[0].records == 4096);
  CHECK(seen[1].records == 8192);
  for (const ImportProgress& p : seen) CHECK(p.bytes_total == lines.size());
  CHECK(seen[0].bytes_read < seen[1].bytes_read);
  CHECK(seen[1].bytes_read < lines.size());
}

}  // namespace
}  // namespace landscape
