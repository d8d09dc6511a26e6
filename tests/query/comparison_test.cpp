// Tests of `compare` (query/comparison.hpp) and of the currency converter behind it
// (query/currency_converter.hpp), on the bundled dataset and on small hand-built stores.
// Expected numbers are worked out by hand in the comments, never by the code under test.

#include "query/comparison.hpp"

#include <doctest/doctest.h>

#include "query/currency_converter.hpp"
#include "tests/query/query_test_util.hpp"

namespace landscape {
namespace {

using testing::TempDir;
using namespace testing::query;

const std::vector<std::string> kArticle = {"DeepSeek", "Moonshot AI", "Baidu"};
ResultTable Compare(const Store& store, const std::vector<std::string>& names,
                    const CompareOptions& options = {}) {
  auto table = CompareTable(store, names, options);
  REQUIRE_OK(table);
  return std::move(table).value();
}

CompareOptions AsOf(const std::string& date) {
  CompareOptions o;
  o.as_of = D(date);
  return o;
}

TEST_CASE("compare: the article's competitor table, dimension by dimension") {
  TempDir dir;
  auto store = BundledStore(dir);
  ResultTable t = Compare(*store, kArticle);
  CHECK(t.columns == std::vector<std::string>{"row", "DeepSeek", "Moonshot AI", "Baidu"});
  std::vector<std::string> labels = RowLabels(t);
  REQUIRE(labels.size() >= 4);
  // The default attribute rows come first, in the article's order.
  CHECK(std::vector<std::string>(labels.begin(), labels.begin() + 4) ==
        std::vector<std::string>{"primary_focus", "funding_status", "model_architecture",
                                 "market_position"});
  struct Expected {
    const char* row;
    const char* deepseek;
    const char* moonshot;
    const char* baidu;
  };
  // The article's "Competitor Analysis" table.
  for (const Expected& e : {
           Expected{"primary_focus", "Open-weights/Efficiency", "Long-context Window",
                    "Enterprise/Search Integration"},
           Expected{"funding_status", "$7.4B (Series A)", "~$2B (Series B)",
                    "Public/Internal Funding"},
           Expected{"model_architecture", "Mixture-of-Experts (MoE)", "Transformer (Long-Context)",
                    "Ernie Bot (Proprietary)"},
           Expected{"market_position", "Global Open-Source Contender", "Domestic Consumer Focus",
                    "Enterprise Cloud Leader"},
       }) {
    CAPTURE(e.row);
    CHECK(Text(CellAt(t, e.row, "DeepSeek")) == e.deepseek);
    CHECK(Text(CellAt(t, e.row, "Moonshot AI")) == e.moonshot);
    CHECK(Text(CellAt(t, e.row, "Baidu")) == e.baidu);
    // A single claim is shown as its value, text, never marked as conflicting.
    CHECK(CellAt(t, e.row, "Baidu")->kind() == ValueKind::kText);
  }
}

TEST_CASE("compare: rows derived from the graph, in the documented order") {
  TempDir dir;
  auto store = BundledStore(dir);
  ResultTable t = Compare(*store, kArticle);
  CHECK(RowLabels(t) ==
        std::vector<std::string>{"primary_focus", "funding_status", "model_architecture",
                                 "market_position", "total_raised_usd", "raised_as_reported",
                                 "latest_round", "latest_round_amount", "latest_round_date",
                                 "latest_valuation", "latest_valuation_usd", "lead_investors",
                                 "investors", "rivals_in_set", "shared_investors"});

  // 51,000,000,000 CNY × 0.1451 = 7,400,100,000 USD exactly (the undated round is converted
  // at the latest rate held: the one dated 2026-11-28).
  Money deepseek_total = MoneyIn(CellAt(t, "total_raised_usd", "DeepSeek"));
  CHECK(deepseek_total.amount.ToString() == "7400100000");
  CHECK(deepseek_total.amount.is_integer());
  CHECK(deepseek_total.currency == "USD");
  CHECK_FALSE(deepseek_total.approximate);
  // Moonshot AI's round is "~$2B": already USD, and approximate.
  Money moonshot_total = MoneyIn(CellAt(t, "total_raised_usd", "Moonshot AI"));
  CHECK(moonshot_total.amount.ToString() == "2000000000");
  CHECK(moonshot_total.currency == "USD");
  CHECK(moonshot_total.approximate);
  CHECK_FALSE(CellAt(t, "total_raised_usd", "Baidu").has_value());  // no rounds, no total

  CHECK(Items(CellAt(t, "raised_as_reported", "DeepSeek")) ==
        std::vector<std::string>{"51000000000 CNY"});
  CHECK(Items(CellAt(t, "raised_as_reported", "Moonshot AI")) ==
        std::vector<std::string>{"~2000000000 USD"});
  CHECK(Text(CellAt(t, "latest_round", "DeepSeek")) == "Series A");
  CHECK(Text(CellAt(t, "latest_round", "Moonshot AI")) == "Series B");
  CHECK_FALSE(CellAt(t, "latest_round", "Baidu").has_value());
  CHECK(Text(CellAt(t, "latest_round_amount", "DeepSeek")) == "51000000000 CNY");
  CHECK_FALSE(CellAt(t, "latest_round_date", "DeepSeek").has_value());  // not announced

  Money valuation = MoneyIn(CellAt(t, "latest_valuation", "DeepSeek"));
  CHECK(valuation.amount.ToString() == "400000000000");
  CHECK(valuation.currency == "CNY");
  // 400,000,000,000 × 0.1451 = 58,040,000,000.
  CHECK(Text(CellAt(t, "latest_valuation_usd", "DeepSeek")) == "58040000000 USD");
  CHECK_FALSE(CellAt(t, "latest_valuation", "Moonshot AI").has_value());

  CHECK(Items(CellAt(t, "lead_investors", "DeepSeek")) == std::vector<std::string>{"Tencent"});
  CHECK_FALSE(CellAt(t, "lead_investors", "Moonshot AI").has_value());
  CHECK(Text(CellAt(t, "investors", "DeepSeek")) == "2");  // Tencent and CATL
  CHECK(Text(CellAt(t, "investors", "Moonshot AI")) == "0");
  CHECK(Text(CellAt(t, "investors", "Baidu")) == "0");

  // rival_of among all three, listed in the order of the compared columns.
  CHECK(Items(CellAt(t, "rivals_in_set", "DeepSeek")) ==
        std::vector<std::string>{"Moonshot AI", "Baidu"});
  CHECK(Items(CellAt(t, "rivals_in_set", "Moonshot AI")) ==
        std::vector<std::string>{"DeepSeek", "Baidu"});
  CHECK(Items(CellAt(t, "rivals_in_set", "Baidu")) ==
        std::vector<std::string>{"DeepSeek", "Moonshot AI"});
  for (const char* c : {"DeepSeek", "Moonshot AI", "Baidu"}) {
    CHECK_FALSE(CellAt(t, "shared_investors", c).has_value());
  }
}

TEST_CASE("compare: rivals_in_set only names rivals that are compared") {
  TempDir dir;
  auto store = BundledStore(dir);
  ResultTable t = Compare(*store, {"DeepSeek", "Tencent"});
  CHECK_FALSE(CellAt(t, "rivals_in_set", "DeepSeek").has_value());
  CHECK_FALSE(CellAt(t, "rivals_in_set", "Tencent").has_value());
  // Names resolve like `show`: ids and aliases work, columns carry the display names.
  ResultTable by_alias = Compare(*store, {"深度求索", "baidu"});
  CHECK(by_alias.columns == std::vector<std::string>{"row", "DeepSeek", "Baidu"});
  CHECK(Items(CellAt(by_alias, "rivals_in_set", "DeepSeek")) == std::vector<std::string>{"Baidu"});
}

TEST_CASE("compare --sources adds a '<row> sources' row under each row that has sources") {
  TempDir dir;
  auto store = BundledStore(dir);
  CompareOptions options;
  options.sources = true;
  ResultTable t = Compare(*store, kArticle, options);
  std::vector<std::string> labels = RowLabels(t);
  // Each sources row sits right under its row and is named after it.
  for (size_t i = 0; i < labels.size(); ++i) {
    const std::string suffix = " sources";
    if (labels[i].size() <= suffix.size() ||
        labels[i].compare(labels[i].size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    CAPTURE(labels[i]);
    REQUIRE(i > 0);
    CHECK(labels[i - 1] + suffix == labels[i]);
  }
  for (const char* row :
       {"primary_focus", "funding_status", "model_architecture", "market_position"}) {
    CAPTURE(row);
    for (const char* column : {"DeepSeek", "Moonshot AI", "Baidu"}) {
      CHECK(Items(CellAt(t, std::string(row) + " sources", column)) ==
            std::vector<std::string>{kPandaily});
    }
  }
  // The total's sources: the round amount's and the FX rate's (the same article here).
  CHECK(Items(CellAt(t, "total_raised_usd sources", "DeepSeek")) ==
        std::vector<std::string>{kPandaily});
  CHECK(Items(CellAt(t, "latest_valuation sources", "DeepSeek")) ==
        std::vector<std::string>{kPandaily});
  // The converted valuation cites the claim's and the rate's sources, each once.
  CHECK(Items(CellAt(t, "latest_valuation_usd sources", "DeepSeek")) ==
        std::vector<std::string>{kPandaily});
  CHECK(Items(CellAt(t, "lead_investors sources", "DeepSeek")) ==
        std::vector<std::string>{kPandaily});
  CHECK_FALSE(CellAt(t, "lead_investors sources", "Baidu").has_value());
  // Rows without any sources get no sources row.
  CHECK_FALSE(HasRow(t, "latest_round_date sources"));
  CHECK_FALSE(HasRow(t, "investors sources"));
  // Without --sources there are none at all.
  for (const std::string& label : RowLabels(Compare(*store, kArticle))) {
    CHECK(label.find("sources") == std::string::npos);
  }
}

TEST_CASE("compare --currency EUR says which rate is missing instead of guessing") {
  TempDir dir;
  auto store = BundledStore(dir);
  CompareOptions options;
  options.currency = "EUR";
  ResultTable t = Compare(*store, kArticle, options);
  CHECK(HasRow(t, "total_raised_eur"));
  CHECK(HasRow(t, "latest_valuation_eur"));
  CHECK_FALSE(HasRow(t, "total_raised_usd"));
  CHECK_FALSE(HasRow(t, "latest_valuation_usd"));
  // The store holds only CNY→USD: no CNY→EUR, no USD→EUR, no cross rate through USD.
  const Cell& deepseek = CellAt(t, "total_raised_eur", "DeepSeek");
  REQUIRE(deepseek.has_value());
  CHECK(deepseek->kind() == ValueKind::kText);
  // Every amount here is undated and no --as-of bounds the rate, so no date is named.
  CHECK(Text(deepseek) == "missing: no CNY→EUR rate");
  CHECK(Text(CellAt(t, "total_raised_eur", "Moonshot AI")) == "missing: no USD→EUR rate");
  CHECK(Text(CellAt(t, "latest_valuation_eur", "DeepSeek")) == "missing: no CNY→EUR rate");
  CHECK_FALSE(CellAt(t, "total_raised_eur", "Baidu").has_value());
  // The rest of the table is unaffected.
  CHECK(Text(CellAt(t, "latest_valuation", "DeepSeek")) == "400000000000 CNY");
  CHECK(Text(CellAt(t, "investors", "DeepSeek")) == "2");
}

TEST_CASE("compare --currency CNY keeps CNY exact and inverts the stored CNY→USD rate for USD") {
  TempDir dir;
  auto store = BundledStore(dir);
  CompareOptions options;
  options.currency = "CNY";
  ResultTable t = Compare(*store, kArticle, options);
  // Already CNY: no conversion, no rounding.
  CHECK(Text(CellAt(t, "total_raised_cny", "DeepSeek")) == "51000000000 CNY");
  CHECK(Text(CellAt(t, "latest_valuation_cny", "DeepSeek")) == "400000000000 CNY");
  // USD→CNY is the inverse of 0.1451: 1/0.1451 = 6.891798759476 (12 places, rounded);
  // 2,000,000,000 × 6.891798759476 = 13,783,597,518.952 → 13,783,597,518.95, still approximate.
  Money moonshot = MoneyIn(CellAt(t, "total_raised_cny", "Moonshot AI"));
  CHECK(moonshot.amount.ToString() == "13783597518.95");
  CHECK(moonshot.currency == "CNY");
  CHECK(moonshot.approximate);
}

TEST_CASE("compare refuses a bad currency and an unknown name") {
  TempDir dir;
  auto store = BundledStore(dir);
  CompareOptions options;
  options.currency = "EURO";
  auto bad = CompareTable(*store, kArticle, options);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == StatusCode::kInvalidArgument);
  CHECK(bad.status().message().find("EURO") != std::string::npos);
  auto unknown = CompareTable(*store, {"DeepSeek", "Moonshot"});
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == StatusCode::kNotFound);
  CHECK(unknown.status().message().find("Moonshot AI (moonshot-ai, company)") != std::string::npos);
  auto none = CompareTable(*store, {});
  CHECK_FALSE(none.ok());
}

TEST_CASE("compare --all-values lists every claim with its tier, best first") {
  TempDir dir;
  auto store = BundledStore(dir);
  CompareOptions options;
  options.attributes = {"notes", "primary_focus"};
  options.all_values = true;
  ResultTable t = Compare(*store, {"DeepSeek", "Baidu"}, options);
  std::vector<std::string> notes = Items(CellAt(t, "notes", "DeepSeek"));
  REQUIRE(notes.size() == 3);  // the dataset holds three notes claims on DeepSeek
  // The filing-tier claim ranks before the two analysis ones, which keep their recorded order.
  CHECK(notes[0].rfind("At a valuation of 400 billion yuan", 0) == 0);
  CHECK(notes[0].size() > 9);
  CHECK(notes[0].substr(notes[0].size() - 9) == " (filing)");
  CHECK(notes[1].rfind("The Series A positions DeepSeek", 0) == 0);
  CHECK(notes[1].substr(notes[1].size() - 11) == " (analysis)");
  CHECK(notes[2].rfind("Releases open-source models on GitHub", 0) == 0);
  CHECK(notes[2].substr(notes[2].size() - 11) == " (analysis)");
  CHECK(Items(CellAt(t, "primary_focus", "DeepSeek")) ==
        std::vector<std::string>{"Open-weights/Efficiency (analysis)"});
  CHECK_FALSE(CellAt(t, "notes", "Baidu").has_value());
  // Without --all-values the notes row shows the best claim, marked as one of three values.
  options.all_values = false;
  ResultTable best = Compare(*store, {"DeepSeek"}, options);
  std::string shown = Text(CellAt(best, "notes", "DeepSeek"));
  CHECK(shown.rfind("At a valuation of 400 billion yuan", 0) == 0);
  CHECK(shown.substr(shown.size() - 18) == " (+2 other values)");
}

TEST_CASE("compare: a conflicting attribute shows the best-ranked claim and counts the others") {
  TempDir dir;
  auto store = BundledStore(dir);
  // A second, better-ranked claim (reported beats the article's analysis).
  ImportJson(store.get(), dir, R"json({"format": "landscape/1",
    "sources": [{"id": "test-src", "name": "A test source"}],
    "entities": [{"id": "deepseek", "kind": "company", "name": "DeepSeek", "attributes": {
      "primary_focus": {"value": "Reasoning models", "confidence": "reported",
                        "sources": ["test-src"]}}}]})json");
  CompareOptions sources;
  sources.sources = true;
  ResultTable t = Compare(*store, kArticle, sources);
  CHECK(Text(CellAt(t, "primary_focus", "DeepSeek")) == "Reasoning models (+1 other value)");
  // The sources row follows the shown claim.
  CHECK(Items(CellAt(t, "primary_focus sources", "DeepSeek")) ==
        std::vector<std::string>{"test-src"});
  CHECK(Text(CellAt(t, "primary_focus", "Baidu")) == "Enterprise/Search Integration");

