#pragma once
// `landscape rivals NAME [--depth N]`: rivals, rivals of rivals, … with their distance, read
// locally: a breadth-first walk over rival_of (symmetric, both indexes) from the entity, so
// its cost grows with the rivals it finds, not with the store.

#include <string>

#include "landscape/request.hpp"
#include "landscape/result_table.hpp"
#include "landscape/status.hpp"
#include "storage/store.hpp"

namespace landscape {

// Columns: id, name, kind, distance, via (the rival it was reached through; empty at distance
// 1), basis (the relation's stated basis), sources. By distance, then name.
Result<ResultTable> RivalsTable(const Store& store, const RivalsRequest& request,
                                const ReadContext& context = {});

}  // namespace landscape
