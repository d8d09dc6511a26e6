#pragma once
// The SQLite half of the market benchmark: loads the generated landscape/1 .jsonl file
// (market_generator.hpp) into a SQLite database, one table per entity kind and relation type,
// and answers the benchmark's operations (market_answers.hpp) with SQL, so that its answers
// can be compared with Landscape's field by field.
//
// Amounts, dates and FX rates are parsed with landscape_core (Money, Date, Decimal), so both
// engines read the file the same way; money is stored as exact integer cents and rates as
// integer millionths.
//
// Tables (every one WITHOUT ROWID, keyed as the queries read it):
//   companies(id, name), investors(id, name),
//   rounds(id, name, stage, date, date_last, amount_cents, currency),
//   raised(company, round), invested_in(round, investor, share_cents, currency, lead),
//   rival_of(a, b) with a < b, fx(base, quote, first_day, rate_micro);
// plus an index on the other end of each relation table.

#include <cstddef>
#include <memory>
#include <string>

#include "market_answers.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace landscape_bench {

class SqliteMarket {
 public:
  // Loads the generated .jsonl into a new SQLite database file at db_path (which must not
  // exist), in one transaction; durable when it returns. Calls Die (bench_support.hpp) with
  // FILE:LINE on bad input, and on any SQLite error.
  static std::unique_ptr<SqliteMarket> Load(const std::string& jsonl_path,
                                            const std::string& db_path);
  // Opens a database Load wrote, read-only.
  static std::unique_ptr<SqliteMarket> Open(const std::string& db_path);

  ~SqliteMarket();
  SqliteMarket(const SqliteMarket&) = delete;
  SqliteMarket& operator=(const SqliteMarket&) = delete;

  // Q1: one row per invested_in edge into each round the company raised, sorted.
  InvestorsAnswer Investors(const std::string& company_id);
  // Q2: the other companies that raised a round from an investor of this company's rounds,
  // by number of such investors (desc), then id; the first 100.
  SharedAnswer SharedInvestorCompanies(const std::string& company_id);
  // Q3: one shortest undirected path over raised, invested_in and rival_of, of at most
  // max_hops hops.
  PathAnswer ShortestPath(const std::string& from, const std::string& to, int max_hops);
  // True when one of the three relation tables holds (a, b) or (b, a).
  bool Adjacent(const std::string& a, const std::string& b);
  // Q4: total raised per company in USD cents, highest first, ties by id; the first `limit`.
  TotalsAnswer TopTotalRaisedUsd(size_t limit);
  // The fixed parameters: 20 companies (5 busiest, 15 spread over the rest) and 10 path pairs.
  MarketParameters ChooseParameters();

 private:
  struct DbCloser {
    void operator()(sqlite3* db) const;
  };
  struct StatementFinalizer {
    void operator()(sqlite3_stmt* s) const;
  };
  using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

  explicit SqliteMarket(sqlite3* db);

  // Declared first so that it is closed after the statements are finalised.
  std::unique_ptr<sqlite3, DbCloser> db_;
  Statement investors_;
  Statement shared_;
  Statement neighbours_;
  Statement adjacent_;
  Statement totals_;
  Statement activity_;
};

}  // namespace landscape_bench