  // The same value again from another source is not another value.
  ImportJson(store.get(), dir, R"json({"format": "landscape/1",
    "entities": [{"id": "deepseek", "kind": "company", "name": "DeepSeek", "attributes": {
      "primary_focus": {"value": "Open-weights/Efficiency", "confidence": "rumor",
                        "sources": ["test-src"]}}}]})json");
  CHECK(Text(CellAt(Compare(*store, kArticle), "primary_focus", "DeepSeek")) ==
        "Reasoning models (+1 other value)");

  // A rumor and a claim without a tier rank below; a filing ranks above everything.
  ImportJson(store.get(), dir, R"json({"format": "landscape/1",
    "entities": [{"id": "deepseek", "kind": "company", "name": "DeepSeek", "attributes": {
      "primary_focus": [{"value": "Chatbots", "confidence": "rumor"},
                        {"value": "Undisclosed"}]}}]})json");
  CHECK(Text(CellAt(Compare(*store, kArticle), "primary_focus", "DeepSeek")) ==
        "Reasoning models (+3 other values)");
  ImportJson(store.get(), dir, R"json({"format": "landscape/1",
    "entities": [{"id": "deepseek", "kind": "company", "name": "DeepSeek", "attributes": {
      "primary_focus": {"value": "AGI research", "confidence": "filing"}}}]})json");
  CHECK(Text(CellAt(Compare(*store, kArticle), "primary_focus", "DeepSeek")) ==
        "AGI research (+4 other values)");

  // Every claim, in rank order: filing > official > reported > analysis > rumor > no tier.
  CompareOptions all;
  all.all_values = true;
  CHECK(Items(CellAt(Compare(*store, {"DeepSeek"}, all), "primary_focus", "DeepSeek")) ==
        std::vector<std::string>{"AGI research (filing)", "Reasoning models (reported)",
                                 "Open-weights/Efficiency (analysis)",
                                 "Open-weights/Efficiency (rumor)", "Chatbots (rumor)",
                                 "Undisclosed (no tier)"});
}

