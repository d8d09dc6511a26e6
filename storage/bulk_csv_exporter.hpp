#pragma once
// Export for a distributed graph engine: node files per kind and relationship files per type,
// with the header conventions of Neo4j's bulk importer (`:ID`, `:LABEL`, `:START_ID`,
// `:END_ID`, `:TYPE`, typed property columns), which Memgraph and Spark GraphFrames also read.
// docs/data-format.md, "Bulk CSV", lists the columns and the commands that load them.

#include <string>

#include "landscape/bulk_csv.hpp"
#include "landscape/status.hpp"
#include "storage/store.hpp"

namespace landscape {

// Writes the files into the new directory `dir`, whole or not at all. An attribute's column
// holds its best claim (the value `show` gives first); the summary counts the other claims,
// which only the landscape/1 export keeps.
Result<BulkCsvSummary> ExportBulkCsv(const Store& store, const std::string& dir);

}  // namespace landscape
