#pragma once
// The six operations' answers (docs/benchmark-operations.md) in one engine-neutral form, so
// that the market benchmark can compare Landscape's answer with SQLite's field by field. Money
// is carried as exact integer cents: the generator writes whole units and FX rates with six
// decimals, and both engines round each conversion to cents half away from zero.

#include <compare>
#include <cstdint>
#include <string>
#include <vector>

namespace landscape_bench {

// Q1: one row per (investor, round) of the rounds a company raised.
struct InvestorRow {
  std::string investor_id;
  std::string round_id;
  int64_t share_cents = -1;  // the investor's stated share; -1 when none is stated
  std::string currency;      // of the share; empty when none is stated
  std::string date;          // the round's announced date as written: YYYY, YYYY-MM or YYYY-MM-DD
  bool lead = false;
  auto operator<=>(const InvestorRow&) const = default;
};
using InvestorsAnswer = std::vector<InvestorRow>;  // sorted (operator<) before comparing

// Q2: a company that shares at least one investor with the queried one (never the queried
// company itself), by number of shared investors, then id; the first 100.
struct SharedCompany {
  std::string company_id;
  int64_t shared = 0;
  auto operator<=>(const SharedCompany&) const = default;
};
using SharedAnswer = std::vector<SharedCompany>;  // in rank order

// Q3: one shortest undirected path over raised, invested_in and rival_of. Engines may pick
// different paths of the same length: the benchmark compares lengths and checks each step of
// Landscape's path is an edge in SQLite.
struct PathAnswer {
  bool found = false;
  std::vector<std::string> ids;  // from ... to, hops + 1 ids when found
  int64_t hops() const { return found ? static_cast<int64_t>(ids.size()) - 1 : -1; }
};

// Q4: total raised per company in USD cents, top 20, highest first, ties by id.
struct CompanyTotal {
  std::string company_id;
  int64_t usd_cents = 0;
  auto operator<=>(const CompanyTotal&) const = default;
};
using TotalsAnswer = std::vector<CompanyTotal>;

// The fixed parameter lists, drawn from the generated data by the rules of
// docs/benchmark-operations.md.
struct MarketParameters {
  std::vector<std::string> companies;                           // Q1 and Q2
  std::vector<std::pair<std::string, std::string>> path_pairs;  // Q3
};

}  // namespace landscape_bench
