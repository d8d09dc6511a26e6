#include "query/graph_export.hpp"

#include <map>
#include <vector>

#include <fmt/format.h>

#include "core/claims.hpp"
#include "query/catalog.hpp"
#include "query/graph_algorithms.hpp"
#include "query/graph_view.hpp"
#include "query/result_cells.hpp"

namespace landscape {
namespace {

struct Node {
  std::string id, name, kind;
};
struct Edge {
  std::string from, to, type;
  bool symmetric;
};

std::string DotQuote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

const char* KindColour(const std::string& kind) {
  static const std::map<std::string, const char*> kColours = {
      {"company", "#cfe2ff"}, {"investor", "#d1e7dd"}, {"funding_round", "#fff3cd"},
      {"source", "#e2e3e5"},  {"model", "#f8d7da"},    {"person", "#e0cffc"}};
  auto it = kColours.find(kind);
  return it == kColours.end() ? "#ffffff" : it->second;
}

void WriteDot(const std::vector<Node>& nodes, const std::vector<Edge>& edges, std::ostream& out) {
  out << "digraph landscape {\n  graph [rankdir=LR, fontname=\"Noto Sans CJK SC,sans-serif\"];\n"
         "  node [shape=box, style=\"rounded,filled\", fontname=\"Noto Sans CJK SC,sans-serif\"];\n"
         "  edge [fontname=\"sans-serif\", fontsize=10];\n";
  for (const Node& n : nodes) {
    out << "  " << DotQuote(n.id) << " [label=" << DotQuote(n.name) << ", fillcolor=\""
        << KindColour(n.kind) << "\", tooltip=" << DotQuote(n.kind) << "];\n";
  }
  for (const Edge& e : edges) {
    out << "  " << DotQuote(e.from) << " -> " << DotQuote(e.to) << " [label=" << DotQuote(e.type)
        << (e.symmetric ? ", dir=none" : "") << "];\n";
  }
  out << "}\n";
}

void WriteGraphml(const std::vector<Node>& nodes, const std::vector<Edge>& edges,
                  std::ostream& out) {
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
         "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
         "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
         "  <key id=\"relation\" for=\"edge\" attr.name=\"relation\" attr.type=\"string\"/>\n"
         "  <key id=\"symmetric\" for=\"edge\" attr.name=\"symmetric\" attr.type=\"boolean\"/>\n"
         "  <graph id=\"landscape\" edgedefault=\"directed\">\n";
  for (const Node& n : nodes) {
    out << fmt::format(
        "    <node id=\"{}\"><data key=\"name\">{}</data><data key=\"kind\">{}</data></node>\n",
        XmlEscape(n.id), XmlEscape(n.name), XmlEscape(n.kind));
  }
  for (size_t i = 0; i < edges.size(); ++i) {
    const Edge& e = edges[i];
    out << fmt::format(
        "    <edge id=\"e{}\" source=\"{}\" target=\"{}\"><data key=\"relation\">{}</data>"
        "<data key=\"symmetric\">{}</data></edge>\n",
        i, XmlEscape(e.from), XmlEscape(e.to), XmlEscape(e.type), e.symmetric);
  }
  out << "  </graph>\n</graphml>\n";
}

// The vertices to export: all, or those within `depth` hops of the named entity.
Result<std::vector<bool>> Selected(const Store& store, const GraphView& view,
                                   const GraphExportOptions& options) {
  std::vector<bool> selected(view.vertex_count(), options.around.empty());
  if (options.around.empty()) return selected;
  LANDSCAPE_ASSIGN_OR_RETURN(ResolvedEntity centre, ResolveEntity(store, options.around));
  GraphView::Vertex v = view.vertex(centre.number);
  if (v == GraphView::kNoVertex) return Status::NotFound(centre.entity.id + " is not in the graph");
  std::vector<uint32_t> distance = HopDistances(view, v);
  for (size_t i = 0; i < distance.size(); ++i) {
    selected[i] = distance[i] <= static_cast<uint32_t>(options.depth);
  }
  return selected;
}

// The selected part of the graph: its entities, and its relations each once, as stored.
struct Subgraph {
  std::vector<Entity> entities;
  struct Relation {
    size_t from, to;  // indexes into `entities`
    EdgeRef edge;     // the stored relation, from its `from` side
  };
  std::vector<Relation> relations;
};

Result<Subgraph> CollectSubgraph(const Store& store, const GraphExportOptions& options,
                                 const ReadContext& context) {
  LANDSCAPE_ASSIGN_OR_RETURN(
      std::shared_ptr<const GraphView> shared,
      GraphView::Shared(store, GraphViewOptions{options.via, context.as_of}));
  const GraphView& view = *shared;
  LANDSCAPE_ASSIGN_OR_RETURN(std::vector<bool> selected, Selected(store, view, options));
  Subgraph graph;
  std::vector<size_t> index_of(view.vertex_count());
  for (GraphView::Vertex v = 0; v < view.vertex_count(); ++v) {
    if (!selected[v]) continue;
    LANDSCAPE_ASSIGN_OR_RETURN(auto e, store.GetEntity(view.number(v)));
    if (!e) return Status::Corruption("entity missing from the store");
    index_of[v] = graph.entities.size();
    graph.entities.push_back(std::move(*e));
  }
  for (GraphView::Vertex u = 0; u < view.vertex_count(); ++u) {
    if (!selected[u]) continue;
    for (const GraphEdge& e : view.edges(u)) {
      if (!e.forward || !selected[e.target]) continue;  // each relation once, as stored
      EdgeRef edge{view.number(u), view.number(e.target), e.type, EdgeDirection::kOut};
      graph.relations.push_back({index_of[u], index_of[e.target], edge});
    }
  }
  return graph;
}

// The claims of `attributes` known on the context's date, best first per name, in long form:
// one row per claim, `best` marking the one each verb shows.
void AddClaimRows(const Schema& schema, const Attributes& attributes, const ReadContext& context,
                  const Cell& owner, ResultTable* table) {
  for (const auto& [name, claims] : attributes) {
    std::vector<const Claim*> ranked = RankedClaims(schema, attributes, name, context.as_of);
    for (size_t i = 0; i < ranked.size(); ++i) {
      const Claim& c = *ranked[i];
      table->AddRow({owner, Text(name), c.value, Value{i == 0}, TextOrNone(c.provenance.confidence),
                     c.as_of ? Cell(Value{*c.as_of}) : Cell(), SourcesCell(c.provenance)});
    }
  }
}

}  // namespace

Status ExportGraph(const Store& store, GraphFormat format, const GraphExportOptions& options,
                   const ReadContext& context, std::ostream& out) {
  LANDSCAPE_ASSIGN_OR_RETURN(Subgraph graph, CollectSubgraph(store, options, context));
  std::vector<Node> nodes;
  for (const Entity& e : graph.entities) nodes.push_back(Node{e.id, e.name, e.kind});
  std::vector<Edge> edges;
  for (const Subgraph::Relation& r : graph.relations) {
    const RelationTypeDef* def = store.schema().FindRelationByTag(r.edge.type);
    edges.push_back(Edge{graph.entities[r.from].id, graph.entities[r.to].id, def ? def->name : "?",
                         def && def->symmetric});
  }
  if (format == GraphFormat::kDot) {
    WriteDot(nodes, edges, out);
  } else {
    WriteGraphml(nodes, edges, out);
  }
  return out ? Status::Ok() : Status::IOError("writing the graph failed");
}

Result<std::vector<ResultTable>> SubgraphTables(const Store& store,
                                                const GraphExportOptions& options,
                                                const ReadContext& context) {
  LANDSCAPE_ASSIGN_OR_RETURN(Subgraph graph, CollectSubgraph(store, options, context));
  const Schema& schema = store.schema();
  ResultTable nodes{"", {"id", "kind", "name", "aliases", "confidence", "sources"}, {}, "nodes"};
  ResultTable claims{"",
                     {"id", "attribute", "value", "best", "confidence", "as_of", "sources"},
                     {},
                     "node_attributes"};
  for (const Entity& e : graph.entities) {
    nodes.AddRow({Text(e.id), Text(e.kind), Text(e.name), TextList(e.aliases),
                  TextOrNone(e.provenance.confidence), SourcesCell(e.provenance)});
    AddClaimRows(schema, e.attributes, context, Text(e.id), &claims);
  }
  ResultTable edges{"",
                    {"edge", "from_id", "to_id", "relation", "symmetric", "confidence", "sources"},
                    {},
                    "edges"};
  ResultTable properties{"",
                         {"edge", "property", "value", "best", "confidence", "as_of", "sources"},
                         {},
                         "edge_properties"};
  for (size_t i = 0; i < graph.relations.size(); ++i) {
    const Subgraph::Relation& r = graph.relations[i];
    LANDSCAPE_ASSIGN_OR_RETURN(Relation relation, store.GetRelation(r.edge));
    const RelationTypeDef* def = schema.FindRelationByTag(r.edge.type);
    Cell edge = Value{static_cast<int64_t>(i)};
    edges.AddRow({edge, Text(graph.entities[r.from].id), Text(graph.entities[r.to].id),
                  Text(relation.type), Value{def && def->symmetric},
                  TextOrNone(relation.provenance.confidence), SourcesCell(relation.provenance)});
    AddClaimRows(schema, relation.properties, context, edge, &properties);
  }
  return std::vector<ResultTable>{std::move(nodes), std::move(claims), std::move(edges),
                                  std::move(properties)};
}

}  // namespace landscape
