#pragma once
// `landscape timeline NAME`: an entity's dated facts in order, with sources. Local.

#include <optional>
#include <string>

#include "landscape/request.hpp"
#include "landscape/result_table.hpp"
#include "landscape/status.hpp"
#include "storage/store.hpp"

namespace landscape {

// Columns: date, event (attribute, raised, invested, relation), fact (text for people), then the
// fact as data: attribute (or relation property), value (the claim's value, the round's
// amount, the investor's share), round, with (the round's leads, the company invested in, the
// other end of a relation), lead; confidence, sources. Facts: the entity's date attributes
// (founded, …), its claims stated "as of" a date, the rounds it raised (by announced date,
// with amount and lead investors), the rounds it invested in, and its relations with a date
// property (since, year). In date order (coarser first on ties); undated rounds last.
Result<ResultTable> TimelineTable(const Store& store, const TimelineRequest& request,
                                  const ReadContext& context = {});

}  // namespace landscape
