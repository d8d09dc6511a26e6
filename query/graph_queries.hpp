#pragma once
// Global verbs over a Graph (docs/queries.md): paths between entities, rankings and
// connected groups. Each takes its request and the read context.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "landscape/request.hpp"
#include "landscape/result_table.hpp"
#include "landscape/status.hpp"
#include "storage/store.hpp"

namespace landscape {

// `landscape path FROM TO`. Two tables:
//   paths  path, hops, chain — the chain reads "CATL → invested_in → DeepSeek Series A ←
//          raised ← DeepSeek — rival_of — Baidu": → follows a relation's direction, ← goes
//          against it, — is a symmetric relation
//   hops   path, hop, from_id, from, relation, direction (forward/backward/symmetric), to_id,
//          to, sources
// NotFound when no path of at most max_hops exists.
Result<std::vector<ResultTable>> PathTables(const Store& store, const PathRequest& request,
                                            const ReadContext& context = {});

enum class RankMetric { kTotalRaised, kValuation, kInvestors, kDegree, kPageRank, kBetweenness };
Result<RankMetric> ParseRankMetric(const std::string& name);

// `landscape rank --by METRIC` (ParseRankMetric names the metrics): two tables.
//   ranking  rank, id, name, kind, value (a number, or money in the currency for total-raised
//            and valuation). Highest first; ties by id.
//   omitted  id, name, kind, reason: the entities of the kind without a value (no rounds, no
//            valuation, no rate, no investors recorded), in id order, the first `limit`; the
//            title counts them all.
Result<std::vector<ResultTable>> RankTables(const Store& store, const RankRequest& request,
                                            const ReadContext& context = {});
// The ranking table alone.
Result<ResultTable> RankTable(const Store& store, const RankRequest& request,
                              const ReadContext& context = {});

// `landscape clusters`: connected groups of at least two entities, largest first. Columns:
// cluster, size, members.
Result<ResultTable> ClustersTable(const Store& store, const ClustersRequest& request,
                                  const ReadContext& context = {});

}  // namespace landscape
