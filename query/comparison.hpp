#pragma once
// `landscape compare NAME NAME...`: a side-by-side table, one column per entity, like the seed
// article's competitor table, plus rows derived from the graph. Local: each column is read
// from prefix scans around its entity.

#include <optional>
#include <string>
#include <vector>

#include "landscape/request.hpp"
#include "landscape/result_table.hpp"
#include "landscape/status.hpp"
#include "storage/store.hpp"

namespace landscape {

// Columns: row, then one per entity (its name). Rows (docs/queries.md): the attributes, then
// total_raised_<currency> (the context's currency, lower case; a missing FX rate is said in the
// cell), raised_as_reported, latest_round, latest_round_amount, latest_round_date,
// latest_valuation, latest_valuation_<currency>, lead_investors, investors (how many),
// rivals_in_set, shared_investors (investors also in another compared entity's rounds). A
// conflicting attribute shows its best value marked "(+N other values)".
Result<ResultTable> CompareTable(const Store& store, const CompareRequest& request,
                                 const ReadContext& context = {});

}  // namespace landscape
