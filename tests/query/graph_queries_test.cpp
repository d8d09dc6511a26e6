// Tests of the global verbs (query/graph_queries.hpp: path, rank, clusters) and of the graph
// view they share (query/graph_view.hpp) that a data-driven case cannot make: PageRank and
// betweenness against NetworkX's figures within a tolerance, options the CLI does not expose,
// the view itself. What the verbs print is tested by tests/cases/graph*.test, path_diamond.test
// and rank_funding.test; answers are worked out by hand in the comments.

#include "query/graph_queries.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "query/graph_algorithms.hpp"
#include "query/graph_view.hpp"
#include "storage/store_edits.hpp"
#include "tests/query/query_test_util.hpp"

namespace landscape {
namespace {

using testing::TempDir;
using namespace testing::query;

double Number(const Cell& cell) {
  REQUIRE(cell.has_value());
  return std::strtod(cell->ToDisplayString().c_str(), nullptr);
}

// --- rank ------------------------------------------------------------------------------------

// tests/cases/data/small_graph.json: Alpha–Bravo, Alpha–Charlie, Alpha–Delta, Delta–Echo
// rivalries; Alpha and Bravo are also partners (a parallel relation); Golf–Hotel partners;
// Foxtrot alone. Eight entities.
struct SmallGraph {
  TempDir dir;
  std::unique_ptr<Store> store;
  SmallGraph() : store(EmptyStore(dir)) { ImportCaseData(store.get(), "small_graph.json"); }
  ResultTable Rank(std::string by, size_t limit = 100, std::string kind = "") const {
    return Ok(RankTable(*store, RankRequest{std::move(by), std::move(kind), limit}));
  }
};

TEST_CASE("rank --by betweenness: NetworkX's normalisation on the simple graph") {
  SmallGraph g;
  ResultTable t = g.Rank("betweenness");
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

TEST_CASE("rank --by betweenness --samples: an estimate, and the table says so") {
  SmallGraph g;
  RankRequest request{"betweenness", "", 100};
  size_t calls = 0, last_done = 0, last_total = 0;
  request.samples = 2;
  request.progress = [&](size_t done, size_t total) {
    ++calls;
    last_done = done;
    last_total = total;
  };
  ResultTable estimate = Ok(RankTable(*g.store, request));
  CHECK(estimate.title.starts_with("betweenness estimated from 2 of "));
  CHECK(estimate.title.find("with probability 95%") != std::string::npos);
  CHECK(calls >= 1);
  CHECK(last_done == 2);
  CHECK(last_total == 2);
  // Without samples, a graph this small is exact, and the title stays empty.
  ResultTable exact = Ok(RankTable(*g.store, RankRequest{"betweenness", "", 100}));
  CHECK(exact.title.empty());
}

TEST_CASE("betweenness: the sources that fit in a budget of steps") {
  CHECK(BetweennessSourcesWithin(100, 200, 1'000'000) == 100);  // all: exact
  CHECK(BetweennessSourcesWithin(52000, 200000, 250'000'000) == 250'000'000 / 452001);
  CHECK(BetweennessSourcesWithin(10, 10, 1) == 1);  // never none
}

TEST_CASE("rank --by pagerank: NetworkX's PageRank of the undirected multigraph") {
  SmallGraph g;
  ResultTable t = g.Rank("pagerank");
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
  ResultTable t = Ok(RankTable(*store, RankRequest{"pagerank", "", 1000}));
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
  CHECK(RankTable(*g.store, RankRequest{"degree", "startup"}).status().code() ==
        StatusCode::kInvalidArgument);
  CHECK(RankTable(*g.store, RankRequest{}, ReadContext{std::nullopt, "XYZ"}).status().code() ==
        StatusCode::kInvalidArgument);
}

// --- clusters --------------------------------------------------------------------------------

TEST_CASE("clusters: members_shown cuts the member list and says how many more") {
  SmallGraph g;
  ClustersRequest rivals;
  rivals.via = {"rival_of"};
  rivals.members_shown = 3;
  ResultTable r = Ok(ClustersTable(*g.store, rivals));
  REQUIRE(r.rows.size() == 1);
  CHECK(Text(r.rows[0][1]) == "5");
  CHECK(Items(r.rows[0][2]) == std::vector<std::string>{"Alpha", "Bravo", "Charlie"});
  REQUIRE(r.rows[0][2].entities().size() == 3);
  CHECK(r.rows[0][2].entities()[0].id == "a");
  CHECK(r.rows[0][2].note() == "and 2 more");
}

// --- the graph view and --as-of --------------------------------------------------------------

// tests/cases/data/dated_graph.json: old (founded 2020) raised r (announced 2026-03),
// develops m (released 2025) since 2026-09, is a rival of young (founded 2026-06) and partner
// of p (partnership since "2026").
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
  ImportCaseData(store.get(), "dated_graph.json");
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

// A process asking twice of the same store state gets the view it built; a writer's change,
// or other options, give a new one, and the answers follow the change.
TEST_CASE("the shared view is reused for one store state and follows a writer's changes") {
  TempDir dir;
  auto store = EmptyStore(dir);
  ImportCaseData(store.get(), "small_graph.json");
  auto first = Ok(GraphView::Shared(*store));
  CHECK(Ok(GraphView::Shared(*store)) == first);
  GraphViewOptions rivals;
  rivals.relation_types = {"rival_of"};
  auto filtered = Ok(GraphView::Shared(*store, rivals));
  CHECK(filtered != first);
  CHECK(filtered->relation_count() < first->relation_count());

  std::filesystem::remove(store->graph_image_path());  // the queries below read the view
  PathRequest foxtrot_to_alpha;
  foxtrot_to_alpha.from = "Foxtrot";
  foxtrot_to_alpha.to = "Alpha";
  auto foxtrot_paths = [&] { return PathTables(*store, foxtrot_to_alpha, {}); };
  CHECK(foxtrot_paths().status().code() == StatusCode::kNotFound);
  RelationSpec spec;
  spec.type = "rival_of";
  spec.from = "f";
  spec.to = "e";
  REQUIRE_OK(AddRelation(store.get(), spec));
  auto after = Ok(GraphView::Shared(*store));
  CHECK(after != first);
  CHECK(after->relation_count() == first->relation_count() + 1);
  auto paths = foxtrot_paths();
  REQUIRE_OK(paths);
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
