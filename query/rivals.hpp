#pragma once
// `landscape rivals NAME [--depth N]`: rivals, rivals of rivals, … with their distance, read
// locally: a breadth-first walk over rival_of (symmetric, both indexes) from the entity, so
// its cost grows with the rivals it finds, not with the store.

#include <string>

#include "core/status.hpp"
#include "query/result_table.hpp"
#include "storage/store.hpp"

namespace landscape {

struct RivalsOptions {
  int depth = 1;  // Default: 1, direct rivals only
  std::optional<Date> as_of;
};

// Columns: id, name, kind, distance, via (the rival it was reached through; empty at distance
// 1), basis (the relation's stated basis), sources. By distance, then name.
Result<ResultTable> RivalsTable(const Store& store, const std::string& name,
                                const RivalsOptions& options = {});

}  // namespace landscape
