#include "query/graph_export.hpp"

#include <map>
#include <vector>

#include <fmt/format.h>

#include "query/catalog.hpp"
#include "query/graph_algorithms.hpp"
#include "query/graph_view.hpp"

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

}  // namespace

Status ExportGraph(const Store& store, GraphFormat format, const GraphExportOptions& options,
                   const ReadContext& context, std::ostream& out) {
  LANDSCAPE_ASSIGN_OR_RETURN(GraphView view,
                             GraphView::Build(store, GraphViewOptions{options.via, context.as_of}));
  LANDSCAPE_ASSIGN_OR_RETURN(std::vector<bool> selected, Selected(store, view, options));
  std::vector<Node> nodes;
  std::vector<std::string> id_of(view.vertex_count());
  for (GraphView::Vertex v = 0; v < view.vertex_count(); ++v) {
    if (!selected[v]) continue;
    LANDSCAPE_ASSIGN_OR_RETURN(auto e, store.GetEntity(view.number(v)));
    if (!e) return Status::Corruption("entity missing from the store");
    id_of[v] = e->id;
    nodes.push_back(Node{e->id, e->name, e->kind});
  }
  std::vector<Edge> edges;
  for (GraphView::Vertex u = 0; u < view.vertex_count(); ++u) {
    if (!selected[u]) continue;
    for (const GraphEdge& e : view.edges(u)) {
      if (!e.forward || !selected[e.target]) continue;  // each relation once, as stored
      const RelationTypeDef* def = store.schema().FindRelationByTag(e.type);
      edges.push_back(
          Edge{id_of[u], id_of[e.target], def ? def->name : "?", def && def->symmetric});
    }
  }
  if (format == GraphFormat::kDot) {
    WriteDot(nodes, edges, out);
  } else {
    WriteGraphml(nodes, edges, out);
  }
  return out ? Status::Ok() : Status::IOError("writing the graph failed");
}

}  // namespace landscape