// A company with two dated rounds, dated valuations and dated claims; another with a round
// older than any FX rate. Rates: CNY→USD 0.14 from 2026-01, 0.15 from 2026-06.
constexpr const char* kDatedMarket = R"json({"format": "landscape/1",
  "sources": [{"id": "test-src", "name": "A test source"}],
  "entities": [
    {"id": "acme", "kind": "company", "name": "Acme AI", "attributes": {
      "valuation": [
        {"value": "1B USD", "as_of": "2025-01", "confidence": "reported", "sources": ["test-src"]},
        {"value": "5B CNY", "as_of": "2026-02", "confidence": "rumor", "sources": ["test-src"]}],
      "primary_focus": [
        {"value": "Agents", "as_of": "2025-03", "confidence": "analysis"},
        {"value": "Robotics", "as_of": "2026-04", "confidence": "analysis"}]}},
    {"id": "beta", "kind": "company", "name": "Beta Labs"},
    {"id": "acme-seed", "kind": "funding_round", "name": "Acme Seed", "attributes": {
      "stage": "Seed", "amount": "100M USD", "announced": "2025-06"}},
    {"id": "acme-a", "kind": "funding_round", "name": "Acme Series A", "attributes": {
      "stage": "Series A", "amount": "300M CNY", "announced": "2026-03"}},
    {"id": "beta-seed", "kind": "funding_round", "name": "Beta Seed", "attributes": {
      "stage": "Seed", "amount": "10M CNY", "announced": "2025-03"}},
    {"id": "fund-a", "kind": "investor", "name": "Fund A"},
    {"id": "fund-b", "kind": "investor", "name": "Fund B"},
    {"id": "gamma", "kind": "company", "name": "Gamma Co"},
    {"id": "gamma-x", "kind": "funding_round", "name": "Gamma Series C", "attributes": {
      "stage": "Series C", "amount": "1M USD"}},
    {"id": "gamma-y", "kind": "funding_round", "name": "Gamma Bridge Round", "attributes": {
      "amount": "2M USD", "announced": "2024-05"}}],
  "relations": [
    {"relation": "raised", "from": "acme", "to": "acme-seed"},
    {"relation": "raised", "from": "acme", "to": "acme-a"},
    {"relation": "raised", "from": "beta", "to": "beta-seed"},
    {"relation": "raised", "from": "gamma", "to": "gamma-x"},
    {"relation": "raised", "from": "gamma", "to": "gamma-y"},
    {"relation": "invested_in", "from": "fund-a", "to": "acme-seed",
     "properties": {"lead": true}},
    {"relation": "invested_in", "from": "fund-a", "to": "acme-a",
     "properties": {"lead": false}},
    {"relation": "invested_in", "from": "fund-b", "to": "acme-a",
     "properties": {"lead": true, "amount": "200M CNY"}},
    {"relation": "invested_in", "from": "fund-a", "to": "beta-seed"}],
  "fx_rates": [
    {"date": "2026-01", "base": "CNY", "quote": "USD", "rate": "0.14", "sources": ["test-src"]},
    {"date": "2026-06", "base": "CNY", "quote": "USD", "rate": "0.15"}]})json";

