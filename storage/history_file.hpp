#pragma once
// The whole record of a store as one file (`export --history`, docs/data-format.md
// "History"): line-delimited JSON, the schema, then every change with what it left.
//
//   {"format": "landscape/1", "history": true}
//   {"type": "schema", ...}                       the store's schema extensions, if any
//   {"type": "change", "change": 1, "time": ..., "description": ..., "from_empty": true}
//   {"type": "entity", ...} ...                   a change on an empty store: all it left
//   {"type": "change", "change": 2, ...}
//   {"type": "entity", ...}                       another change: each fact it wrote, as it
//   {"type": "removed", "entity": "zhipu"}        left it, or that it removed it
//
// Fact records are those of `export --jsonl` (source, entity, relation, fx_rate). Importing
// the file into a new store replays each change under its own number, time and description,
// so that `log` and every answer at every `--recorded-by` are those of the store exported.

#include <istream>
#include <ostream>
#include <string>

#include "landscape/status.hpp"
#include "storage/store.hpp"

namespace landscape {

Status ExportHistory(const Store& store, std::ostream& out);

// Whether the first line of a line-delimited file is a history header.
bool IsHistoryHeader(const std::string& first_line);

// Replays the history file `in` (named `file` in errors) into `store`, which must be empty
// and have no log. Returns the number of changes replayed. REQUIRES: a writer.
Result<size_t> ReplayHistory(Store* store, const std::string& file, std::istream& in);

}  // namespace landscape
