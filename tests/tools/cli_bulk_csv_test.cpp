// `export --format bulk-csv`, driven as a process: the files are read back with a CSV reader of
// their own and compared with the canonical landscape/1 export of the same store, which is
// written by other code: every entity and relation is a row, and the rows hold their facts.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tests/tools/cli_test_util.hpp"

namespace landscape::testing::cli {
namespace {

using nlohmann::json;

// RFC 4180, as Neo4j's loader reads it: quoted fields may hold commas, doubled quotes and line
// breaks.
std::vector<std::vector<std::string>> ReadCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      field.push_back(c);
    }
  }
  REQUIRE_FALSE(quoted);
  REQUIRE((field.empty() && row.empty()));  // the file ends with a line break
  return rows;
}

// One file as rows keyed by its header: column name → cell.
struct CsvFile {
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
};

CsvFile ReadCsvFile(const std::string& path) {
  auto rows = ReadCsv(ReadFile(path));
  REQUIRE_FALSE(rows.empty());
  CsvFile file{rows.front(), {}};
  for (size_t r = 1; r < rows.size(); ++r) {
    REQUIRE(rows[r].size() == file.header.size());
    std::map<std::string, std::string> cells;
    for (size_t c = 0; c < rows[r].size(); ++c) cells[file.header[c]] = rows[r][c];
    file.rows.push_back(std::move(cells));
  }
  return file;
}

// A field of a record, or `fallback` when the record leaves it out.
json FieldOr(const json& record, const char* field, json fallback) {
  return record.contains(field) ? record[field] : fallback;
}

// The claims of an attribute in the canonical form: a bare value, one claim object, or an
// array of claim objects.
std::vector<json> ClaimsOf(const json& attribute) {
  if (attribute.is_array() && !attribute.empty() && attribute[0].is_object()) {
    return std::vector<json>(attribute.begin(), attribute.end());
  }
  return {attribute};
}

std::string Joined(const json& array) {
  std::string out;
  for (const json& item : array) out += (out.empty() ? "" : ";") + item.get<std::string>();
  return out;
}

// What the canonical export says of one attribute with a single claim, as the CSV writes it.
void CheckCell(const std::map<std::string, std::string>& row, const std::string& name,
               const json& claim) {
  CAPTURE(name);
  json value = claim.is_object() && claim.contains("value") ? claim["value"] : claim;
  auto column = [&](const std::string& suffix) {
    for (const auto& [header, cell] : row) {
      if (header.rfind(name + suffix + ":", 0) == 0) return cell;
    }
    CHECK_MESSAGE(false, fmt::format("no column {}{}", name, suffix));
    return std::string("(no column)");
  };
  if (value.is_string() && row.count(name + "_currency:string")) {
    // Money: "51000000000 CNY" or "~2000000000 USD" in the canonical form.
    std::string text = value.get<std::string>();
    bool approximate = text.front() == '~';
    if (approximate) text.erase(0, 1);
    CHECK(column("") + " " + column("_currency") == text);
    CHECK(column("_approximate") == (approximate ? "true" : "false"));
  } else if (value.is_string()) {
    CHECK(column("") == value.get<std::string>());
  } else if (value.is_boolean()) {
    CHECK(column("") == (value.get<bool>() ? "true" : "false"));
  } else if (value.is_array()) {
    CHECK(column("") == Joined(value));
  } else {
    CHECK(column("") == value.dump());
  }
}