TEST_CASE("compare on dated rounds: each amount converted at the rate of its own date") {
  TempDir dir;
  auto store = EmptyStore(dir);
  ImportJson(store.get(), dir, kDatedMarket);
  CompareOptions options;
  options.sources = true;
  ResultTable t = Compare(*store, {"Acme AI", "Beta Labs"}, options);
  // 100,000,000 USD + 300,000,000 CNY × 0.14 (the rate of 2026-01, the latest on or before
  // the round's 2026-03; the 0.15 of 2026-06 is later) = 142,000,000 USD.
  Money total = MoneyIn(CellAt(t, "total_raised_usd", "Acme AI"));
  CHECK(total.amount.ToString() == "142000000");
  CHECK_FALSE(total.approximate);
  CHECK(Items(CellAt(t, "total_raised_usd sources", "Acme AI")) ==
        std::vector<std::string>{"test-src"});  // the rate's; the amounts cite nothing
  // Beta's only round predates every rate: said, not guessed.
  CHECK(Text(CellAt(t, "total_raised_usd", "Beta Labs")) ==
        "missing: no CNY→USD rate on or before 2025-03");
  CHECK(Items(CellAt(t, "raised_as_reported", "Acme AI")) ==
        std::vector<std::string>{"100000000 USD", "300000000 CNY"});  // oldest first
  CHECK(Text(CellAt(t, "latest_round", "Acme AI")) == "Series A");
  CHECK(Text(CellAt(t, "latest_round_amount", "Acme AI")) == "300000000 CNY");
  CHECK(Text(CellAt(t, "latest_round_date", "Acme AI")) == "2026-03");
  // The latest dated valuation, although a rumor: 5,000,000,000 CNY × 0.14 (2026-01's rate,
  // the latest on or before the claim's 2026-02).
  CHECK(Text(CellAt(t, "latest_valuation", "Acme AI")) == "5000000000 CNY");
  CHECK(Text(CellAt(t, "latest_valuation_usd", "Acme AI")) == "700000000 USD");
  CHECK(Items(CellAt(t, "lead_investors", "Acme AI")) ==
        std::vector<std::string>{"Fund A", "Fund B"});
  CHECK_FALSE(CellAt(t, "lead_investors", "Beta Labs").has_value());  // no lead stated
  CHECK(Text(CellAt(t, "investors", "Acme AI")) == "2");
  CHECK(Text(CellAt(t, "investors", "Beta Labs")) == "1");
  CHECK(Items(CellAt(t, "shared_investors", "Acme AI")) ==
        std::vector<std::string>{"Fund A (with Beta Labs)"});
  CHECK(Items(CellAt(t, "shared_investors", "Beta Labs")) ==
        std::vector<std::string>{"Fund A (with Acme AI)"});
  // Same tier: the later as_of ranks first.
  CHECK(Text(CellAt(t, "primary_focus", "Acme AI")) == "Robotics (+1 other value)");
}

