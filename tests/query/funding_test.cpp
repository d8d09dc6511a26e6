// Tests of the funding verbs (query/funding_tables.hpp: investors, portfolio,
// shared-investors) and of rivals (query/rivals.hpp), on the bundled dataset and on small
// hand-built stores.

#include "query/funding_tables.hpp"

#include <doctest/doctest.h>

#include "query/rivals.hpp"
#include "tests/query/query_test_util.hpp"

namespace landscape {
namespace {

using testing::TempDir;
using namespace testing::query;

const std::vector<std::string> kInvestorColumns = {
    "investor_id", "investor", "round", "stage", "date", "amount", "share", "lead", "sources"};
const std::vector<std::string> kPortfolioColumns = {
    "company_id", "company", "round", "stage", "date", "amount", "share", "lead", "sources"};

TEST_CASE("investors of DeepSeek: Tencent leads, CATL takes part, both in the Series A") {
  TempDir dir;
  auto store = BundledStore(dir);
  for (const char* name : {"DeepSeek", "deepseek", "深度求索"}) {
    CAPTURE(name);
    ResultTable t = Ok(InvestorsTable(*store, name));
    CHECK(t.columns == kInvestorColumns);
    REQUIRE(t.rows.size() == 2);
    // Leads first.
    CHECK(Row(t, 0) == std::vector<std::string>{"tencent", "Tencent", "deepseek-series-a",
                                                "Series A", "", "51000000000 CNY", "", "true",
                                                kPandaily});
    CHECK(Row(t, 1) == std::vector<std::string>{"catl", "CATL", "deepseek-series-a", "Series A", "",
                                                "51000000000 CNY", "", "false", kPandaily});
    // Typed cells: lead is a bool, the amount money, the sources a list.
    REQUIRE(t.rows[0][ColumnOf(t, "lead")].has_value());
    CHECK(std::get<bool>(t.rows[0][ColumnOf(t, "lead")]->data));
    CHECK_FALSE(std::get<bool>(t.rows[1][ColumnOf(t, "lead")]->data));
    CHECK(MoneyIn(t.rows[0][ColumnOf(t, "amount")]).currency == "CNY");
    CHECK(Items(t.rows[1][ColumnOf(t, "sources")]) == std::vector<std::string>{kPandaily});
  }
}

TEST_CASE("investors of a funding round are its participants") {
  TempDir dir;
  auto store = BundledStore(dir);
  ResultTable by_round = Ok(InvestorsTable(*store, "DeepSeek Series A"));
  ResultTable by_company = Ok(InvestorsTable(*store, "DeepSeek"));
  CHECK(ColumnTexts(by_round, "investor") == std::vector<std::string>{"Tencent", "CATL"});
  CHECK(ColumnTexts(by_round, "lead") == std::vector<std::string>{"true", "false"});
  CHECK(by_round.rows == by_company.rows);
  // Moonshot AI's Series B names no investors.
  ResultTable moonshot = Ok(InvestorsTable(*store, "Moonshot AI"));
  CHECK(moonshot.columns == kInvestorColumns);
  CHECK(moonshot.rows.empty());
  CHECK(Ok(InvestorsTable(*store, "Baidu")).rows.empty());
  auto unknown = InvestorsTable(*store, "Deepseak");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == StatusCode::kNotFound);
}

TEST_CASE("portfolio of Tencent and of CATL: DeepSeek's Series A") {
  TempDir dir;
  auto store = BundledStore(dir);
  ResultTable tencent = Ok(PortfolioTable(*store, "Tencent"));
  CHECK(tencent.columns == kPortfolioColumns);
  REQUIRE(tencent.rows.size() == 1);
  CHECK(Row(tencent, 0) == std::vector<std::string>{"deepseek", "DeepSeek", "deepseek-series-a",
                                                    "Series A", "", "51000000000 CNY", "", "true",
                                                    kPandaily});
  ResultTable catl = Ok(PortfolioTable(*store, "宁德时代"));  // CATL by its Chinese alias
  REQUIRE(catl.rows.size() == 1);
  CHECK(Row(catl, 0) == std::vector<std::string>{"deepseek", "DeepSeek", "deepseek-series-a",
                                                 "Series A", "", "51000000000 CNY", "", "false",
                                                 kPandaily});
  CHECK(Ok(PortfolioTable(*store, "Baidu")).rows.empty());
  CHECK(Ok(PortfolioTable(*store, "DeepSeek")).rows.empty());  // raised, not invested
}

// Three companies and five investors:
//   alpha raised alpha-a (2024-01) and alpha-b (2025-01); beta raised beta-seed (2024-06);
//   gamma raised gamma-a (2025-06).
//   Zeta Capital (id aa-zeta):  alpha-a, beta-seed, gamma-a          → 3 companies
//   Omega Fund (id omega):      alpha-a, alpha-b, beta-seed          → 2 companies, 3 rounds
//   Apex Ventures (id zz-apex): alpha-a, gamma-a                     → 2
//   North Star (id bb-north):   beta-seed, gamma-a                   → 2
//   Solo Angel (id solo):       alpha-b                              → 1
// Ids are chosen so that id order and name order differ.
constexpr const char* kCoInvestors = R"json({"format": "landscape/1",
  "entities": [
    {"id": "alpha", "kind": "company", "name": "Alpha"},
    {"id": "beta", "kind": "company", "name": "Beta"},
    {"id": "gamma", "kind": "company", "name": "Gamma"},
    {"id": "alpha-a", "kind": "funding_round", "name": "Alpha A",
     "attributes": {"stage": "Series A", "announced": "2024-01", "amount": "10M USD"}},
    {"id": "alpha-b", "kind": "funding_round", "name": "Alpha B",
     "attributes": {"stage": "Series B", "announced": "2025-01", "amount": "30M USD"}},
    {"id": "beta-seed", "kind": "funding_round", "name": "Beta Seed",
     "attributes": {"stage": "Seed", "announced": "2024-06"}},
    {"id": "gamma-a", "kind": "funding_round", "name": "Gamma A",
     "attributes": {"stage": "Series A", "announced": "2025-06"}},
    {"id": "aa-zeta", "kind": "investor", "name": "Zeta Capital"},
    {"id": "omega", "kind": "investor", "name": "Omega Fund"},
    {"id": "zz-apex", "kind": "investor", "name": "Apex Ventures"},
    {"id": "bb-north", "kind": "investor", "name": "North Star"},
    {"id": "solo", "kind": "person", "name": "Solo Angel"}],
  "relations": [
    {"relation": "raised", "from": "alpha", "to": "alpha-a"},
    {"relation": "raised", "from": "alpha", "to": "alpha-b"},
    {"relation": "raised", "from": "beta", "to": "beta-seed"},
    {"relation": "raised", "from": "gamma", "to": "gamma-a"},
    {"relation": "invested_in", "from": "aa-zeta", "to": "alpha-a", "properties": {"lead": true}},
    {"relation": "invested_in", "from": "aa-zeta", "to": "beta-seed"},
    {"relation": "invested_in", "from": "aa-zeta", "to": "gamma-a"},
    {"relation": "invested_in", "from": "omega", "to": "alpha-a"},
    {"relation": "invested_in", "from": "omega", "to": "alpha-b",
     "properties": {"lead": true, "amount": "12M USD"}},
    {"relation": "invested_in", "from": "omega", "to": "beta-seed"},
    {"relation": "invested_in", "from": "zz-apex", "to": "alpha-a"},
    {"relation": "invested_in", "from": "zz-apex", "to": "gamma-a"},
    {"relation": "invested_in", "from": "bb-north", "to": "beta-seed"},
    {"relation": "invested_in", "from": "bb-north", "to": "gamma-a"},
    {"relation": "invested_in", "from": "solo", "to": "alpha-b"}]})json";

