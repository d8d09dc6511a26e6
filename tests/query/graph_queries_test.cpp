// Tests of the global verbs (query/graph_queries.hpp: path, rank, clusters) and of the graph
// view they share (query/graph_view.hpp), on the bundled dataset and on small graphs whose
// answers are worked out by hand in the comments.

#include "query/graph_queries.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <set>

#include "query/graph_view.hpp"
#include "tests/query/query_test_util.hpp"

namespace landscape {
namespace {

using testing::TempDir;
using namespace testing::query;

PathOptions Via(std::set<std::string> via, uint32_t max_hops = 8, bool all = false) {
  PathOptions o;
  o.via = std::move(via);
  o.max_hops = max_hops;
  o.all = all;
  return o;
}

double Number(const Cell& cell) {
  REQUIRE(cell.has_value());
  return std::strtod(cell->ToDisplayString().c_str(), nullptr);
}

// --- path ------------------------------------------------------------------------------------

TEST_CASE("path CATL → Baidu: invested_in, against raised, across rival_of") {
  TempDir dir;
  auto store = BundledStore(dir);
  std::vector<ResultTable> tables = Ok(PathTables(*store, "CATL", "Baidu", PathOptions{}));
  REQUIRE(tables.size() == 2);
  const ResultTable& paths = tables[0];
  const ResultTable& hops = tables[1];
  CHECK(paths.title == "paths");
  CHECK(paths.columns == std::vector<std::string>{"path", "hops", "chain"});
  REQUIRE(paths.rows.size() == 1);  // the only path of 3 hops
  CHECK(Text(paths.rows[0][0]) == "1");
  CHECK(Text(paths.rows[0][1]) == "3");
  CHECK(Text(paths.rows[0][2]) ==
        "CATL → invested_in → DeepSeek Series A ← raised ← DeepSeek — rival_of — Baidu");

  CHECK(hops.title == "hops");
  CHECK(hops.columns == std::vector<std::string>{"path", "hop", "from_id", "from", "relation",
                                                 "direction", "to_id", "to", "sources"});
  REQUIRE(hops.rows.size() == 3);
  CHECK(ColumnTexts(hops, "hop") == std::vector<std::string>{"1", "2", "3"});
  CHECK(ColumnTexts(hops, "from") ==
        std::vector<std::string>{"CATL", "DeepSeek Series A", "DeepSeek"});
  CHECK(ColumnTexts(hops, "relation") ==
        std::vector<std::string>{"invested_in", "raised", "rival_of"});
  CHECK(ColumnTexts(hops, "direction") ==
        std::vector<std::string>{"forward", "backward", "symmetric"});
  CHECK(ColumnTexts(hops, "to") ==
        std::vector<std::string>{"DeepSeek Series A", "DeepSeek", "Baidu"});
  for (const auto& row : hops.rows) {
    CHECK(Items(row[ColumnOf(hops, "sources")]) == std::vector<std::string>{kPandaily});
  }
}

TEST_CASE("path Baidu → CATL reads the same relations the other way") {
  TempDir dir;
  auto store = BundledStore(dir);
  std::vector<ResultTable> tables = Ok(PathTables(*store, "百度", "catl", PathOptions{}));
  REQUIRE(tables[0].rows.size() == 1);
  CHECK(Text(tables[0].rows[0][2]) ==
        "Baidu — rival_of — DeepSeek → raised → DeepSeek Series A ← invested_in ← CATL");
  CHECK(ColumnTexts(tables[1], "direction") ==
        std::vector<std::string>{"symmetric", "forward", "backward"});
}

TEST_CASE("path: --via, --max-hops and no path are NotFound") {
  TempDir dir;
  auto store = BundledStore(dir);
  // CATL takes part in no rivalry.
  auto rival_only = PathTables(*store, "CATL", "Baidu", Via({"rival_of"}));
  REQUIRE_FALSE(rival_only.ok());
  CHECK(rival_only.status().code() == StatusCode::kNotFound);
  CHECK(rival_only.status().message() == "no path from CATL to Baidu within 8 hops");
  // The three types the path needs are enough.
  CHECK(Ok(PathTables(*store, "CATL", "Baidu", Via({"invested_in", "raised", "rival_of"})))[0]
            .rows.size() == 1);
  auto no_raised = PathTables(*store, "CATL", "Baidu", Via({"invested_in", "rival_of"}));
  CHECK(no_raised.status().code() == StatusCode::kNotFound);
  // Three hops are needed.
  auto two = PathTables(*store, "CATL", "Baidu", Via({}, 2));
  REQUIRE_FALSE(two.ok());
  CHECK(two.status().code() == StatusCode::kNotFound);
  CHECK(two.status().message() == "no path from CATL to Baidu within 2 hops");
  CHECK(Ok(PathTables(*store, "CATL", "Baidu", Via({}, 3)))[0].rows.size() == 1);
  // ByteDance has no relations at all.
  CHECK(PathTables(*store, "ByteDance", "Baidu", PathOptions{}).status().code() ==
        StatusCode::kNotFound);
  // An unknown relation type is a bad argument, not "no path".
  CHECK(PathTables(*store, "CATL", "Baidu", Via({"rivals"})).status().code() ==
        StatusCode::kInvalidArgument);
  CHECK(PathTables(*store, "CATL", "Nobody", PathOptions{}).status().code() ==
        StatusCode::kNotFound);
}

// a – b, a – c, b – d, c – d: a diamond of rivalries, two shortest paths from a to d.
constexpr const char* kDiamond = R"json({"format": "landscape/1",
  "entities": [
    {"id": "a", "kind": "company", "name": "A"}, {"id": "b", "kind": "company", "name": "B"},
    {"id": "c", "kind": "company", "name": "C"}, {"id": "d", "kind": "company", "name": "D"}],
  "relations": [
    {"relation": "rival_of", "from": "a", "to": "b"}, {"relation": "rival_of", "from": "a", "to": "c"},
    {"relation": "rival_of", "from": "b", "to": "d"}, {"relation": "rival_of", "from": "c", "to": "d"}]})json";