TEST_CASE("compare: the latest round is the last dated one; without a stage, its name") {
  TempDir dir;
  auto store = EmptyStore(dir);
  ImportJson(store.get(), dir, kDatedMarket);
  ResultTable t = Compare(*store, {"Gamma Co"});
  // The undated Series C is not taken for the latest when a dated round exists.
  CHECK(Text(CellAt(t, "latest_round", "Gamma Co")) == "Gamma Bridge Round");
  CHECK(Text(CellAt(t, "latest_round_amount", "Gamma Co")) == "2000000 USD");
  CHECK(Text(CellAt(t, "latest_round_date", "Gamma Co")) == "2024-05");
  // Dated rounds first, undated last; both in the total.
  CHECK(Items(CellAt(t, "raised_as_reported", "Gamma Co")) ==
        std::vector<std::string>{"2000000 USD", "1000000 USD"});
  CHECK(Text(CellAt(t, "total_raised_usd", "Gamma Co")) == "3000000 USD");
  // As of 2024-04 only the undated round is known: it is the latest.
  ResultTable before = Compare(*store, {"Gamma Co"}, AsOf("2024-04"));
  CHECK(Text(CellAt(before, "latest_round", "Gamma Co")) == "Series C");
  CHECK_FALSE(CellAt(before, "latest_round_date", "Gamma Co").has_value());
}