struct CoInvestors {
  TempDir dir;
  std::unique_ptr<Store> store;
  CoInvestors() : store(EmptyStore(dir)) { ImportJson(store.get(), dir, kCoInvestors); }
  ResultTable Shared(const std::vector<std::string>& names, std::optional<size_t> min,
                     std::optional<std::string> as_of = std::nullopt) const {
    FundingOptions options;
    if (as_of) options.as_of = D(*as_of);
    return Ok(SharedInvestorsTable(*store, names, min, options));
  }
};

TEST_CASE("shared-investors: by default, investors in rounds of all the named companies") {
  CoInvestors m;
  ResultTable all = m.Shared({"Alpha", "Beta", "Gamma"}, std::nullopt);
  CHECK(all.columns ==
        std::vector<std::string>{"investor_id", "investor", "companies", "backs", "rounds"});
  REQUIRE(all.rows.size() == 1);
  CHECK(Row(all, 0)[0] == "aa-zeta");
  CHECK(Row(all, 0)[1] == "Zeta Capital");
  CHECK(Row(all, 0)[2] == "3");
  CHECK(Items(all.rows[0][3]) == std::vector<std::string>{"Alpha", "Beta", "Gamma"});
  CHECK(Items(all.rows[0][4]) == std::vector<std::string>{"alpha-a", "beta-seed", "gamma-a"});
  // "backs" follows the order the names were given in.
  ResultTable reversed = m.Shared({"Gamma", "Beta", "Alpha"}, std::nullopt);
  REQUIRE(reversed.rows.size() == 1);
  CHECK(Items(reversed.rows[0][3]) == std::vector<std::string>{"Gamma", "Beta", "Alpha"});
  // Two companies: everyone in both.
  ResultTable alpha_beta = m.Shared({"alpha", "beta"}, std::nullopt);
  CHECK(ColumnTexts(alpha_beta, "investor_id") == std::vector<std::string>{"omega", "aa-zeta"});
}

