// End-to-end tests of the comparison verbs of the real `landscape` binary: compare, investors,
// portfolio, shared-investors, rivals, path, rank, clusters, with --format and --as-of.

#include <doctest/doctest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/tools/cli_test_util.hpp"

namespace landscape::testing::cli {
namespace {

using nlohmann::json;

// A store holding the bundled dataset, and the verb runner on it.
struct Bundled {
  TempDir dir;
  std::string db = dir / "s.db";
  Bundled() { ImportBundled(db); }
  ProcessResult Run(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--db", db});
    return RunCli(args);
  }
  // Runs a verb that must succeed with nothing on stderr.
  std::string Out(const std::vector<std::string>& args) const {
    ProcessResult r = Run(args);
    INFO("stderr: ", r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.empty());
    return r.out;
  }
  json Json(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--format", "json"});
    std::string out = Out(args);
    json j = json::parse(out, nullptr, /*allow_exceptions=*/false);
    INFO("stdout: ", out);
    REQUIRE_FALSE(j.is_discarded());
    return j;
  }
};

// Lines without their "\n" (or the "\r\n" that ends CSV records).
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// The table line whose first column is `label`.
std::string LineOf(const std::string& table, const std::string& label) {
  for (const std::string& line : Lines(table)) {
    if (line.rfind(label + " ", 0) == 0) return line;
  }
  FAIL("no line starting with '" << label << "' in:\n" << table);
  return "";
}

// The object of a compare JSON array whose "row" is `label`.
json RowOf(const json& rows, const std::string& label) {
  REQUIRE(rows.is_array());
  for (const json& row : rows) {
    if (row.value("row", "") == label) return row;
  }
  FAIL("no row '" << label << "' in " << rows.dump());
  return json();
}

const std::vector<std::string> kCompare = {"compare", "DeepSeek", "Moonshot AI", "Baidu"};

TEST_CASE("cli compare: the article's four dimensions and the converted totals") {
  Bundled b;
  std::string out = b.Out(kCompare);
  std::vector<std::string> lines = Lines(out);
  REQUIRE(lines.size() >= 6);
  CHECK(lines[0].rfind("row ", 0) == 0);
  CHECK(Contains(lines[0], "DeepSeek"));
  CHECK(Contains(lines[0], "Moonshot AI"));
  CHECK(Contains(lines[0], "Baidu"));
  // The dimensions, in the article's order, right under the header rule.
  CHECK(lines[2].rfind("primary_focus ", 0) == 0);
  CHECK(lines[3].rfind("funding_status ", 0) == 0);
  CHECK(lines[4].rfind("model_architecture ", 0) == 0);
  CHECK(lines[5].rfind("market_position ", 0) == 0);
  std::string focus = LineOf(out, "primary_focus");
  CHECK(Contains(focus, "Open-weights/Efficiency"));
  CHECK(Contains(focus, "Long-context Window"));
  CHECK(Contains(focus, "Enterprise/Search Integration"));
  std::string status = LineOf(out, "funding_status");
  CHECK(Contains(status, "$7.4B (Series A)"));
  CHECK(Contains(status, "~$2B (Series B)"));
  CHECK(Contains(status, "Public/Internal Funding"));
  std::string architecture = LineOf(out, "model_architecture");
  CHECK(Contains(architecture, "Mixture-of-Experts (MoE)"));
  CHECK(Contains(architecture, "Transformer (Long-Context)"));
  CHECK(Contains(architecture, "Ernie Bot (Proprietary)"));
  std::string position = LineOf(out, "market_position");
  CHECK(Contains(position, "Global Open-Source Contender"));
  CHECK(Contains(position, "Domestic Consumer Focus"));
  CHECK(Contains(position, "Enterprise Cloud Leader"));
  // 51,000,000,000 CNY × 0.1451, and Moonshot AI's approximate ~$2B, in column order.
  std::string total = LineOf(out, "total_raised_usd");
  size_t deepseek = total.find("7,400,100,000 USD");
  size_t moonshot = total.find("~2,000,000,000 USD");
  CHECK(deepseek != std::string::npos);
  CHECK(moonshot != std::string::npos);
  CHECK(deepseek < moonshot);
  CHECK(Contains(LineOf(out, "latest_valuation_usd"), "58,040,000,000 USD"));
  CHECK(Contains(LineOf(out, "lead_investors"), "Tencent"));
}

TEST_CASE("cli compare --format json carries the same values as data") {
  Bundled b;
  json rows = b.Json(kCompare);
  REQUIRE(rows.is_array());
  CHECK(rows.size() == 15);
  for (const json& row : rows) {
    CHECK(row.size() == 4);  // row and one key per entity
    CHECK(row.contains("DeepSeek"));
    CHECK(row.contains("Moonshot AI"));
    CHECK(row.contains("Baidu"));
  }
  CHECK(rows[0]["row"] == "primary_focus");
  json total = RowOf(rows, "total_raised_usd");
  CHECK(total["DeepSeek"] == "7400100000 USD");
  CHECK(total["Moonshot AI"] == "~2000000000 USD");
  CHECK(total["Baidu"].is_null());
  CHECK(RowOf(rows, "funding_status")["Baidu"] == "Public/Internal Funding");
  CHECK(RowOf(rows, "primary_focus")["DeepSeek"] == "Open-weights/Efficiency");
  CHECK(RowOf(rows, "latest_valuation")["DeepSeek"] == "400000000000 CNY");
  CHECK(RowOf(rows, "latest_valuation_usd")["DeepSeek"] == "58040000000 USD");
  CHECK(RowOf(rows, "lead_investors")["DeepSeek"] == json::array({"Tencent"}));
  CHECK(RowOf(rows, "investors")["DeepSeek"] == 2);
  CHECK(RowOf(rows, "investors")["Baidu"] == 0);
  CHECK(RowOf(rows, "rivals_in_set")["Baidu"] == json::array({"DeepSeek", "Moonshot AI"}));
  CHECK(RowOf(rows, "raised_as_reported")["DeepSeek"] == json::array({"51000000000 CNY"}));

  // --sources rows are rows like any other.
  json with_sources = b.Json({"compare", "DeepSeek", "Baidu", "--sources"});
  CHECK(RowOf(with_sources, "primary_focus sources")["Baidu"] ==
        json::array({"pandaily-deepseek-series-a"}));
  CHECK(RowOf(with_sources, "total_raised_usd sources")["DeepSeek"] ==
        json::array({"pandaily-deepseek-series-a"}));

  // --currency EUR: the missing rate is said in the cell.
  json eur = b.Json({"compare", "DeepSeek", "Moonshot AI", "--currency", "EUR"});
  std::string cell = RowOf(eur, "total_raised_eur")["DeepSeek"].get<std::string>();
  CHECK(cell == "missing: no CNY→EUR rate");
}

TEST_CASE("cli compare --format csv: a header and one line per row") {
  Bundled b;
  std::string raw = b.Out({"--format", "csv", "compare", "DeepSeek", "Moonshot AI", "Baidu"});
  CHECK(CountOf(raw, "\r\n") == 16);  // RFC 4180 record ends
  std::vector<std::string> csv = Lines(raw);
  REQUIRE(csv.size() == 16);
  CHECK(csv[0] == "row,DeepSeek,Moonshot AI,Baidu");
  CHECK(csv[1] ==
        "primary_focus,Open-weights/Efficiency,Long-context Window,Enterprise/Search Integration");
  CHECK(csv[2] == "funding_status,$7.4B (Series A),~$2B (Series B),Public/Internal Funding");
  CHECK(csv[5] == "total_raised_usd,7400100000 USD,~2000000000 USD,");
  // A list cell is its JSON array, quoted.
  CHECK(
      csv[14] ==
      "rivals_in_set,\"[\"\"Moonshot AI\"\",\"\"Baidu\"\"]\",\"[\"\"DeepSeek\"\",\"\"Baidu\"\"]\","
      "\"[\"\"DeepSeek\"\",\"\"Moonshot AI\"\"]\"");
}

TEST_CASE("cli compare --as-of 2020: the 2026 FX rate is not known yet") {
  Bundled b;
  std::string out = b.Out({"--as-of", "2020", "compare", "DeepSeek", "Moonshot AI", "Baidu"});
  CHECK(Contains(LineOf(out, "total_raised_usd"), "missing: no CNY→USD rate on or before 2020"));
  CHECK(Contains(LineOf(out, "total_raised_usd"), "~2,000,000,000 USD"));  // USD needs no rate
  CHECK(Contains(LineOf(out, "latest_valuation_usd"), "missing: no CNY→USD rate"));
  CHECK_FALSE(Contains(out, "7,400,100,000"));
  // Undated facts are still known.
  CHECK(Contains(LineOf(out, "primary_focus"), "Open-weights/Efficiency"));
  CHECK(Contains(LineOf(out, "lead_investors"), "Tencent"));
  // The global option may also follow the verb; on the rate's own date it applies.
  std::string on_the_day =
      b.Out({"compare", "DeepSeek", "Moonshot AI", "Baidu", "--as-of", "2026-11-28"});
  CHECK(Contains(LineOf(on_the_day, "total_raised_usd"), "7,400,100,000 USD"));
}

TEST_CASE("cli: a bad --as-of fails naming the option") {
  Bundled b;
  for (const char* bad : {"2026-13", "yesterday", "2026-02-30", "26"}) {
    CAPTURE(bad);
    ProcessResult r = b.Run({"--as-of", bad, "compare", "DeepSeek"});
    CHECK(r.exit_code != 0);
    CHECK(r.out.empty());
    CHECK(Contains(r.err, "--as-of"));
    CHECK(Contains(r.err, bad));
  }
}

TEST_CASE("cli: unknown names fail with a suggestion on stderr") {
  Bundled b;
  ProcessResult compare = b.Run({"compare", "DeepSeek", "Moonshot"});
  CHECK(compare.exit_code == 1);
  CHECK(compare.out.empty());
  CHECK(Contains(compare.err, "no entity named 'Moonshot'"));
  CHECK(Contains(compare.err, "did you mean: Moonshot AI (moonshot-ai, company)"));
  // Suggestions are the names that contain the text, as `find` ranks them.
  ProcessResult path = b.Run({"path", "CATL", "Baid"});
  CHECK(path.exit_code == 1);
  CHECK(path.out.empty());
  CHECK(Contains(path.err, "no entity named 'Baid'; did you mean: Baidu (baidu, company)"));
  ProcessResult investors = b.Run({"investors", "DeepSee"});
  CHECK(investors.exit_code == 1);
  CHECK(investors.out.empty());
  CHECK(Contains(investors.err, "did you mean: DeepSeek (deepseek, company)"));
  ProcessResult rivals = b.Run({"rivals", "Tencen"});
  CHECK(rivals.exit_code == 1);
  CHECK(Contains(rivals.err, "did you mean: Tencent (tencent, company)"));
  ProcessResult unknown = b.Run({"shared-investors", "DeepSeek", "Zhipu"});
  CHECK(unknown.exit_code == 1);
  CHECK(Contains(unknown.err, "no entity named 'Zhipu' (try `landscape find`)"));
}

TEST_CASE("cli path CATL Baidu prints the chain and its hops") {
  Bundled b;
  std::string out = b.Out({"path", "CATL", "Baidu"});
  CHECK(Contains(out,
                 "CATL → invested_in → DeepSeek Series A ← raised ← DeepSeek — rival_of — Baidu"));
  CHECK(Contains(out, "paths\n"));
  CHECK(Contains(out, "hops\n"));
  CHECK(CountOf(out, "pandaily-deepseek-series-a") == 3);
  json j = b.Json({"path", "CATL", "Baidu"});
  REQUIRE(j.is_object());
  REQUIRE(j["paths"].size() == 1);
  CHECK(j["paths"][0]["hops"] == 3);
  REQUIRE(j["hops"].size() == 3);
  CHECK(j["hops"][0]["direction"] == "forward");
  CHECK(j["hops"][1]["direction"] == "backward");
  CHECK(j["hops"][2]["direction"] == "symmetric");
  // Too few hops, or only rivalries: no path, an error.
  ProcessResult short_path = b.Run({"path", "CATL", "Baidu", "--max-hops", "2"});
  CHECK(short_path.exit_code == 1);
  CHECK(Contains(short_path.err, "no path from CATL to Baidu within 2 hops"));
  ProcessResult via = b.Run({"path", "CATL", "Baidu", "--via", "rival_of"});
  CHECK(via.exit_code == 1);
  CHECK(Contains(via.err, "no path"));
  CHECK(b.Run({"path", "CATL", "Baidu", "--via", "invested_in,raised,rival_of"}).exit_code == 0);
}

TEST_CASE("cli investors, portfolio and shared-investors") {
  Bundled b;
  json investors = b.Json({"investors", "DeepSeek"});
  REQUIRE(investors.size() == 2);
  CHECK(investors[0]["investor"] == "Tencent");
  CHECK(investors[0]["lead"] == true);
  CHECK(investors[1]["investor"] == "CATL");
  CHECK(investors[1]["lead"] == false);
  CHECK(investors[1]["round"] == "deepseek-series-a");
  CHECK(investors[1]["amount"] == "51000000000 CNY");
  json portfolio = b.Json({"portfolio", "CATL"});
  REQUIRE(portfolio.size() == 1);
  CHECK(portfolio[0]["company"] == "DeepSeek");

  std::string shared = b.Out({"shared-investors", "DeepSeek", "Moonshot AI", "--min", "1"});
  CHECK(LineOf(shared, "catl").find("CATL") != std::string::npos);
  CHECK(LineOf(shared, "tencent").find("Tencent") != std::string::npos);
  CHECK(Lines(shared).size() == 4);  // header, rule, two investors
  // By default an investor must back both: nobody does.
  json both = b.Json({"shared-investors", "DeepSeek", "Moonshot AI"});
  CHECK(both == json::array());
  // One name is the neighbourhood form: DeepSeek's investors back no other company.
  json neighbours = b.Json({"shared-investors", "DeepSeek"});
  CHECK(neighbours == json::array());
  ProcessResult one = b.Run({"shared-investors", "DeepSeek", "--min", "1"});
  CHECK(one.exit_code != 0);
  CHECK(Contains(one.err, "at least two names"));
  ProcessResult too_many = b.Run({"shared-investors", "DeepSeek", "Moonshot AI", "--min", "3"});
  CHECK(too_many.exit_code != 0);
  CHECK(Contains(too_many.err, "--min must be between 1 and 2"));
}

TEST_CASE("cli info: the store and its format, without reading entities") {
  Bundled b;
  json info = b.Json({"info"});
  REQUIRE(info.size() == 5);
  CHECK(info[0]["property"] == "store");
  CHECK(info[1]["property"] == "format");
  CHECK(info[1]["value"] == 1);
  CHECK(info[2]["property"] == "sequence");
  CHECK(info[2]["value"].get<int64_t>() > 0);
}

TEST_CASE("cli rivals Baidu") {
  Bundled b;
  std::string out = b.Out({"rivals", "Baidu"});
  CHECK(Contains(LineOf(out, "deepseek"), "DeepSeek"));
  CHECK(Contains(LineOf(out, "moonshot-ai"), "Moonshot AI"));
  CHECK(out.find("deepseek ") < out.find("moonshot-ai "));  // by name
  json j = b.Json({"rivals", "Baidu", "--depth", "2"});
  REQUIRE(j.size() == 2);
  CHECK(j[0]["distance"] == 1);
  CHECK(j[1]["distance"] == 1);
  CHECK(b.Run({"rivals", "Baidu", "--depth", "0"}).exit_code != 0);
}

TEST_CASE("cli rank --by pagerank --limit 3") {
  Bundled b;
  std::string out = b.Out({"rank", "--by", "pagerank", "--limit", "3"});
  std::vector<std::string> lines = Lines(out);
  REQUIRE(lines.size() == 5);  // header, rule, three entities
  CHECK(lines[2].rfind("1 ", 0) == 0);
  CHECK(Contains(lines[2], "deepseek-series-a"));
  json j = b.Json({"rank", "--by", "pagerank", "--limit", "3"});
  REQUIRE(j.size() == 3);
  std::vector<std::string> ids;
  for (const json& row : j) ids.push_back(row["id"]);
  CHECK(ids == std::vector<std::string>{"deepseek-series-a", "baidu", "moonshot-ai"});
  CHECK(j[0]["rank"] == 1);
  CHECK(j[2]["rank"] == 3);
  // networkx.pagerank of the bundled graph: 0.151429539 for the round.
  double top = std::stod(j[0]["value"].get<std::string>());
  CHECK(top == doctest::Approx(0.151429539072).epsilon(1e-6));
  ProcessResult bad = b.Run({"rank", "--by", "fame"});
  CHECK(bad.exit_code != 0);
  CHECK(Contains(bad.err, "unknown metric 'fame'"));
  json raised = b.Json({"rank", "--by", "total-raised"});
  REQUIRE(raised.size() == 2);
  CHECK(raised[0]["id"] == "deepseek");
  CHECK(raised[0]["value"] == "7400100000 USD");
  CHECK(raised[1]["value"] == "~2000000000 USD");
}

TEST_CASE("cli clusters, with and without --via") {
  Bundled b;
  std::string out = b.Out({"clusters"});
  CHECK(Contains(LineOf(out, "1"), "8"));
  CHECK(Contains(LineOf(out, "2"), "2"));
  CHECK(Contains(out, "Tencent"));
  CHECK_FALSE(Contains(out, "ByteDance"));  // alone: no cluster
  json j = b.Json({"clusters", "--via", "rival_of"});
  REQUIRE(j.size() == 1);
  CHECK(j[0]["size"] == 3);
  CHECK(j[0]["members"] == json::array({"Baidu", "DeepSeek", "Moonshot AI"}));
  ProcessResult bad = b.Run({"clusters", "--via", "likes"});
  CHECK(bad.exit_code != 0);
  CHECK(Contains(bad.err, "unknown relation type 'likes'"));
}

}  // namespace
}  // namespace landscape::testing::cli
