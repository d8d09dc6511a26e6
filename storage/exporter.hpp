#pragma once
// Export: writes a store as its canonical landscape/1 document. The same store gives the same
// bytes, and export → import into a new store → export is byte-identical.
//
// Layout: one section per line group, in the order format, schema, sources, entities,
// relations, fx_rates; one record per line as compact JSON with sorted keys; sources and
// entities by id, relations by (from, relation, to), FX rates by (base, quote, date).

#include <ostream>

#include "landscape/status.hpp"
#include "storage/store.hpp"

namespace landscape {

enum class ExportForm {
  kDocument,   // one landscape/1 JSON document
  kJsonLines,  // one record per line with "type", as `import --jsonl` reads
  kRecords,    // the same records without the format and schema lines (history_file.hpp)
};

Status ExportStore(const Store& store, ExportForm form, std::ostream& out);

}  // namespace landscape