TEST_CASE("compare --as-of hides rounds announced later, claims dated later and later rates") {
  TempDir dir;
  auto store = EmptyStore(dir);
  ImportJson(store.get(), dir, kDatedMarket);

  SUBCASE("2025-12: only the seed round and the 2025 valuation are known") {
    ResultTable t = Compare(*store, {"Acme AI"}, AsOf("2025-12"));
    CHECK(Text(CellAt(t, "total_raised_usd", "Acme AI")) == "100000000 USD");
    CHECK(Items(CellAt(t, "raised_as_reported", "Acme AI")) ==
          std::vector<std::string>{"100000000 USD"});
    CHECK(Text(CellAt(t, "latest_round", "Acme AI")) == "Seed");
    CHECK(Text(CellAt(t, "latest_round_date", "Acme AI")) == "2025-06");
    CHECK(Text(CellAt(t, "latest_valuation", "Acme AI")) == "1000000000 USD");
    CHECK(Text(CellAt(t, "latest_valuation_usd", "Acme AI")) == "1000000000 USD");
    CHECK(Items(CellAt(t, "lead_investors", "Acme AI")) == std::vector<std::string>{"Fund A"});
    CHECK(Text(CellAt(t, "investors", "Acme AI")) == "1");
    CHECK(Text(CellAt(t, "primary_focus", "Acme AI")) == "Agents");  // no conflict yet
  }
  SUBCASE("2026-02: the Series A (2026-03) is not announced yet; the 2026-02 valuation is") {
    ResultTable t = Compare(*store, {"Acme AI"}, AsOf("2026-02"));
    CHECK(Text(CellAt(t, "total_raised_usd", "Acme AI")) == "100000000 USD");
    CHECK(Text(CellAt(t, "latest_round", "Acme AI")) == "Seed");
    CHECK(Text(CellAt(t, "latest_valuation", "Acme AI")) == "5000000000 CNY");
    CHECK(Text(CellAt(t, "latest_valuation_usd", "Acme AI")) == "700000000 USD");
  }
  SUBCASE("2026-07: both rounds; the Series A still at its own date's rate") {
    ResultTable t = Compare(*store, {"Acme AI"}, AsOf("2026-07"));
    CHECK(Text(CellAt(t, "total_raised_usd", "Acme AI")) == "142000000 USD");
    CHECK(Text(CellAt(t, "investors", "Acme AI")) == "2");
    CHECK(Text(CellAt(t, "primary_focus", "Acme AI")) == "Robotics (+1 other value)");
  }
  SUBCASE("2024: nothing is known yet") {
    ResultTable t = Compare(*store, {"Acme AI"}, AsOf("2024"));
    for (const char* row : {"total_raised_usd", "raised_as_reported", "latest_round",
                            "latest_round_amount", "latest_round_date", "latest_valuation",
                            "latest_valuation_usd", "lead_investors", "primary_focus"}) {
      CAPTURE(row);
      CHECK_FALSE(CellAt(t, row, "Acme AI").has_value());
    }
    CHECK(Text(CellAt(t, "investors", "Acme AI")) == "0");
  }
}

TEST_CASE("compare --as-of before the bundled FX rate: the conversion is missing, not guessed") {
  TempDir dir;
  auto store = BundledStore(dir);
  ResultTable t = Compare(*store, kArticle, AsOf("2020"));
  CHECK(Text(CellAt(t, "total_raised_usd", "DeepSeek")) ==
        "missing: no CNY→USD rate on or before 2020");
  CHECK(Text(CellAt(t, "latest_valuation_usd", "DeepSeek")) ==
        "missing: no CNY→USD rate on or before 2020");
  CHECK(Text(CellAt(t, "total_raised_usd", "Moonshot AI")) == "~2000000000 USD");  // no rate
  // Undated facts stay known.
  CHECK(Text(CellAt(t, "primary_focus", "DeepSeek")) == "Open-weights/Efficiency");
  CHECK(Text(CellAt(t, "latest_round", "DeepSeek")) == "Series A");
  CHECK(Text(CellAt(t, "investors", "DeepSeek")) == "2");
  // On the rate's own date it applies.
  CHECK(Text(CellAt(Compare(*store, kArticle, AsOf("2026-11-28")), "total_raised_usd",
                    "DeepSeek")) == "7400100000 USD");
  CHECK(Text(CellAt(Compare(*store, kArticle, AsOf("2026-11-27")), "total_raised_usd",
                    "DeepSeek")) == "missing: no CNY→USD rate on or before 2026-11-27");
}

// --- CurrencyConverter -----------------------------------------------------------------------

constexpr const char* kRates = R"json({"format": "landscape/1",
  "sources": [{"id": "fx-src", "name": "Rates"}],
  "fx_rates": [
    {"date": "2026-03-15", "base": "CNY", "quote": "USD", "rate": "0.1451"},
    {"date": "2026-01", "base": "CNY", "quote": "USD", "rate": "0.14", "sources": ["fx-src"]},
    {"date": "2026-05", "base": "USD", "quote": "CNY", "rate": "7.2"},
    {"date": "2026-02-01", "base": "EUR", "quote": "USD", "rate": "1.08"},
    {"date": "2026-06-01", "base": "JPY", "quote": "USD", "rate": "0.0067"},
    {"date": "2026-02", "base": "GBP", "quote": "USD", "rate": "1.25"},
    {"date": "2026-02", "base": "USD", "quote": "GBP", "rate": "0.79"}]})json";