TEST_CASE("shared-investors --min K: most shared first, then by name") {
  CoInvestors m;
  ResultTable two = m.Shared({"Alpha", "Beta", "Gamma"}, 2);
  // Zeta (3), then the three with 2 companies by name: Apex, North, Omega (their ids sort
  // bb-north, omega, zz-apex, which must not decide).
  CHECK(ColumnTexts(two, "investor") ==
        std::vector<std::string>{"Zeta Capital", "Apex Ventures", "North Star", "Omega Fund"});
  CHECK(ColumnTexts(two, "companies") == std::vector<std::string>{"3", "2", "2", "2"});
  // Omega backs Alpha through two rounds: Alpha counts once, both rounds are listed.
  size_t omega = 3;
  REQUIRE(Text(two.rows[omega][0]) == "omega");
  CHECK(Items(two.rows[omega][3]) == std::vector<std::string>{"Alpha", "Beta"});
  CHECK(Items(two.rows[omega][4]) == std::vector<std::string>{"alpha-a", "alpha-b", "beta-seed"});
  ResultTable one = m.Shared({"Alpha", "Beta", "Gamma"}, 1);
  CHECK(ColumnTexts(one, "investor") == std::vector<std::string>{"Zeta Capital", "Apex Ventures",
                                                                 "North Star", "Omega Fund",
                                                                 "Solo Angel"});
  CHECK(Text(one.rows[4][2]) == "1");
  // --min equal to the number of names is the default.
  CHECK(m.Shared({"Alpha", "Beta", "Gamma"}, 3).rows ==
        m.Shared({"Alpha", "Beta", "Gamma"}, {}).rows);
}

TEST_CASE("shared-investors --as-of leaves out rounds announced later") {
  CoInvestors m;
  // As of 2024-12 gamma-a (2025-06) and alpha-b (2025-01) are not announced: Gamma has no
  // investors yet, and nobody backs all three.
  CHECK(m.Shared({"Alpha", "Beta", "Gamma"}, std::nullopt, "2024-12").rows.empty());
  ResultTable two = m.Shared({"Alpha", "Beta", "Gamma"}, 2, "2024-12");
  CHECK(ColumnTexts(two, "investor") == std::vector<std::string>{"Omega Fund", "Zeta Capital"});
  CHECK(Items(two.rows[0][4]) == std::vector<std::string>{"alpha-a", "beta-seed"});
}

TEST_CASE("shared-investors refuses one name and a --min out of range") {
  CoInvestors m;
  auto one = SharedInvestorsTable(*m.store, {"Alpha"}, std::nullopt);
  REQUIRE_FALSE(one.ok());
  CHECK(one.status().code() == StatusCode::kInvalidArgument);
  CHECK(one.status().message().find("at least two names") != std::string::npos);
  for (size_t bad : {size_t{0}, size_t{4}}) {
    CAPTURE(bad);
    auto r = SharedInvestorsTable(*m.store, {"Alpha", "Beta", "Gamma"}, bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == StatusCode::kInvalidArgument);
    CHECK(r.status().message() == "--min must be between 1 and 3 (the number of names)");
  }
  auto unknown = SharedInvestorsTable(*m.store, {"Alpha", "Delta"}, std::nullopt);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == StatusCode::kNotFound);
}

