// Differential tests: Landscape's graph algorithms against NetworkX on generated graphs of a
// few thousand entities. Any mismatch fails the test.

#include <doctest/doctest.h>

#include <map>
#include <random>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "query/graph_algorithms.hpp"
#include "query/graph_view.hpp"
#include "storage/importer.hpp"
#include "tests/test_support.hpp"

namespace landscape {
namespace {

using nlohmann::json;
using testing::TempDir;

struct GeneratedGraph {
  std::vector<std::string> nodes;
  struct Edge {
    std::string from, to, type;  // rival_of or partner_of
  };
  std::vector<Edge> edges;
};

// Companies joined by rivalries and partnerships: skewed degrees, parallel edges (a pair both
// rivals and partners), isolated vertices and several components.
GeneratedGraph Generate(size_t nodes, size_t relations, uint64_t seed) {
  std::mt19937_64 rng(seed);
  GeneratedGraph g;
  for (size_t i = 0; i < nodes; ++i) g.nodes.push_back(fmt::format("c{:05}", i));
  std::set<std::tuple<size_t, size_t, int>> seen;
  while (g.edges.size() < relations) {
    // Squaring a uniform draw skews towards low indices: a few hubs, many quiet vertices.
    auto pick = [&](size_t limit) {
      double u = std::uniform_real_distribution<double>(0, 1)(rng);
      return static_cast<size_t>(u * u * static_cast<double>(limit));
    };
    size_t a = pick(nodes * 9 / 10), b = pick(nodes * 9 / 10);  // the last tenth stay alone
    int type = static_cast<int>(rng() % 2);
    if (a == b) continue;
    if (a > b) std::swap(a, b);
    if (!seen.insert({a, b, type}).second) continue;
    // partner_of is written from the larger id: the store orders symmetric ends itself.
    if (type) g.edges.push_back({g.nodes[b], g.nodes[a], "partner_of"});
    if (!type) g.edges.push_back({g.nodes[a], g.nodes[b], "rival_of"});
  }
  return g;
}

std::string ToJsonLines(const GeneratedGraph& g) {
  std::string out = "{\"format\":\"landscape/1\"}\n";
  for (const std::string& n : g.nodes) {
    out +=
        fmt::format(R"({{"type":"entity","id":"{}","kind":"company","name":"Company {}"}})", n, n) +
        "\n";
  }
  for (const auto& e : g.edges) {
    out += fmt::format(R"({{"type":"relation","relation":"{}","from":"{}","to":"{}"}})", e.type,
                       e.from, e.to) +
           "\n";
  }
  return out;
}

std::string PythonWithNetworkx() {
  for (const char* candidate : {"python3", "/usr/bin/python3"}) {
    std::string probe = fmt::format("{} -c 'import networkx' >/dev/null 2>&1", candidate);
    if (std::system(probe.c_str()) == 0) return candidate;
  }
  return "";
}

json NetworkxReference(const GeneratedGraph& g, const std::vector<std::string>& sources,
                       const TempDir& dir) {
  std::string python = PythonWithNetworkx();
  REQUIRE_MESSAGE(!python.empty(), "no python3 with networkx: run tools/setup.sh");
  json input = {{"nodes", g.nodes}, {"edges", json::array()}, {"sources", sources}};
  for (const auto& e : g.edges) input["edges"].push_back({e.from, e.to});
  testing::WriteFile(dir / "graph.json", input.dump());
  std::string command = fmt::format("{} {}/tests/query/networkx_reference.py < {} > {}", python,
                                    testing::SourceDir(), dir / "graph.json", dir / "nx.json");
  REQUIRE(std::system(command.c_str()) == 0);
  return json::parse(testing::ReadFile(dir / "nx.json"));
}

struct Loaded {
  std::unique_ptr<Store> store;
  GraphView view;
  std::map<std::string, GraphView::Vertex> vertex_of;
  std::vector<std::string> id_of;
};

Loaded Load(const GeneratedGraph& g, const TempDir& dir) {
  auto store = Store::Create(dir / "s.db");
  REQUIRE_OK(store);
  {
    Importer importer(store->get());
    std::istringstream in(ToJsonLines(g));
    REQUIRE_OK(importer.AddJsonLines("graph.jsonl", in));
    REQUIRE_OK(importer.Commit());
  }
  auto view = GraphView::Build(**store);
  REQUIRE_OK(view);
  Loaded loaded{std::move(store).value(), std::move(view).value(), {}, {}};
  loaded.id_of.resize(loaded.view.vertex_count());
  REQUIRE_OK(loaded.store->ScanIds([&](std::string_view id, const keys::IdEntry& entry) {
    GraphView::Vertex v = loaded.view.vertex(entry.number);
    loaded.vertex_of[std::string(id)] = v;
    loaded.id_of[v] = std::string(id);
    return Status::Ok();
  }));
  return loaded;
}

TEST_CASE("graph algorithms agree with NetworkX on generated graphs") {
  for (auto [nodes, relations, seed] : {std::tuple{2000, 5000, 1}, std::tuple{2500, 3000, 2}}) {
    CAPTURE(nodes);
    CAPTURE(seed);
    TempDir dir;
    GeneratedGraph g = Generate(static_cast<size_t>(nodes), static_cast<size_t>(relations),
                                static_cast<uint64_t>(seed));
    std::vector<std::string> sources = {g.nodes[0], g.nodes[1], g.nodes[nodes / 2],
                                        g.nodes[static_cast<size_t>(nodes) - 1]};
    json reference = NetworkxReference(g, sources, dir);
    Loaded loaded = Load(g, dir);
    REQUIRE(loaded.view.vertex_count() == static_cast<size_t>(nodes));
    REQUIRE(loaded.view.relation_count() == static_cast<size_t>(relations));

    PageRankOptions tight;
    tight.tolerance = 1e-13;
    std::vector<double> pagerank = PageRank(loaded.view, tight);
    double worst_pagerank = 0;
    for (const auto& [id, expected] : reference["pagerank"].items()) {
      double got = pagerank[loaded.vertex_of.at(id)];
      worst_pagerank = std::max(worst_pagerank, std::fabs(got - expected.get<double>()));
    }
    CHECK(worst_pagerank < 1e-6);

    std::vector<double> betweenness = Betweenness(loaded.view).centrality;
    double worst_betweenness = 0;
    for (const auto& [id, expected] : reference["betweenness"].items()) {
      double got = betweenness[loaded.vertex_of.at(id)];
      worst_betweenness = std::max(worst_betweenness, std::fabs(got - expected.get<double>()));
    }
    CHECK(worst_betweenness < 1e-9);

    // The estimate from a tenth of the sources: each value within its stated bound, and the
    // total (the sum over vertices, which the estimate leaves unbiased) within 15% (a wrong
    // scale would be off n/k times).
    BetweennessOptions sampled;
    sampled.sources = static_cast<size_t>(nodes) / 10;
    BetweennessResult estimate = Betweenness(loaded.view, sampled);
    CHECK_FALSE(estimate.exact);
    CHECK(estimate.sources == sampled.sources);
    CHECK(estimate.error_bound > 0.05);
    CHECK(estimate.error_bound < 0.15);
    double worst_estimate = 0, exact_total = 0, estimated_total = 0;
    for (const auto& [id, expected] : reference["betweenness"].items()) {
      double got = estimate.centrality[loaded.vertex_of.at(id)];
      worst_estimate = std::max(worst_estimate, std::fabs(got - expected.get<double>()));
      exact_total += expected.get<double>();
      estimated_total += got;
    }
    CHECK(worst_estimate <= estimate.error_bound);
    CHECK(std::fabs(estimated_total - exact_total) < 0.15 * exact_total);
    BetweennessOptions every;
    every.sources = static_cast<size_t>(nodes);
    BetweennessResult all = Betweenness(loaded.view, every);
    CHECK(all.exact);
    CHECK(all.centrality == betweenness);

    uint32_t count = 0;
    std::vector<uint32_t> component = Components(loaded.view, &count);
    CHECK(count == reference["components"].size());
    for (const json& members : reference["components"]) {
      uint32_t first = component[loaded.vertex_of.at(members[0].get<std::string>())];
      size_t same = 0;
      for (const json& m : members)
        same += component[loaded.vertex_of.at(m.get<std::string>())] == first;
      CHECK(same == members.size());
    }

    for (const std::string& source : sources) {
      std::vector<uint32_t> distance = HopDistances(loaded.view, loaded.vertex_of.at(source));
      const json& expected = reference["distances"][source];
      size_t reachable = 0;
      for (size_t v = 0; v < distance.size(); ++v) {
        if (distance[v] == UINT32_MAX) continue;
        ++reachable;
        REQUIRE(expected.contains(loaded.id_of[v]));
        CHECK(distance[v] == expected[loaded.id_of[v]].get<uint32_t>());
      }
      CHECK(reachable == expected.size());
      // ShortestPaths agrees with the distances on every reachable target it is asked about.
      for (size_t v = 0; v < distance.size(); v += 97) {
        auto paths = ShortestPaths(loaded.view, loaded.vertex_of.at(source),
                                   static_cast<GraphView::Vertex>(v), 1000, false);
        if (distance[v] == UINT32_MAX) {
          CHECK(paths.empty());
        } else {
          REQUIRE(paths.size() == 1);
          CHECK(paths[0].size() == distance[v]);
        }
      }
    }
  }
}

}  // namespace
}  // namespace landscape