TEST_CASE("path --all on a diamond returns both shortest paths") {
  TempDir dir;
  auto store = EmptyStore(dir);
  ImportJson(store.get(), dir, kDiamond);
  const std::set<std::string> both = {"A — rival_of — B — rival_of — D",
                                      "A — rival_of — C — rival_of — D"};
  std::vector<ResultTable> all = Ok(PathTables(*store, "A", "D", Via({}, 8, true)));
  REQUIRE(all[0].rows.size() == 2);
  std::vector<std::string> chains = ColumnTexts(all[0], "chain");
  CHECK(std::set<std::string>(chains.begin(), chains.end()) == both);
  CHECK(ColumnTexts(all[0], "path") == std::vector<std::string>{"1", "2"});
  CHECK(ColumnTexts(all[0], "hops") == std::vector<std::string>{"2", "2"});
  CHECK(ColumnTexts(all[1], "path") == std::vector<std::string>{"1", "1", "2", "2"});
  // Without --all, one of them.
  std::vector<ResultTable> one = Ok(PathTables(*store, "A", "D", PathOptions{}));
  REQUIRE(one[0].rows.size() == 1);
  CHECK(both.count(Text(one[0].rows[0][2])) == 1);
  CHECK(one[1].rows.size() == 2);
  // Longer paths are never listed: A – B is one hop although A – C – D – B also connects them.
  std::vector<ResultTable> adjacent = Ok(PathTables(*store, "A", "B", Via({}, 8, true)));
  CHECK(ColumnTexts(adjacent[0], "chain") == std::vector<std::string>{"A — rival_of — B"});
  // From an entity to itself: no hops.
  std::vector<ResultTable> self = Ok(PathTables(*store, "A", "A", PathOptions{}));
  REQUIRE(self[0].rows.size() == 1);
  CHECK(Text(self[0].rows[0][1]) == "0");
  CHECK(Text(self[0].rows[0][2]) == "A");
  CHECK(self[1].rows.empty());
}

// --- rank ------------------------------------------------------------------------------------

