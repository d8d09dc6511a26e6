#pragma once
// `landscape compare NAME NAME...`: a side-by-side table, one column per entity, like the seed
// article's competitor table, plus rows derived from the graph. Local: each column is read
// from prefix scans around its entity.

#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "query/result_table.hpp"
#include "storage/store.hpp"

namespace landscape {

struct CompareOptions {
  // Attribute rows, in order. Default: the article's four dimensions.
  std::vector<std::string> attributes = {"primary_focus", "funding_status", "model_architecture",
                                         "market_position"};
  std::string currency = "USD";  // of the _<currency> rows; Default: USD
  bool sources = false;          // a "<row> sources" row under each row
  bool all_values = false;       // every claim of an attribute, not only the best-ranked
  std::optional<Date> as_of;
};

// Columns: row, then one per entity (its name). Rows (docs/queries.md): the attributes, then
// total_raised_<currency> (lower case; a missing FX rate is said in the cell),
// raised_as_reported,
// latest_round, latest_round_amount, latest_round_date, latest_valuation,
// latest_valuation_<currency>, lead_investors, investors (how many), rivals_in_set,
// shared_investors (investors also in another compared entity's rounds).
// A conflicting attribute shows its best value marked "(+N other values)".
Result<ResultTable> CompareTable(const Store& store, const std::vector<std::string>& names,
                                 const CompareOptions& options = {});

}  // namespace landscape
