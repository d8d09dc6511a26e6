#pragma once
// The store's history as answers: `log` (every change) and `history NAME` (every claim and
// relation of an entity, current and ended, with the changes that recorded and ended each).
// The history itself is kept by storage/change_log.hpp.

#include <vector>

#include "landscape/read_context.hpp"
#include "landscape/request.hpp"
#include "landscape/result_table.hpp"
#include "landscape/status.hpp"
#include "storage/store.hpp"

namespace landscape {

// One row per change, oldest first: change, time, description, reverts.
Result<ResultTable> LogTable(const Store& store, const LogRequest& request,
                             const ReadContext& context);

// Two tables: `history`, one row per claim (attributes, and the name and aliases) and per
// relation version: fact, value, as_of, confidence, sources, recorded, ended (the change
// numbers; ended null while current); and `changes`, the changes those rows name.
Result<std::vector<ResultTable>> HistoryTables(const Store& store, const HistoryRequest& request,
                                               const ReadContext& context);

}  // namespace landscape