// Alpha–Bravo, Alpha–Charlie, Alpha–Delta, Delta–Echo rivalries; Alpha and Bravo are also
// partners (a parallel relation); Golf–Hotel partners; Foxtrot alone. Eight entities.
constexpr const char* kSmallGraph = R"json({"format": "landscape/1",
  "entities": [
    {"id": "a", "kind": "company", "name": "Alpha"}, {"id": "b", "kind": "company", "name": "Bravo"},
    {"id": "c", "kind": "company", "name": "Charlie"}, {"id": "d", "kind": "company", "name": "Delta"},
    {"id": "e", "kind": "company", "name": "Echo"}, {"id": "f", "kind": "company", "name": "Foxtrot"},
    {"id": "g", "kind": "company", "name": "Golf"}, {"id": "h", "kind": "investor", "name": "Hotel"}],
  "relations": [
    {"relation": "rival_of", "from": "a", "to": "b"}, {"relation": "rival_of", "from": "a", "to": "c"},
    {"relation": "rival_of", "from": "a", "to": "d"}, {"relation": "rival_of", "from": "d", "to": "e"},
    {"relation": "partner_of", "from": "a", "to": "b"},
    {"relation": "partner_of", "from": "g", "to": "h"}]})json";

struct SmallGraph {
  TempDir dir;
  std::unique_ptr<Store> store;
  SmallGraph() : store(EmptyStore(dir)) { ImportJson(store.get(), dir, kSmallGraph); }
  ResultTable Rank(RankMetric metric, size_t limit = 100, std::string kind = "") const {
    RankOptions o;
    o.metric = metric;
    o.limit = limit;
    o.kind = std::move(kind);
    return Ok(RankTable(*store, o));
  }
};

