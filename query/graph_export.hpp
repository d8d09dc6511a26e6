#pragma once
// The graph, or a neighbourhood of it, as Graphviz DOT or GraphML, for drawing
// (`landscape export --format dot | dot -Tsvg > graph.svg`) and for other graph tools.

#include <optional>
#include <ostream>
#include <set>
#include <string>

#include "landscape/read_context.hpp"
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

}  // namespace landscape