Money M(const std::string& text) {
  auto m = Money::Parse(text);
  REQUIRE_OK(m);
  return *m;
}

struct RateStore {
  TempDir dir;
  std::unique_ptr<Store> store;
  RateStore() : store(EmptyStore(dir)) { ImportJson(store.get(), dir, kRates); }
  CurrencyConverter Converter(const std::string& as_of) const {
    auto fx = CurrencyConverter::Load(*store, D(as_of));
    REQUIRE_OK(fx);
    return std::move(fx).value();
  }
};

Conversion Convert(const CurrencyConverter& fx, const std::string& money,
                   const std::string& currency, const std::string& dated) {
  auto c =
      fx.Convert(M(money), currency, dated.empty() ? std::nullopt : std::optional<Date>(D(dated)));
  REQUIRE_OK(c);
  return std::move(c).value();
}

Status ConvertError(const CurrencyConverter& fx, const std::string& money,
                    const std::string& currency, const std::string& dated) {
  auto c =
      fx.Convert(M(money), currency, dated.empty() ? std::nullopt : std::optional<Date>(D(dated)));
  REQUIRE_FALSE(c.ok());
  return c.status();
}

TEST_CASE("currency converter: the latest rate on or before the amount's date") {
  RateStore rates;
  CurrencyConverter fx = rates.Converter("2026-12-31");
  Conversion feb = Convert(fx, "1000 CNY", "USD", "2026-02-10");  // 1000 × 0.14
  CHECK(feb.money.ToString() == "140 USD");
  REQUIRE(feb.rate.has_value());
  CHECK(feb.rate->ToString() == "0.14");
  REQUIRE(feb.rate_date.has_value());
  CHECK(feb.rate_date->ToString() == "2026-01");
  CHECK(feb.sources == std::vector<std::string>{"fx-src"});
  CHECK(Convert(fx, "1000 CNY", "USD", "2026-03-14").money.ToString() == "140 USD");
  CHECK(Convert(fx, "1000 CNY", "USD", "2026-03-15").money.ToString() == "145.1 USD");
  Conversion later = Convert(fx, "1000 CNY", "USD", "2026-04-20");
  CHECK(later.money.ToString() == "145.1 USD");
  CHECK(later.sources.empty());  // that rate cites nothing
  // A rate dated "2026-01" counts from 2026-01-01.
  CHECK(Convert(fx, "1000 CNY", "USD", "2026-01-01").money.ToString() == "140 USD");
  Status before = ConvertError(fx, "1000 CNY", "USD", "2025-12-31");
  CHECK(before.code() == StatusCode::kNotFound);
  CHECK(before.message() == "no CNY→USD rate on or before 2025-12-31");
}

TEST_CASE("currency converter: inverted pairs, the more recent of direct and inverse") {
  RateStore rates;
  CurrencyConverter fx = rates.Converter("2026-12-31");
  // Only USD→CNY 7.2 (2026-05) is newer than the direct 0.1451 (2026-03-15): inverted,
  // 1/7.2 = 0.138888888889 (12 places); 100 × 0.138888888889 = 13.8888888889 → 13.89.
  Conversion inverted = Convert(fx, "100 CNY", "USD", "2026-06-10");
  CHECK(inverted.money.ToString() == "13.89 USD");
  REQUIRE(inverted.rate.has_value());
  CHECK(inverted.rate->ToString() == "0.138888888889");
  CHECK(inverted.rate_date->ToString() == "2026-05");
  // USD→CNY asked before 2026-05: only the stored CNY→USD applies, inverted:
  // 1/0.1451 = 6.891798759476; 1000 × that = 6891.798759476 → 6891.80.
  Conversion usd_cny = Convert(fx, "1000 USD", "CNY", "2026-04-01");
  CHECK(usd_cny.money.ToString() == "6891.8 CNY");
  CHECK(usd_cny.rate->ToString() == "6.891798759476");
  // From 2026-05 the stored USD→CNY is direct.
  CHECK(Convert(fx, "1000 USD", "CNY", "2026-05-02").money.ToString() == "7200 CNY");
  // EUR→USD 1.08 stored; USD→EUR asked: 1/1.08 = 0.925925925926; 108 × that
  // = 100.000000000008 → 100.00.
  CHECK(Convert(fx, "108 USD", "EUR", "2026-03").money.ToString() == "100 EUR");
  // A direct and an inverse rate of the same date: the direct one (1.25, not 1/0.79).
  CHECK(Convert(fx, "100 GBP", "USD", "2026-02-20").money.ToString() == "125 USD");
  // USD→GBP: the stored 0.79 is direct for that pair.
  CHECK(Convert(fx, "100 USD", "GBP", "2026-02-20").money.ToString() == "79 GBP");
}

