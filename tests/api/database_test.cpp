// The front door as a script would use it: open, import, ask with a read context, export,
// edit, check, all through landscape/database.hpp alone.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "landscape/database.hpp"
#include "tests/test_support.hpp"

namespace landscape::testing {
namespace {

std::unique_ptr<Database> Bundled(const TempDir& dir) {
  auto db = Database::Open(dir / "s.db", OpenMode::kWriteOrCreate);
  REQUIRE_OK(db);
  auto report = (*db)->Import({ImportInput{BundledDataset(), false}});
  REQUIRE_OK(report);
  CHECK(report->summary.entities_added == 11);
  CHECK(report->image.ok());
  return std::move(db).value();
}

// The display text of a cell of the first table.
std::string Cell(const std::vector<ResultTable>& tables, size_t row, size_t column) {
  REQUIRE(!tables.empty());
  REQUIRE(row < tables[0].rows.size());
  const auto& cell = tables[0].rows[row][column];
  return cell ? cell->ToDisplayString() : "";
}

TEST_CASE("front door: a request is a verb's options and the read context") {
  TempDir dir;
  auto db = Bundled(dir);
  auto card = db->Run(Request{ShowRequest{"深度求索"}, ReadContext{}});
  REQUIRE_OK(card);
  REQUIRE((*card)[0].is_record);
  CHECK((*card)[0].columns[0] == "id");
  CHECK(Cell(*card, 0, 0) == "deepseek");

  CompareRequest compare;
  compare.names = {"DeepSeek"};
  auto usd = db->Run(Request{compare, ReadContext{}});
  auto eur = db->Run(Request{compare, ReadContext{std::nullopt, "EUR"}});
  REQUIRE_OK(usd);
  REQUIRE_OK(eur);
  // One row per entity, keyed by id; the measures are columns.
  REQUIRE((*usd)[0].rows.size() == 1);
  CHECK((*usd)[0].rows[0][0].entities().at(0).id == "deepseek");
  const std::vector<std::string>& usd_rows = (*usd)[0].columns;
  const std::vector<std::string>& eur_rows = (*eur)[0].columns;
  CHECK(std::find(usd_rows.begin(), usd_rows.end(), "total_raised_usd") != usd_rows.end());
  CHECK(std::find(eur_rows.begin(), eur_rows.end(), "total_raised_eur") != eur_rows.end());

  auto bad = db->Run(Request{compare, ReadContext{std::nullopt, "euro"}});
  CHECK(bad.status().code() == StatusCode::kInvalidArgument);
  CHECK(bad.status().message() == "--currency: 'euro' is not an ISO 4217 code");
  auto unknown = db->Run(Request{RankRequest{"popularity", "", 20}, ReadContext{}});
  CHECK(unknown.status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE(
    "front door: a reader cannot edit, and the writer's changes are seen by the next reader") {
  TempDir dir;
  Bundled(dir).reset();  // closes the writer
  auto reader = Database::Open(dir / "s.db", OpenMode::kRead);
  REQUIRE_OK(reader);
  EntitySpec zhipu{"zhipu", "company", "Zhipu AI", {"智谱"}, {}, {}, ""};
  CHECK((*reader)->Add(zhipu).status().code() == StatusCode::kInvalidArgument);
  reader->reset();

  auto writer = Database::Open(dir / "s.db", OpenMode::kWrite);
  REQUIRE_OK(writer);
  REQUIRE_OK((*writer)->Add(zhipu));
  RelationSpec rivalry{"rival_of", "zhipu", "deepseek", {}, {}, ""};
  REQUIRE_OK((*writer)->Add(rivalry));
  writer->reset();

  auto again = Database::Open(dir / "s.db", OpenMode::kRead);
  REQUIRE_OK(again);
  auto rivals = (*again)->Run(Request{RivalsRequest{"智谱", 1}, ReadContext{}});
  REQUIRE_OK(rivals);
  CHECK(Cell(*rivals, 0, 0) == "deepseek");
  auto check = (*again)->Check();
  REQUIRE_OK(check);
  CHECK(check->problems.empty());
  CHECK(check->entities == 12);
}

TEST_CASE("front door: export to a file is whole or nothing, and --as-of is refused for it") {
  TempDir dir;
  auto db = Bundled(dir);
  std::ostringstream document;
  REQUIRE_OK(db->Export(ExportRequest{}, ReadContext{}, document));
  REQUIRE_OK(db->ExportToFile(ExportRequest{}, ReadContext{}, dir / "market.json"));
  CHECK(ReadFile(dir / "market.json") == document.str());

  Status as_of =
      db->Export(ExportRequest{}, ReadContext{Date::Parse("2025").value(), "USD"}, document);
  CHECK(as_of.code() == StatusCode::kInvalidArgument);
  std::filesystem::create_directory(dir / "out");
  Status into_dir = db->ExportToFile(ExportRequest{}, ReadContext{}, dir / "out");
  CHECK(into_dir.code() == StatusCode::kInvalidArgument);
  CHECK(std::filesystem::is_empty(dir / "out"));

  ExportRequest dot;
  dot.format = ExportFormat::kDot;
  dot.around = "CATL";
  dot.depth = 1;
  std::ostringstream graph;
  REQUIRE_OK(db->Export(dot, ReadContext{}, graph));
  CHECK(graph.str().rfind("digraph landscape {", 0) == 0);
  CHECK(graph.str().find("\"catl\"") != std::string::npos);
}

TEST_CASE("front door: a failed import keeps its code and its place, and writes nothing") {
  TempDir dir;
  auto db = Bundled(dir);
  WriteFile(dir / "bad.json", R"({"format": "landscape/1", "entities": [
  {"id": "x", "kind": "startup", "name": "X"}]})");
  auto failed = db->Import({ImportInput{dir / "bad.json", false}});
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.status().code() == StatusCode::kInvalidArgument);
  REQUIRE(failed.status().location().has_value());
  CHECK(failed.status().location()->file == dir / "bad.json");
  CHECK(failed.status().location()->line == 2);
  CHECK(failed.status().location()->pointer == "/entities/0/kind");
  auto check = db->Check();
  REQUIRE_OK(check);
  CHECK(check->entities == 11);
}

}  // namespace
}  // namespace landscape::testing
