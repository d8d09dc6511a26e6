#pragma once
// Global verbs over a GraphView (docs/queries.md): paths between entities, rankings and
// connected groups.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "landscape/result_table.hpp"
#include "landscape/status.hpp"
#include "query/graph_view.hpp"
#include "storage/store.hpp"

namespace landscape {

struct PathOptions {
  std::set<std::string> via;  // relation types to follow; empty: all
  uint32_t max_hops = 8;      // Default: 8
  bool all = false;           // every shortest path (at most 100), not one
  std::optional<Date> as_of;
};

// `landscape path FROM TO`. Two tables:
//   paths  path, hops, chain — the chain reads "CATL → invested_in → DeepSeek Series A ←
//          raised ← DeepSeek — rival_of — Baidu": → follows a relation's direction, ← goes
//          against it, — is a symmetric relation
//   hops   path, hop, from_id, from, relation, direction (forward/backward/symmetric), to_id,
//          to, sources
// NotFound when no path of at most max_hops exists.
Result<std::vector<ResultTable>> PathTables(const Store& store, const std::string& from,
                                            const std::string& to, const PathOptions& options);

enum class RankMetric { kTotalRaised, kValuation, kInvestors, kDegree, kPageRank, kBetweenness };
Result<RankMetric> ParseRankMetric(const std::string& name);

struct RankOptions {
  RankMetric metric = RankMetric::kDegree;
  std::string kind;  // only this kind; total-raised, valuation, investors default to company
  size_t limit = 20;
  std::string currency = "USD";
  std::optional<Date> as_of;
};

// `landscape rank --by METRIC`. Columns: rank, id, name, kind, value (a number, or money in
// the currency for total-raised and valuation). Highest first; ties by id. Entities without
// a value (no rounds, no valuation, no rate) are left out.
Result<ResultTable> RankTable(const Store& store, const RankOptions& options);

struct ClusterOptions {
  std::set<std::string> via;
  std::optional<Date> as_of;
  size_t members_shown = 12;  // Default: 12 names a cluster, then "… and N more"
};

// `landscape clusters`: connected groups of at least two entities, largest first. Columns:
// cluster, size, members.
Result<ResultTable> ClustersTable(const Store& store, const ClusterOptions& options);

}  // namespace landscape
