#pragma once
// The six operations answered by Landscape's query library in process (the market benchmark's
// warm side), each read back from the ResultTable the CLI would print into the engine-neutral
// answers of market_answers.hpp, and the CLI argument lists of the same operations (its cold
// side). docs/benchmark-operations.md defines the operations.

#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench_support.hpp"
#include "market_answers.hpp"
#include "query/funding_tables.hpp"
#include "query/graph_queries.hpp"
#include "query/graph_view.hpp"
#include "storage/store.hpp"

namespace landscape_bench {

inline constexpr int kPathMaxHops = 12;
inline constexpr size_t kSharedLimit = 100;
inline constexpr size_t kRankLimit = 20;

template <typename T>
T Must(landscape::Result<T> r, const std::string& what) {
  if (!r.ok()) Die(fmt::format("{}: {}", what, r.status().message()));
  return std::move(r).value();
}

inline size_t ColumnIndex(const landscape::ResultTable& t, const std::string& name) {
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (t.columns[i] == name) return i;
  }
  Die(fmt::format("the result has no column '{}'", name));
}

inline std::string TextCell(const landscape::Cell& c) { return c ? c->ToDisplayString() : ""; }

inline int64_t CentsOf(const landscape::Money& m, const std::string& what) {
  auto cents = m.amount.ScaledByPowerOfTen(2);
  if (!cents.ok() || !cents->is_integer())
    Die(fmt::format("{}: {} is not whole cents", what, m.ToString()));
  return cents->mantissa();
}

inline InvestorsAnswer LandscapeInvestors(const landscape::Store& store, const std::string& id) {
  using landscape::Money;
  auto t =
      Must(landscape::InvestorsTable(store, landscape::InvestorsRequest{id}), "investors " + id);
  size_t investor = ColumnIndex(t, "investor_id"), round = ColumnIndex(t, "round"),
         share = ColumnIndex(t, "share"), date = ColumnIndex(t, "date"),
         lead = ColumnIndex(t, "lead");
  InvestorsAnswer out;
  for (const auto& row : t.rows) {
    InvestorRow r{TextCell(row[investor]),
                  TextCell(row[round]),
                  -1,
                  "",
                  TextCell(row[date]),
                  row[lead] && std::get<bool>(row[lead]->data)};
    if (row[share]) {
      const Money& m = std::get<Money>(row[share]->data);
      r.share_cents = CentsOf(m, "investors " + id);
      r.currency = m.currency;
    }
    out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline SharedAnswer LandscapeShared(const landscape::Store& store, const std::string& id) {
  auto t =
      Must(landscape::CoInvestedCompaniesTable(store, id, kSharedLimit), "shared-investors " + id);
  size_t company = ColumnIndex(t, "company_id"), shared = ColumnIndex(t, "shared");
  SharedAnswer out;
  for (const auto& row : t.rows) {
    out.push_back({TextCell(row[company]), std::get<int64_t>(row[shared]->data)});
  }
  return out;
}

inline PathAnswer LandscapePath(const landscape::Store& store, const std::string& from,
                                const std::string& to) {
  landscape::PathRequest request;
  request.from = from;
  request.to = to;
  request.max_hops = kPathMaxHops;
  auto tables = landscape::PathTables(store, request);
  PathAnswer out;
  if (!tables.ok()) {
    if (tables.status().code() != landscape::StatusCode::kNotFound) {
      Die(fmt::format("path {} {}: {}", from, to, tables.status().message()));
    }
    return out;  // no path within the hops
  }
  const landscape::ResultTable& hops = (*tables)[1];
  size_t from_id = ColumnIndex(hops, "from_id"), to_id = ColumnIndex(hops, "to_id");
  out.found = true;
  out.ids.push_back(from);
  for (const auto& row : hops.rows) {
    if (TextCell(row[from_id]) != out.ids.back()) Die("path: hops do not chain");
    out.ids.push_back(TextCell(row[to_id]));
  }
  return out;
}

inline landscape::RankRequest RankBy(const char* metric) {
  return landscape::RankRequest{metric, "", kRankLimit};
}

inline TotalsAnswer LandscapeTotals(const landscape::Store& store) {
  auto t = Must(landscape::RankTable(store, RankBy("total-raised")), "rank --by total-raised");
  size_t id = ColumnIndex(t, "id"), value = ColumnIndex(t, "value");
  TotalsAnswer out;
  for (const auto& row : t.rows) {
    const auto& m = std::get<landscape::Money>(row[value]->data);
    out.push_back({TextCell(row[id]), CentsOf(m, "rank --by total-raised")});
  }
  return out;
}

// The top 20 ids by PageRank; nothing to cross-check it with in SQLite.
inline std::vector<std::string> LandscapePageRank(const landscape::Store& store) {
  auto t = Must(landscape::RankTable(store, RankBy("pagerank")), "rank --by pagerank");
  std::vector<std::string> out;
  size_t id = ColumnIndex(t, "id");
  for (const auto& row : t.rows) out.push_back(TextCell(row[id]));
  return out;
}

// The CLI arguments (after `landscape --db STORE --format json`) of each operation.
inline std::vector<std::string> InvestorsArgs(const std::string& id) { return {"investors", id}; }
inline std::vector<std::string> SharedArgs(const std::string& id) {
  return {"shared-investors", id};
}
inline std::vector<std::string> PathArgs(const std::string& a, const std::string& b) {
  return {"path", a, b, "--max-hops", std::to_string(kPathMaxHops)};
}
inline std::vector<std::string> TotalsArgs() { return {"rank", "--by", "total-raised"}; }
inline std::vector<std::string> PageRankArgs() { return {"rank", "--by", "pagerank"}; }
inline std::vector<std::string> FloorArgs() { return {"info"}; }

}  // namespace landscape_bench
