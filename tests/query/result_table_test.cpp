#include "landscape/result_table.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/text.hpp"

namespace landscape {
namespace {

Value Text(const char* s) { return Value{std::string(s)}; }

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST_CASE("tables align columns by display width, CJK counting two") {
  ResultTable t{"", {"name", "kind"}, {}};
  t.AddRow({Text("深度求索"), Text("company")});
  t.AddRow({Text("Baidu"), Text("company")});
  std::ostringstream out;
  RenderTable(t, out);
  auto lines = Lines(out.str());
  REQUIRE(lines.size() == 4);
  // The second column starts at the same display column on every line.
  for (const std::string& line : lines) {
    size_t at = line.rfind("  ");
    REQUIRE(at != std::string::npos);
    CHECK(DisplayWidth(line.substr(0, at + 2)) == 10);
  }
}

TEST_CASE("tables group money digits and wrap long text") {
  ResultTable t{"", {"value"}, {}};
  t.AddRow({Value{*Money::Parse("~$2B")}});
  std::string long_text;
  for (int i = 0; i < 30; ++i) long_text += "word ";
  t.AddRow({Value{long_text}});
  std::ostringstream out;
  RenderTable(t, out);
  auto lines = Lines(out.str());
  CHECK(lines[2] == "~2,000,000,000 USD");
  REQUIRE(lines.size() == 5);
  for (const std::string& line : lines) CHECK(DisplayWidth(line) <= 80);
}

TEST_CASE("JSON gives money, entities, dates and reasons as data") {
  ResultTable t{"", {"amount", "lead", "note", "date", "investor", "total"}, {}};
  t.AddRow({Value{*Money::Parse("~51B CNY")}, Value{true}, Cell(), Value{*Date::Parse("2025-03")},
            Cell::Entity({"tencent", "Tencent"}), Cell::Missing("no CNY→USD rate")});
  auto j = TableToJson(t);
  REQUIRE(j.size() == 1);
  CHECK(j[0]["amount"]["value"] == 51000000000);
  CHECK(j[0]["amount"]["currency"] == "CNY");
  CHECK(j[0]["amount"]["approximate"] == true);
  CHECK(j[0]["amount"]["exact"] == "51000000000");
  CHECK(j[0]["lead"] == true);
  CHECK(j[0]["note"].is_null());
  CHECK_FALSE(j[0].contains("note_reason"));  // nothing known: no reason to give
  CHECK(j[0]["date"] == "2025-03");           // a month stays a month
  CHECK(j[0]["investor"]["id"] == "tencent");
  CHECK(j[0]["investor"]["name"] == "Tencent");
  CHECK(j[0]["total"].is_null());
  CHECK(j[0]["total_reason"] == "no CNY→USD rate");
}

TEST_CASE("a value with a note shows it in text and carries it beside the value in JSON") {
  ResultTable t{"", {"focus"}, {}};
  t.AddRow({Cell(Value{std::string("Search")}).WithNote("+1 other value")});
  std::ostringstream out;
  RenderTable(t, out);
  CHECK(Lines(out.str())[2] == "Search (+1 other value)");
  auto j = TableToJson(t);
  CHECK(j[0]["focus"] == "Search");
  CHECK(j[0]["focus_note"] == "+1 other value");
}

TEST_CASE("CSV holds one scalar per field: lists joined, money and entities split") {
  ResultTable t{"", {"name", "aliases", "amount", "lead", "total"}, {}};
  t.AddRow({Text("A, \"B\""), Value{Value::List{Text("x"), Text("y")}},
            Value{*Money::Parse("~$2B")}, Cell::Entities({{"t", "Tencent"}, {"c", "CATL"}}),
            Cell::Missing("no rate")});
  t.AddRow({Text("C"), Cell(), Cell(), Cell(), Value{*Money::Parse("5 USD")}});
  std::ostringstream out;
  RenderCsv(t, out);
  CHECK(out.str() ==
        "name,aliases,amount,amount_currency,amount_approximate,lead_id,lead,total,"
        "total_currency,total_reason\r\n"
        "\"A, \"\"B\"\"\",x; y,2000000000,USD,true,t; c,Tencent; CATL,,,no rate\r\n"
        "C,,,,,,,5,USD,\r\n");
}

TEST_CASE("several tables render as one JSON object keyed by table name") {
  ResultTable a{"first shown", {"x"}, {}, "first"}, b{"", {"y"}, {}, "second"};
  a.AddRow({Value{int64_t{1}}});
  std::ostringstream out;
  RenderTables({a, b}, OutputFormat::kJson, out);
  auto j = nlohmann::json::parse(out.str());
  CHECK(j["first"][0]["x"] == 1);
  CHECK(j["second"].empty());
  CHECK(j["titles"]["first"] == "first shown");  // display text that says something is kept
}

TEST_CASE("a record is an object in JSON and field/value lines for people") {
  ResultTable t{"entity", {"id", "name", "aliases"}, {}, "entity"};
  t.is_record = true;
  t.AddRow({Text("deepseek"), Text("DeepSeek"), Cell()});
  std::ostringstream json_out, text_out;
  RenderTables({t}, OutputFormat::kJson, json_out);
  CHECK(nlohmann::json::parse(json_out.str())["entity"]["name"] == "DeepSeek");
  RenderTable(t, text_out);
  auto lines = Lines(text_out.str());
  REQUIRE(lines.size() == 5);  // title, header, rule, id, name: the empty aliases left out
  CHECK(lines[3] == "id     deepseek");
}

TEST_CASE("a table with a row per entity is shown with an entity per column") {
  ResultTable t{"", {"entity", "investors"}, {}, "comparison", /*display_transposed=*/true};
  t.AddRow({Cell::Entity({"a", "Same"}), Value{int64_t{2}}});
  t.AddRow({Cell::Entity({"b", "Same"}), Cell::Missing("no rounds")});
  std::ostringstream out;
  RenderTable(t, out);
  auto lines = Lines(out.str());
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "row        Same (a)  Same (b)");  // two of one name: told apart by id
  CHECK(lines[2] == "investors  2         missing: no rounds");
}

TEST_CASE("one table is picked by name, and a wrong name lists the names") {
  ResultTable a{"", {"x"}, {}, "paths"}, b{"", {"y"}, {}, "hops"};
  auto hops = SelectTable({a, b}, "hops");
  REQUIRE(hops.ok());
  CHECK(hops->columns[0] == "y");
  auto none = SelectTable({a, b}, "edges");
  CHECK(none.status().message() ==
        "there is no table 'edges' in this result; its tables are: paths, hops");
}

}  // namespace
}  // namespace landscape