// Every record of the canonical document against its row: the node or relationship exists
// once, and its name, aliases, sources and every single-claim attribute agree.
void CheckRoundTrip(const std::string& db, const std::string& dir) {
  json doc = json::parse(ExportOf(db));
  std::map<std::string, std::map<std::string, std::string>> nodes;
  std::map<std::string, std::map<std::string, std::string>> relationships;
  size_t node_rows = 0, relationship_rows = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    CsvFile file = ReadCsvFile(entry.path().string());
    if (name.rfind("nodes-", 0) == 0) {
      CHECK(file.header[0] == "id:ID");
      CHECK(file.header[1] == ":LABEL");
      for (auto& row : file.rows) {
        CHECK(fmt::format("nodes-{}.csv", row[":LABEL"]) == name);
        nodes[row["id:ID"]] = row;
        ++node_rows;
      }
    } else {
      REQUIRE(name.rfind("relationships-", 0) == 0);
      CHECK(file.header[0] == ":START_ID");
      CHECK(file.header[1] == ":END_ID");
      CHECK(file.header[2] == ":TYPE");
      for (auto& row : file.rows) {
        relationships[row[":TYPE"] + " " + row[":START_ID"] + " " + row[":END_ID"]] = row;
        ++relationship_rows;
      }
    }
  }
  CHECK(node_rows == nodes.size());
  CHECK(node_rows == doc["sources"].size() + doc["entities"].size());
  CHECK(relationship_rows == relationships.size());
  CHECK(relationship_rows == doc["relations"].size());

  for (const char* section : {"sources", "entities"}) {
    for (const json& e : doc[section]) {
      std::string id = e["id"];
      CAPTURE(id);
      REQUIRE(nodes.count(id));
      auto& row = nodes[id];
      CHECK(row[":LABEL"] == FieldOr(e, "kind", "source").get<std::string>());
      CHECK(row["name"] == e["name"].get<std::string>());
      CHECK(row["aliases:string[]"] == Joined(FieldOr(e, "aliases", json::array())));
      CHECK(row["sources:string[]"] == Joined(FieldOr(e, "sources", json::array())));
      json attributes = FieldOr(e, "attributes", json::object());
      for (const auto& [attribute, value] : attributes.items()) {
        std::vector<json> claims = ClaimsOf(value);
        if (claims.size() == 1) CheckCell(row, attribute, claims[0]);
      }
    }
  }
  for (const json& r : doc["relations"]) {
    std::string key = r["relation"].get<std::string>() + " " + r["from"].get<std::string>() + " " +
                      r["to"].get<std::string>();
    CAPTURE(key);
    REQUIRE(relationships.count(key));
    auto& row = relationships[key];
    CHECK(row["sources:string[]"] == Joined(FieldOr(r, "sources", json::array())));
    json properties = FieldOr(r, "properties", json::object());
    for (const auto& [property, value] : properties.items()) {
      std::vector<json> claims = ClaimsOf(value);
      if (claims.size() == 1) CheckCell(row, property, claims[0]);
    }
  }
}

TEST_CASE("bulk-csv: the bundled dataset's files hold every entity and relation and their facts") {
  TempDir dir;
  std::string db = dir / "s.db";
  ImportBundled(db);
  ProcessResult r = RunCli({"--db", db, "export", "--format", "bulk-csv", "--out", dir / "csv"});
  INFO("stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(Contains(r.out, "nodes-company.csv: "));
  CHECK(Contains(r.out, "relationships-invested_in.csv: 2 invested_in relationships"));
  // The bundled data has an attribute with two claims: the summary names it.
  CHECK(Contains(r.out, "claims beyond the best of their attribute are not in the files"));
  CheckRoundTrip(db, dir / "csv");
}

#ifdef LANDSCAPE_GENERATE_PATH
TEST_CASE("bulk-csv: a generated market round-trips, counts and facts") {
  TempDir dir;
  std::string command = fmt::format("{} --orgs 400 --seed 5 --out {} 2>/dev/null",
                                    LANDSCAPE_GENERATE_PATH, dir / "m.jsonl");
  REQUIRE(std::system(command.c_str()) == 0);
  std::string db = dir / "s.db";
  REQUIRE(RunCli({"--db", db, "import", dir / "m.jsonl"}).exit_code == 0);
  ProcessResult r = RunCli({"--db", db, "export", "--format", "bulk-csv", "--out", dir / "csv"});
  INFO("stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
  CheckRoundTrip(db, dir / "csv");
}
#endif

TEST_CASE("bulk-csv: an existing directory, no --out, and an alias holding ';' are refused") {
  TempDir dir;
  std::string db = dir / "s.db";
  ImportBundled(db);
  std::filesystem::create_directory(dir / "taken");
  ProcessResult taken =
      RunCli({"--db", db, "export", "--format", "bulk-csv", "--out", dir / "taken"});
  CHECK(taken.exit_code != 0);
  CHECK(Contains(taken.err, "exists; name a new directory"));
  CHECK(std::filesystem::is_empty(dir / "taken"));

  ProcessResult no_out = RunCli({"--db", db, "export", "--format", "bulk-csv"});
  CHECK(no_out.exit_code != 0);
  CHECK(Contains(no_out.err, "--out DIR"));

  REQUIRE(
      RunCli({"--db", db, "add", "entity", "--id", "deepseek", "--alias", "Deep;Seek"}).exit_code ==
      0);
  ProcessResult split = RunCli({"--db", db, "export", "--format", "bulk-csv", "--out", dir / "x"});
  CHECK(split.exit_code != 0);
  CHECK(Contains(split.err, "deepseek: 'Deep;Seek' holds ';'"));
  CHECK_FALSE(std::filesystem::exists(dir / "x"));
  // Nothing is left beside it either: the partial directory is removed.
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    CHECK(entry.path().filename().string().rfind("x.tmp", 0) != 0);
  }
}

}  // namespace
}  // namespace landscape::testing::cli