TEST_CASE("rank --by degree counts each relation once per end; ties by id") {
  SmallGraph g;
  ResultTable t = g.Rank(RankMetric::kDegree);
  CHECK(t.columns == std::vector<std::string>{"rank", "id", "name", "kind", "value"});
  // a: b, c, d, and b again as partner = 4; b: 2; d: 2; c, e, g, h: 1; f: 0.
  CHECK(ColumnTexts(t, "id") == std::vector<std::string>{"a", "b", "d", "c", "e", "g", "h", "f"});
  CHECK(ColumnTexts(t, "value") ==
        std::vector<std::string>{"4", "2", "2", "1", "1", "1", "1", "0"});
  CHECK(ColumnTexts(t, "rank") == std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7", "8"});
  CHECK(ColumnTexts(g.Rank(RankMetric::kDegree, 3), "id") ==
        std::vector<std::string>{"a", "b", "d"});
  // --kind keeps one kind.
  CHECK(ColumnTexts(g.Rank(RankMetric::kDegree, 100, "investor"), "id") ==
        std::vector<std::string>{"h"});
}

TEST_CASE("rank --by betweenness: NetworkX's normalisation on the simple graph") {
  SmallGraph g;
  ResultTable t = g.Rank(RankMetric::kBetweenness);
  // n = 8, so (n-1)(n-2)/2 = 21 pairs. Shortest paths through a: b–c, b–d, c–d, b–e, c–e
  // = 5/21; through d: a–e, b–e, c–e = 3/21 (the parallel a–b partnership changes nothing).
  REQUIRE(t.rows.size() == 8);
  CHECK(ColumnTexts(t, "id")[0] == "a");
  CHECK(ColumnTexts(t, "id")[1] == "d");
  CHECK(Number(t.rows[0][4]) == doctest::Approx(5.0 / 21).epsilon(1e-9));
  CHECK(Number(t.rows[1][4]) == doctest::Approx(3.0 / 21).epsilon(1e-9));
  for (size_t i = 2; i < t.rows.size(); ++i) CHECK(Number(t.rows[i][4]) == 0.0);
  // The rest tie at 0, by id.
  std::vector<std::string> ids = ColumnTexts(t, "id");
  CHECK(std::vector<std::string>(ids.begin() + 2, ids.end()) ==
        std::vector<std::string>{"b", "c", "e", "f", "g", "h"});
}

TEST_CASE("rank --by pagerank: NetworkX's PageRank of the undirected multigraph") {
  SmallGraph g;
  ResultTable t = g.Rank(RankMetric::kPageRank);
  REQUIRE(t.rows.size() == 8);
  std::map<std::string, double> rank;
  double sum = 0;
  for (const auto& row : t.rows) {
    rank[Text(row[1])] = Number(row[4]);
    sum += Number(row[4]);
  }
  CHECK(sum == doctest::Approx(1.0).epsilon(1e-9));
  // By hand: Foxtrot, alone, keeps (1-0.85)/8 plus its own rank spread over the 8:
  // f = 0.01875 + 0.85 f / 8, so f = 0.01875 / (1 - 0.85/8) = 0.020979020979.
  // Golf and Hotel pass everything to each other: g = 0.01875 + 0.85 f/8 + 0.85 g, so
  // g = (0.01875 + 0.85 f / 8) / 0.15 = f / 0.15 = 0.139860139860.
  double f = 0.01875 / (1 - 0.85 / 8);
  CHECK(rank["f"] == doctest::Approx(f).epsilon(1e-7));
  CHECK(rank["g"] == doctest::Approx(f / 0.15).epsilon(1e-7));
  CHECK(rank["h"] == doctest::Approx(f / 0.15).epsilon(1e-7));
  // The rest from networkx.pagerank (3.6, pure-Python form, tol 1e-13) on the same multigraph;
  // the parallel a–b partnership doubles that edge's weight, so b outranks c.
  CHECK(rank["a"] == doctest::Approx(0.260364975324).epsilon(1e-6));
  CHECK(rank["b"] == doctest::Approx(0.131634135492).epsilon(1e-6));
  CHECK(rank["c"] == doctest::Approx(0.076306578235).epsilon(1e-6));
  CHECK(rank["d"] == doctest::Approx(0.147379641593).epsilon(1e-6));
  CHECK(rank["e"] == doctest::Approx(0.083615368656).epsilon(1e-6));
  CHECK(ColumnTexts(t, "id") == std::vector<std::string>{"a", "d", "g", "h", "b", "e", "c", "f"});
}

TEST_CASE("rank --by pagerank on the bundled dataset sums to 1 over every entity") {
  TempDir dir;
  auto store = BundledStore(dir);
  RankOptions o;
  o.metric = RankMetric::kPageRank;
  o.limit = 1000;
  ResultTable t = Ok(RankTable(*store, o));
  REQUIRE(t.rows.size() == 11);  // 9 entities and 2 sources
  double sum = 0;
  for (const auto& row : t.rows) sum += Number(row[4]);
  CHECK(sum == doctest::Approx(1.0).epsilon(1e-9));
  // networkx.pagerank of the same 11-vertex multigraph: the round first; Baidu and Moonshot AI
  // tie (their id order decides); ByteDance, without relations, last.
  CHECK(ColumnTexts(t, "id")[0] == "deepseek-series-a");
  CHECK(Number(t.rows[0][4]) == doctest::Approx(0.151429539072).epsilon(1e-6));
  CHECK(ColumnTexts(t, "id")[1] == "baidu");
  CHECK(ColumnTexts(t, "id")[2] == "moonshot-ai");
  CHECK(Number(t.rows[1][4]) == doctest::Approx(0.138555659681).epsilon(1e-6));
  CHECK(ColumnTexts(t, "id")[3] == "deepseek");
  CHECK(Number(t.rows[3][4]) == doctest::Approx(0.136198235014).epsilon(1e-6));
  CHECK(ColumnTexts(t, "id")[10] == "bytedance");
  CHECK(Number(t.rows[10][4]) == doctest::Approx(0.15 / 11 / (1 - 0.85 / 11)).epsilon(1e-6));
}

// Companies with rounds, investors and valuations. Rate: CNY→USD 0.14 from 2026-01.
//   alpha: alpha-a 100M USD (2025-01), alpha-b 200M CNY (2026-02); investors i1, i2 | i2, i3
//          valuation 1B USD
//   beta:  beta-a ~50M USD (undated); investor i1; valuation 10B CNY as of 2026-06
//   gamma: gamma-a 1B JPY (no JPY rate), no investors; valuation 5B JPY
//   delta: no rounds, no valuation
constexpr const char* kFunding = R"json({"format": "landscape/1",
  "entities": [
    {"id": "alpha", "kind": "company", "name": "Alpha", "attributes": {"valuation": "1B USD"}},
    {"id": "beta", "kind": "company", "name": "Beta",
     "attributes": {"valuation": {"value": "10B CNY", "as_of": "2026-06"}}},
    {"id": "gamma", "kind": "company", "name": "Gamma", "attributes": {"valuation": "5B JPY"}},
    {"id": "delta", "kind": "company", "name": "Delta"},
    {"id": "alpha-a", "kind": "funding_round", "name": "Alpha A",
     "attributes": {"amount": "100M USD", "announced": "2025-01"}},
    {"id": "alpha-b", "kind": "funding_round", "name": "Alpha B",
     "attributes": {"amount": "200M CNY", "announced": "2026-02"}},
    {"id": "beta-a", "kind": "funding_round", "name": "Beta A", "attributes": {"amount": "~50M USD"}},
    {"id": "gamma-a", "kind": "funding_round", "name": "Gamma A", "attributes": {"amount": "1B JPY"}},
    {"id": "i1", "kind": "investor", "name": "Investor One"},
    {"id": "i2", "kind": "investor", "name": "Investor Two"},
    {"id": "i3", "kind": "investor", "name": "Investor Three"}],
  "relations": [
    {"relation": "raised", "from": "alpha", "to": "alpha-a"},
    {"relation": "raised", "from": "alpha", "to": "alpha-b"},
    {"relation": "raised", "from": "beta", "to": "beta-a"},
    {"relation": "raised", "from": "gamma", "to": "gamma-a"},
    {"relation": "invested_in", "from": "i1", "to": "alpha-a"},
    {"relation": "invested_in", "from": "i2", "to": "alpha-a"},
    {"relation": "invested_in", "from": "i2", "to": "alpha-b"},
    {"relation": "invested_in", "from": "i3", "to": "alpha-b"},
    {"relation": "invested_in", "from": "i1", "to": "beta-a"}],
  "fx_rates": [{"date": "2026-01", "base": "CNY", "quote": "USD", "rate": "0.14"}]})json";