TEST_CASE("shared-investors with one name: companies sharing its investors, by count then id") {
  CoInvestors m;
  ResultTable alpha = Ok(CoInvestedCompaniesTable(*m.store, "Alpha"));
  CHECK(alpha.columns == std::vector<std::string>{"company_id", "company", "shared", "investors"});
  // Beta shares Zeta and Omega, Gamma shares Zeta and Apex: a tie, by id.
  CHECK(ColumnTexts(alpha, "company_id") == std::vector<std::string>{"beta", "gamma"});
  CHECK(ColumnTexts(alpha, "shared") == std::vector<std::string>{"2", "2"});
  CHECK(Items(alpha.rows[0][3]) == std::vector<std::string>{"Omega Fund", "Zeta Capital"});
  CHECK(Items(alpha.rows[1][3]) == std::vector<std::string>{"Apex Ventures", "Zeta Capital"});
  // Omega backs Alpha twice and Beta once: it counts once.
  ResultTable beta = Ok(CoInvestedCompaniesTable(*m.store, "beta"));
  CHECK(ColumnTexts(beta, "company_id") == std::vector<std::string>{"alpha", "gamma"});
  CHECK(ColumnTexts(beta, "shared") == std::vector<std::string>{"2", "2"});
  // The limit cuts after the ordering.
  CHECK(ColumnTexts(Ok(CoInvestedCompaniesTable(*m.store, "Gamma", 1)), "company_id") ==
        std::vector<std::string>{"alpha"});
}

TEST_CASE("shared-investors with one name --as-of leaves out rounds announced later") {
  CoInvestors m;
  // As of 2024-12: Alpha has only alpha-a (Zeta, Omega, Apex); Gamma's round is not announced.
  ResultTable alpha =
      Ok(CoInvestedCompaniesTable(*m.store, "Alpha", 100, FundingOptions{D("2024-12")}));
  CHECK(ColumnTexts(alpha, "company_id") == std::vector<std::string>{"beta"});
  CHECK(Items(alpha.rows[0][3]) == std::vector<std::string>{"Omega Fund", "Zeta Capital"});
  CHECK(Ok(CoInvestedCompaniesTable(*m.store, "Gamma", 100, FundingOptions{D("2024-12")}))
            .rows.empty());
  auto unknown = CoInvestedCompaniesTable(*m.store, "Delta");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == StatusCode::kNotFound);
}

TEST_CASE("shared-investors on the bundled dataset: DeepSeek and Moonshot AI share nobody") {
  TempDir dir;
  auto store = BundledStore(dir);
  CHECK(Ok(SharedInvestorsTable(*store, {"DeepSeek", "Moonshot AI"}, std::nullopt)).rows.empty());
  ResultTable any = Ok(SharedInvestorsTable(*store, {"DeepSeek", "Moonshot AI"}, 1));
  // Equal counts, by name: CATL before Tencent.
  CHECK(ColumnTexts(any, "investor") == std::vector<std::string>{"CATL", "Tencent"});
  CHECK(ColumnTexts(any, "backs") == std::vector<std::string>{"DeepSeek", "DeepSeek"});
  CHECK(ColumnTexts(any, "rounds") ==
        std::vector<std::string>{"deepseek-series-a", "deepseek-series-a"});
}

