#pragma once
// The store's history as answers: `log` (every change) and `history NAME` (every claim and
// relation of an entity, current and ended, with the changes that recorded and ended each).
// The history itself is kept by storage/change_log.hpp.

#include "landscape/read_context.hpp"
#include "landscape/request.hpp"
#include "landscape/result_table.hpp"
#include "landscape/status.hpp"
#include "storage/store.hpp"

namespace landscape {

// One row per change, oldest first: change, time, description, reverts.
Result<ResultTable> LogTable(const Store& store, const LogRequest& request,
                             const ReadContext& context);

}  // namespace landscape