ResultTable RankFunding(const Store& store, RankMetric metric, std::optional<Date> as_of = {},
                        std::string currency = "USD") {
  RankOptions o;
  o.metric = metric;
  o.as_of = as_of;
  o.currency = std::move(currency);
  return Ok(RankTable(store, o));
}

TEST_CASE("rank --by total-raised, investors and valuation: companies with a value") {
  TempDir dir;
  auto store = EmptyStore(dir);
  ImportJson(store.get(), dir, kFunding);
  // alpha: 100,000,000 + 200,000,000 × 0.14 = 128,000,000 USD; beta ~50,000,000 USD;
  // gamma has no JPY rate and delta no rounds: both left out.
  ResultTable raised = RankFunding(*store, RankMetric::kTotalRaised);
  CHECK(ColumnTexts(raised, "id") == std::vector<std::string>{"alpha", "beta"});
  CHECK(ColumnTexts(raised, "value") == std::vector<std::string>{"128000000 USD", "~50000000 USD"});
  // As of 2025-12, alpha-b is not announced yet.
  CHECK(ColumnTexts(RankFunding(*store, RankMetric::kTotalRaised, D("2025-12")), "value") ==
        std::vector<std::string>{"100000000 USD", "~50000000 USD"});
  // In CNY: alpha's 100,000,000 USD of 2025-01 predates the only rate (2026-01), so alpha has
  // no value at all (never a partial sum); beta's undated ~50,000,000 USD converts at the latest
  // rate, inverted: 1/0.14 = 7.142857142857, × 50,000,000 = 357,142,857.14285 → .14.
  ResultTable cny = RankFunding(*store, RankMetric::kTotalRaised, {}, "CNY");
  CHECK(ColumnTexts(cny, "id") == std::vector<std::string>{"beta"});
  CHECK(ColumnTexts(cny, "value") == std::vector<std::string>{"~357142857.14 CNY"});

  // Distinct investors: alpha i1, i2, i3 = 3; beta 1; gamma has a round but nobody in it = 0;
  // delta has no rounds: left out. Investors themselves are not companies.
  ResultTable investors = RankFunding(*store, RankMetric::kInvestors);
  CHECK(ColumnTexts(investors, "id") == std::vector<std::string>{"alpha", "beta", "gamma"});
  CHECK(ColumnTexts(investors, "value") == std::vector<std::string>{"3", "1", "0"});

  // beta: 10,000,000,000 CNY × 0.14 = 1,400,000,000 USD > alpha's 1,000,000,000 USD;
  // gamma's JPY has no rate.
  ResultTable valuation = RankFunding(*store, RankMetric::kValuation);
  CHECK(ColumnTexts(valuation, "id") == std::vector<std::string>{"beta", "alpha"});
  CHECK(ColumnTexts(valuation, "value") ==
        std::vector<std::string>{"1400000000 USD", "1000000000 USD"});
  // As of 2026-03 beta's valuation (as of 2026-06) is not known yet.
  CHECK(ColumnTexts(RankFunding(*store, RankMetric::kValuation, D("2026-03")), "id") ==
        std::vector<std::string>{"alpha"});
}

