#include "landscape/result_table.hpp"

#include <doctest/doctest.h>

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

TEST_CASE("JSON keeps typed values canonical and empty cells as null") {
  ResultTable t{"", {"amount", "lead", "note"}, {}};
  t.AddRow({Value{*Money::Parse("51B CNY")}, Value{true}, Cell()});
  auto j = TableToJson(t);
  REQUIRE(j.size() == 1);
  CHECK(j[0]["amount"] == "51000000000 CNY");
  CHECK(j[0]["lead"] == true);
  CHECK(j[0]["note"].is_null());
}

TEST_CASE("CSV quotes what needs quoting and writes lists as JSON arrays") {
  ResultTable t{"", {"name", "aliases"}, {}};
  t.AddRow({Text("A, \"B\""), Value{Value::List{Text("x"), Text("y")}}});
  std::ostringstream out;
  RenderCsv(t, out);
  CHECK(out.str() == "name,aliases\r\n\"A, \"\"B\"\"\",\"[\"\"x\"\",\"\"y\"\"]\"\r\n");
}

TEST_CASE("several tables render as one JSON object keyed by title") {
  ResultTable a{"first", {"x"}, {}}, b{"second", {"y"}, {}};
  a.AddRow({Value{int64_t{1}}});
  std::ostringstream out;
  RenderTables({a, b}, OutputFormat::kJson, out);
  auto j = nlohmann::json::parse(out.str());
  CHECK(j["first"][0]["x"] == 1);
  CHECK(j["second"].empty());
}

}  // namespace
}  // namespace landscape