TEST_CASE("currency converter: missing rates are said, never guessed or crossed") {
  RateStore rates;
  CurrencyConverter fx = rates.Converter("2026-12-31");
  // Only a later JPY rate exists.
  Status later = ConvertError(fx, "1000000 JPY", "USD", "2026-05-31");
  CHECK(later.code() == StatusCode::kNotFound);
  CHECK(later.message() == "no JPY→USD rate on or before 2026-05-31");
  CHECK(Convert(fx, "1000000 JPY", "USD", "2026-06-01").money.ToString() == "6700 USD");
  // EUR→USD and USD→CNY exist, but no cross rate through USD.
  CHECK(ConvertError(fx, "100 EUR", "CNY", "2026-06").message() ==
        "no EUR→CNY rate on or before 2026-06");
  CHECK(ConvertError(fx, "100 CHF", "USD", "").message() ==
        "no CHF→USD rate on or before 2026-12-31");
}

TEST_CASE("currency converter: undated amounts use the --as-of date; later rates are unknown") {
  RateStore rates;
  CHECK(Convert(rates.Converter("2026-02"), "1000 CNY", "USD", "").money.ToString() == "140 USD");
  CHECK(Convert(rates.Converter("2026-04"), "1000 CNY", "USD", "").money.ToString() == "145.1 USD");
  // Undated, as of 2026-07: the inverted USD→CNY of 2026-05 is the latest.
  CHECK(Convert(rates.Converter("2026-07"), "100 CNY", "USD", "").money.ToString() == "13.89 USD");
  CHECK(ConvertError(rates.Converter("2025"), "1000 CNY", "USD", "").message() ==
        "no CNY→USD rate on or before 2025");
  // A dated amount is not converted with a rate published after --as-of.
  CHECK(Convert(rates.Converter("2026-02"), "1000 CNY", "USD", "2026-04-01").money.ToString() ==
        "140 USD");
  // Without --as-of, the latest rate held decides, whatever the day the question is asked.
  auto latest = CurrencyConverter::Load(*rates.store);
  REQUIRE_OK(latest);
  auto c = latest->Convert(M("100 CNY"), "USD", std::nullopt);
  REQUIRE_OK(c);
  CHECK(c->money.ToString() == "13.89 USD");
}

TEST_CASE("currency converter: exact decimals, rounding to cents, approximate kept") {
  RateStore rates;
  CurrencyConverter fx = rates.Converter("2026-12-31");
  // 51,000,000,000 × 0.1451 = 7,400,100,000 exactly: no binary floating point anywhere.
  Conversion big = Convert(fx, "51B CNY", "USD", "2026-04-01");
  CHECK(big.money.amount.ToString() == "7400100000");
  CHECK(big.money.amount.is_integer());
  CHECK(big.money.amount.mantissa() == 7400100000);
  CHECK_FALSE(big.money.approximate);
  // 1,234,567.89 × 0.1451 = 179,135.800839 → 179,135.80.
  CHECK(Convert(fx, "1234567.89 CNY", "USD", "2026-04-01").money.ToString() == "179135.8 USD");
  // 0.1 × 0.14 = 0.014 → 0.01; 0.05 × 0.1451 = 0.007255 → 0.01 (half away from zero).
  CHECK(Convert(fx, "0.1 CNY", "USD", "2026-02").money.ToString() == "0.01 USD");
  CHECK(Convert(fx, "0.05 CNY", "USD", "2026-04-01").money.ToString() == "0.01 USD");
  CHECK(Convert(fx, "0.03 CNY", "USD", "2026-04-01").money.ToString() == "0 USD");  // 0.004353
  // 51,000,000,000 × 0.138888888889 (the inverse of 7.2) = 7,083,333,333.339 → .34
  CHECK(Convert(fx, "51B CNY", "USD", "2026-06").money.ToString() == "7083333333.34 USD");
  // "~$2B" stays approximate through a conversion.
  Conversion approx = Convert(fx, "~1000 CNY", "USD", "2026-02");
  CHECK(approx.money.ToString() == "~140 USD");
  CHECK(approx.money.approximate);
  // The same currency needs no rate at all, even with none stored.
  Conversion same = Convert(fx, "12.34 CHF", "CHF", "1999");
  CHECK(same.money.ToString() == "12.34 CHF");
  CHECK_FALSE(same.rate.has_value());
}

}  // namespace
}  // namespace landscape

namespace landscape {
namespace {

TEST_CASE("compare: one column an entity however it is named; equal names get their ids") {
  TempDir dir;
  auto store = BundledStore(dir);
  CHECK(Compare(*store, {"deepseek", "深度求索", "Baidu"}).columns ==
        std::vector<std::string>{"row", "DeepSeek", "Baidu"});
  ImportJson(store.get(), dir, R"json({"format": "landscape/1", "entities": [
    {"id": "baidu-ventures", "kind": "company", "name": "Baidu"}]})json");
  CHECK(Compare(*store, {"baidu", "baidu-ventures"}).columns ==
        std::vector<std::string>{"row", "Baidu (baidu)", "Baidu (baidu-ventures)"});
}

}  // namespace
}  // namespace landscape