TEST_CASE("rank: metric names and bad options") {
  CHECK(Ok(ParseRankMetric("total-raised")) == RankMetric::kTotalRaised);
  CHECK(Ok(ParseRankMetric("valuation")) == RankMetric::kValuation);
  CHECK(Ok(ParseRankMetric("investors")) == RankMetric::kInvestors);
  CHECK(Ok(ParseRankMetric("degree")) == RankMetric::kDegree);
  CHECK(Ok(ParseRankMetric("pagerank")) == RankMetric::kPageRank);
  CHECK(Ok(ParseRankMetric("betweenness")) == RankMetric::kBetweenness);
  auto bad = ParseRankMetric("popularity");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == StatusCode::kInvalidArgument);
  CHECK(bad.status().message().find("popularity") != std::string::npos);
  SmallGraph g;
  RankOptions o;
  o.kind = "startup";
  CHECK(RankTable(*g.store, o).status().code() == StatusCode::kInvalidArgument);
  o.kind = "";
  o.currency = "XYZ";
  CHECK(RankTable(*g.store, o).status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("rank --by degree on the bundled dataset, funding rounds only") {
  TempDir dir;
  auto store = BundledStore(dir);
  RankOptions o;
  o.kind = "funding_round";
  ResultTable t = Ok(RankTable(*store, o));
  // The Series A: raised + two invested_in; the Series B: raised.
  CHECK(ColumnTexts(t, "id") ==
        std::vector<std::string>{"deepseek-series-a", "moonshot-ai-series-b"});
  CHECK(ColumnTexts(t, "value") == std::vector<std::string>{"3", "1"});
}

// --- clusters --------------------------------------------------------------------------------

TEST_CASE("clusters: connected groups of two or more, largest first, ties by first id") {
  SmallGraph g;
  ResultTable all = Ok(ClustersTable(*g.store, ClusterOptions{}));
  CHECK(all.columns == std::vector<std::string>{"cluster", "size", "members"});
  REQUIRE(all.rows.size() == 2);  // Foxtrot alone is no cluster
  CHECK(ColumnTexts(all, "cluster") == std::vector<std::string>{"1", "2"});
  CHECK(ColumnTexts(all, "size") == std::vector<std::string>{"5", "2"});
  CHECK(Items(all.rows[0][2]) ==
        std::vector<std::string>{"Alpha", "Bravo", "Charlie", "Delta", "Echo"});
  CHECK(Items(all.rows[1][2]) == std::vector<std::string>{"Golf", "Hotel"});

  ClusterOptions partners;
  partners.via = {"partner_of"};
  ResultTable p = Ok(ClustersTable(*g.store, partners));
  CHECK(ColumnTexts(p, "size") == std::vector<std::string>{"2", "2"});
  CHECK(Items(p.rows[0][2]) == std::vector<std::string>{"Alpha", "Bravo"});  // a before g
  CHECK(Items(p.rows[1][2]) == std::vector<std::string>{"Golf", "Hotel"});

  ClusterOptions rivals;
  rivals.via = {"rival_of"};
  rivals.members_shown = 3;
  ResultTable r = Ok(ClustersTable(*g.store, rivals));
  REQUIRE(r.rows.size() == 1);
  CHECK(Text(r.rows[0][1]) == "5");
  CHECK(Items(r.rows[0][2]) ==
        std::vector<std::string>{"Alpha", "Bravo", "Charlie", "… and 2 more"});

  ClusterOptions unknown;
  unknown.via = {"friend_of"};
  CHECK(ClustersTable(*g.store, unknown).status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("clusters of the bundled dataset, with and without --via") {
  TempDir dir;
  auto store = BundledStore(dir);
  ResultTable all = Ok(ClustersTable(*store, ClusterOptions{}));
  REQUIRE(all.rows.size() == 2);  // ByteDance has no relations
  CHECK(ColumnTexts(all, "size") == std::vector<std::string>{"8", "2"});
  CHECK(Items(all.rows[0][2]) ==
        std::vector<std::string>{"Baidu", "CATL", "DeepSeek", "DeepSeek Series A", "Ernie Bot",
                                 "Moonshot AI", "Moonshot AI Series B", "Tencent"});
  CHECK(Items(all.rows[1][2]) ==
        std::vector<std::string>{"Pandaily", "DeepSeek Raises $7.4 Billion in Historic Series A"});
  ClusterOptions rivals;
  rivals.via = {"rival_of"};
  ResultTable r = Ok(ClustersTable(*store, rivals));
  REQUIRE(r.rows.size() == 1);
  CHECK(Items(r.rows[0][2]) == std::vector<std::string>{"Baidu", "DeepSeek", "Moonshot AI"});
  ClusterOptions funding;
  funding.via = {"invested_in", "raised"};
  ResultTable f = Ok(ClustersTable(*store, funding));
  CHECK(ColumnTexts(f, "size") == std::vector<std::string>{"4", "2"});
  CHECK(Items(f.rows[0][2]) ==
        std::vector<std::string>{"CATL", "DeepSeek", "DeepSeek Series A", "Tencent"});
  CHECK(Items(f.rows[1][2]) == std::vector<std::string>{"Moonshot AI", "Moonshot AI Series B"});
}

// --- the graph view and --as-of --------------------------------------------------------------

// old (founded 2020) raised r (announced 2026-03), develops m (released 2025) since 2026-09,
// is a rival of young (founded 2026-06) and partner of p (partnership since "2026").
constexpr const char* kDated = R"json({"format": "landscape/1",
  "entities": [
    {"id": "old", "kind": "company", "name": "Old Co", "attributes": {"founded": "2020"}},
    {"id": "young", "kind": "company", "name": "Young Co", "attributes": {"founded": "2026-06"}},
    {"id": "p", "kind": "company", "name": "Partner Co"},
    {"id": "r", "kind": "funding_round", "name": "Old Co Series A",
     "attributes": {"announced": "2026-03", "amount": "10M USD"}},
    {"id": "m", "kind": "model", "name": "Old Model", "attributes": {"released": "2025"}}],
  "relations": [
    {"relation": "raised", "from": "old", "to": "r"},
    {"relation": "develops", "from": "old", "to": "m", "properties": {"since": "2026-09"}},
    {"relation": "rival_of", "from": "old", "to": "young"},
    {"relation": "partner_of", "from": "old", "to": "p", "properties": {"since": "2026"}}]})json";

struct ViewCounts {
  size_t vertices, relations;
  friend bool operator==(const ViewCounts&, const ViewCounts&) = default;
};

ViewCounts CountsAsOf(const Store& store, std::optional<std::string> as_of) {
  GraphViewOptions o;
  if (as_of) o.as_of = D(*as_of);
  GraphView view = Ok(GraphView::Build(store, o));
  return {view.vertex_count(), view.relation_count()};
}

TEST_CASE("graph view --as-of drops entities that start later and relations dated later") {
  TempDir dir;
  auto store = EmptyStore(dir);
  ImportJson(store.get(), dir, kDated);
  CHECK(CountsAsOf(*store, std::nullopt) == ViewCounts{5, 4});
  // 2025-12-31: r (2026-03) and young (2026-06) not yet; m (2025) is; develops (since
  // 2026-09) and partner_of (since 2026) not yet.
  CHECK(CountsAsOf(*store, "2025-12-31") == ViewCounts{3, 0});
  {
    GraphViewOptions o;
    o.as_of = D("2025-12-31");
    GraphView view = Ok(GraphView::Build(*store, o));
    CHECK(view.vertex(NumberOf(*store, "r")) == GraphView::kNoVertex);
    CHECK(view.vertex(NumberOf(*store, "young")) == GraphView::kNoVertex);
    CHECK(view.vertex(NumberOf(*store, "m")) != GraphView::kNoVertex);
    CHECK(view.vertex(NumberOf(*store, "old")) != GraphView::kNoVertex);
  }
  // 2026-03-01: the partnership dated "2026" is known; r, announced 2026-03, too.
  CHECK(CountsAsOf(*store, "2026-03-01") == ViewCounts{4, 2});
  CHECK(CountsAsOf(*store, "2026-02") == ViewCounts{3, 1});
  CHECK(CountsAsOf(*store, "2026-06") == ViewCounts{5, 3});
  CHECK(CountsAsOf(*store, "2026-09-01") == ViewCounts{5, 4});
  CHECK(CountsAsOf(*store, "2026") == ViewCounts{5, 4});  // the whole year

  // Relation types filter the view; an unknown one is refused.
  GraphViewOptions raised;
  raised.relation_types = {"raised"};
  CHECK(Ok(GraphView::Build(*store, raised)).relation_count() == 1);
  GraphViewOptions unknown;
  unknown.relation_types = {"owns"};
  CHECK(GraphView::Build(*store, unknown).status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("path, rank and clusters see the graph as of --as-of") {
  TempDir dir;
  auto store = EmptyStore(dir);
  ImportJson(store.get(), dir, kDated);
  PathOptions before;
  before.as_of = D("2026-05");
  auto missing = PathTables(*store, "Old Co", "Young Co", before);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == StatusCode::kNotFound);
  CHECK(missing.status().message().find("not in the graph as of that date") != std::string::npos);
  PathOptions after;
  after.as_of = D("2026-06-15");
  CHECK(Text(Ok(PathTables(*store, "Old Co", "Young Co", after))[0].rows[0][2]) ==
        "Old Co — rival_of — Young Co");
  // Old Model exists in 2026-05 but develops only from 2026-09.
  CHECK(PathTables(*store, "Old Co", "Old Model", before).status().code() == StatusCode::kNotFound);

  RankOptions degree;
  degree.as_of = D("2026-05");
  ResultTable ranked = Ok(RankTable(*store, degree));
  // Old Co: raised and partner_of; Partner Co and the round: 1; Old Model: 0; Young Co absent.
  CHECK(ColumnTexts(ranked, "id") == std::vector<std::string>{"old", "p", "r", "m"});
  CHECK(ColumnTexts(ranked, "value") == std::vector<std::string>{"2", "1", "1", "0"});

  ClusterOptions clusters;
  clusters.as_of = D("2025");
  CHECK(Ok(ClustersTable(*store, clusters)).rows.empty());
  clusters.as_of = D("2026");
  ResultTable c = Ok(ClustersTable(*store, clusters));
  REQUIRE(c.rows.size() == 1);
  CHECK(Text(c.rows[0][1]) == "5");
}

TEST_CASE("KnownOn: a fact dated with any precision is known from its first day") {
  CHECK(KnownOn(D("2026"), D("2026-03-01")));
  CHECK_FALSE(KnownOn(D("2026"), D("2025-12-31")));
  CHECK(KnownOn(D("2026"), D("2026-01-01")));
  CHECK(KnownOn(D("2026-03"), D("2026-03-01")));
  CHECK_FALSE(KnownOn(D("2026-03"), D("2026-02-28")));
  CHECK(KnownOn(D("2026-03-15"), D("2026-03")));  // --as-of a month sees the whole month
  CHECK_FALSE(KnownOn(D("2026-04-01"), D("2026-03")));
  CHECK(KnownOn(D("2026-12-31"), D("2026")));
  CHECK_FALSE(KnownOn(D("2027-01-01"), D("2026")));
  CHECK(KnownOn(D("2020-02-29"), D("2020-02-29")));
}

}  // namespace
}  // namespace landscape
