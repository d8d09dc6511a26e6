#pragma once
// The graph, or a neighbourhood of it, as Graphviz DOT or GraphML, for drawing
// (`landscape export --format dot | dot -Tsvg > graph.svg`) and for other graph tools.

#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "landscape/read_context.hpp"
#include "landscape/result_table.hpp"
#include "landscape/status.hpp"
#include "storage/store.hpp"

namespace landscape {

enum class GraphFormat { kDot, kGraphml };

struct GraphExportOptions {
  std::string around;         // an entity's name: only what is within `depth` hops of it
  int depth = 2;              // Default: 2
  std::set<std::string> via;  // relation types; empty: all
};

// Nodes are entities (id, name, kind); edges are relations (type), directed as stored, a
// symmetric one drawn without arrowheads in DOT.
// With `context.as_of`, the graph as known on that date.
Status ExportGraph(const Store& store, GraphFormat format, const GraphExportOptions& options,
                   const ReadContext& context, std::ostream& out);

// The same selection as data, for scripts (the Python module's `graph()`): tables `nodes`
// (id, kind, name, aliases, confidence, sources), `node_attributes` (one row per claim known on
// the context's date, best first per attribute, `best` marking the one the verbs show),
// `edges` (edge number, from_id, to_id, relation, symmetric, confidence, sources; each stored
// relation once, as stored) and `edge_properties` (the same long form, by edge number).
Result<std::vector<ResultTable>> SubgraphTables(const Store& store,
                                                const GraphExportOptions& options,
                                                const ReadContext& context);

}  // namespace landscape
