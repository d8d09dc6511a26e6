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

// One row per entity (shown an entity per column): entity, then the attributes, then
// total_raised_<currency> (the context's currency, lower case; a missing FX rate is the
// cell's reason), raised_as_reported, latest_round, latest_round_amount, latest_round_date,
// latest_valuation, latest_valuation_<currency>, lead_investors, investors (how many),
// rivals_in_set, shared_investors (investors also in another compared entity's rounds). A
// conflicting attribute gives its best value with the note "+N other values".
Result<ResultTable> CompareTable(const Store& store, const CompareRequest& request,
                                 const ReadContext& context = {});

// `table`: every entity of the request's kind known on the context's date, one row each: id,
// then the requested columns (TableRequest), each computed as compare computes it.
Result<ResultTable> KindTable(const Store& store, const TableRequest& request,
                              const ReadContext& context = {});

}  // namespace landscape