TEST_CASE("investors and portfolio on dated rounds: oldest first, shares, --as-of") {
  CoInvestors m;
  ResultTable alpha = Ok(InvestorsTable(*m.store, "Alpha"));
  // Rounds oldest first; within a round leads first, then by name.
  CHECK(ColumnTexts(alpha, "investor") == std::vector<std::string>{"Zeta Capital", "Apex Ventures",
                                                                   "Omega Fund", "Omega Fund",
                                                                   "Solo Angel"});
  CHECK(ColumnTexts(alpha, "round") ==
        std::vector<std::string>{"alpha-a", "alpha-a", "alpha-a", "alpha-b", "alpha-b"});
  CHECK(ColumnTexts(alpha, "date") ==
        std::vector<std::string>{"2024-01", "2024-01", "2024-01", "2025-01", "2025-01"});
  CHECK(ColumnTexts(alpha, "share") == std::vector<std::string>{"", "", "", "12000000 USD", ""});
  CHECK(ColumnTexts(alpha, "lead") ==
        std::vector<std::string>{"true", "false", "false", "true", "false"});
  FundingOptions before;
  before.as_of = D("2024-12-31");
  CHECK(ColumnTexts(Ok(InvestorsTable(*m.store, "Alpha", before)), "round") ==
        std::vector<std::string>{"alpha-a", "alpha-a", "alpha-a"});

  ResultTable zeta = Ok(PortfolioTable(*m.store, "Zeta Capital"));
  CHECK(ColumnTexts(zeta, "company") == std::vector<std::string>{"Alpha", "Beta", "Gamma"});
  CHECK(ColumnTexts(zeta, "round") == std::vector<std::string>{"alpha-a", "beta-seed", "gamma-a"});
  CHECK(ColumnTexts(zeta, "lead") == std::vector<std::string>{"true", "false", "false"});
  CHECK(ColumnTexts(Ok(PortfolioTable(*m.store, "Zeta Capital", before)), "round") ==
        std::vector<std::string>{"alpha-a", "beta-seed"});
  ResultTable omega = Ok(PortfolioTable(*m.store, "omega"));
  CHECK(ColumnTexts(omega, "round") == std::vector<std::string>{"alpha-a", "beta-seed", "alpha-b"});
  CHECK(ColumnTexts(omega, "share") == std::vector<std::string>{"", "", "12000000 USD"});
}

// --- rivals ----------------------------------------------------------------------------------

TEST_CASE("rivals of Baidu, depth 1: DeepSeek and Moonshot AI") {
  TempDir dir;
  auto store = BundledStore(dir);
  ResultTable t = Ok(RivalsTable(*store, "Baidu"));
  CHECK(t.columns ==
        std::vector<std::string>{"id", "name", "kind", "distance", "via", "basis", "sources"});
  CHECK(ColumnTexts(t, "name") == std::vector<std::string>{"DeepSeek", "Moonshot AI"});
  CHECK(ColumnTexts(t, "id") == std::vector<std::string>{"deepseek", "moonshot-ai"});
  CHECK(ColumnTexts(t, "kind") == std::vector<std::string>{"company", "company"});
  CHECK(ColumnTexts(t, "distance") == std::vector<std::string>{"1", "1"});
  CHECK(ColumnTexts(t, "via") == std::vector<std::string>{"", ""});
  for (const std::string& basis : ColumnTexts(t, "basis")) {
    CHECK(basis.rfind("Compared in the article's Competitor Analysis table", 0) == 0);
  }
  CHECK(ColumnTexts(t, "sources") == std::vector<std::string>{kPandaily, kPandaily});
  // rival_of is symmetric: each of the three sees the other two, whichever end it is stored at.
  CHECK(ColumnTexts(Ok(RivalsTable(*store, "DeepSeek")), "name") ==
        std::vector<std::string>{"Baidu", "Moonshot AI"});
  CHECK(ColumnTexts(Ok(RivalsTable(*store, "月之暗面")), "name") ==
        std::vector<std::string>{"Baidu", "DeepSeek"});
  // Deeper finds nothing more: the three are a triangle.
  CHECK(Ok(RivalsTable(*store, "Baidu", RivalsOptions{3, {}})).rows.size() == 2);
  CHECK(Ok(RivalsTable(*store, "Tencent")).rows.empty());
}

// A chain of rivalries a – b – c – d (written in both directions), and e, founded in 2027,
// a rival of a; rival_of is given a `since` date property by a schema extension.
constexpr const char* kChain = R"json({"format": "landscape/1",
  "schema": {"relations": {"rival_of": {"properties": {"since": "date"}}}},
  "entities": [
    {"id": "a", "kind": "company", "name": "Anchor"},
    {"id": "b", "kind": "company", "name": "Bridge"},
    {"id": "c", "kind": "company", "name": "Crest"},
    {"id": "d", "kind": "company", "name": "Delta"},
    {"id": "e", "kind": "company", "name": "Echo", "attributes": {"founded": "2027"}},
    {"id": "f", "kind": "company", "name": "Fjord"}],
  "relations": [
    {"relation": "rival_of", "from": "a", "to": "b", "properties": {"basis": "same market"}},
    {"relation": "rival_of", "from": "c", "to": "b"},
    {"relation": "rival_of", "from": "c", "to": "d"},
    {"relation": "rival_of", "from": "a", "to": "e"},
    {"relation": "rival_of", "from": "f", "to": "a", "properties": {"since": "2026-06"}}]})json";

TEST_CASE("rivals --depth walks rival_of breadth first with distance and via") {
  TempDir dir;
  auto store = EmptyStore(dir);
  ImportJson(store.get(), dir, kChain);
  ResultTable one = Ok(RivalsTable(*store, "Anchor", RivalsOptions{1, {}}));
  CHECK(ColumnTexts(one, "name") == std::vector<std::string>{"Bridge", "Echo", "Fjord"});
  CHECK(Text(one.rows[0][ColumnOf(one, "basis")]) == "same market");
  CHECK(Text(one.rows[1][ColumnOf(one, "basis")]) == "");

  ResultTable two = Ok(RivalsTable(*store, "Anchor", RivalsOptions{2, {}}));
  CHECK(ColumnTexts(two, "name") == std::vector<std::string>{"Bridge", "Echo", "Fjord", "Crest"});
  CHECK(ColumnTexts(two, "distance") == std::vector<std::string>{"1", "1", "1", "2"});
  CHECK(ColumnTexts(two, "via") == std::vector<std::string>{"", "", "", "Bridge"});
  // Delta is three rivalries away.
  ResultTable three = Ok(RivalsTable(*store, "Anchor", RivalsOptions{3, {}}));
  CHECK(ColumnTexts(three, "name") ==
        std::vector<std::string>{"Bridge", "Echo", "Fjord", "Crest", "Delta"});
  CHECK(ColumnTexts(three, "via") == std::vector<std::string>{"", "", "", "Bridge", "Crest"});
  // From the middle, both directions at distance 1, and the start never comes back.
  ResultTable middle = Ok(RivalsTable(*store, "Crest", RivalsOptions{2, {}}));
  CHECK(ColumnTexts(middle, "name") == std::vector<std::string>{"Bridge", "Delta", "Anchor"});
  CHECK(ColumnTexts(middle, "via") == std::vector<std::string>{"", "", "Bridge"});

  auto zero = RivalsTable(*store, "Anchor", RivalsOptions{0, {}});
  REQUIRE_FALSE(zero.ok());
  CHECK(zero.status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("rivals --as-of: a rivalry dated later, or a rival founded later, is not known") {
  TempDir dir;
  auto store = EmptyStore(dir);
  ImportJson(store.get(), dir, kChain);
  // As of 2026-03 the Fjord rivalry (since 2026-06) does not exist yet.
  CHECK(ColumnTexts(Ok(RivalsTable(*store, "Anchor", RivalsOptions{1, D("2026-03")})), "name") ==
        std::vector<std::string>{"Bridge"});
  CHECK(ColumnTexts(Ok(RivalsTable(*store, "Anchor", RivalsOptions{1, D("2026-06")})), "name") ==
        std::vector<std::string>{"Bridge", "Fjord"});
  // Echo is founded in 2027: docs/queries.md, "an entity that starts after D is left out
  // with its relations".
  CHECK(ColumnTexts(Ok(RivalsTable(*store, "Anchor", RivalsOptions{1, D("2026-12-31")})), "name") ==
        std::vector<std::string>{"Bridge", "Fjord"});
  CHECK(ColumnTexts(Ok(RivalsTable(*store, "Anchor", RivalsOptions{1, D("2027")})), "name") ==
        std::vector<std::string>{"Bridge", "Echo", "Fjord"});
}

}  // namespace
}  // namespace landscape

namespace landscape {
namespace {

TEST_CASE("shared-investors counts a company named twice once") {
  CoInvestors m;
  // Omega backs Alpha and Beta; "alpha" and "Alpha" are the same company.
  ResultTable twice = m.Shared({"Alpha", "Beta", "alpha"}, 2);
  ResultTable once = m.Shared({"Alpha", "Beta"}, 2);
  CHECK(twice.rows == once.rows);
  CHECK(ColumnTexts(twice, "companies") == std::vector<std::string>{"2", "2"});
}

}  // namespace
}  // namespace landscape
