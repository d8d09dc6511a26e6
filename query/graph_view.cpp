#include "query/graph_view.hpp"

#include <fmt/format.h>

#include "storage/record_codec.hpp"

namespace landscape {
Result<std::set<RelationTag>> RelationTags(const Schema& schema,
                                           const std::set<std::string>& names) {
  std::set<RelationTag> tags;
  for (const std::string& name : names) {
    const RelationTypeDef* def = schema.FindRelation(name);
    if (!def) return Status::InvalidArgument(fmt::format("unknown relation type '{}'", name));
    tags.insert(def->tag);
  }
  return tags;
}

Result<GraphView> GraphView::Build(const Store& store, const GraphViewOptions& options) {
  const Schema& schema = store.schema();
  LANDSCAPE_ASSIGN_OR_RETURN(std::set<RelationTag> types,
                             RelationTags(schema, options.relation_types));
  GraphView view;
  auto add_vertex = [&view](keys::EntityNumber number, KindTag kind) {
    if (number >= view.index_.size()) view.index_.resize(number + 1, kNoVertex);
    view.index_[number] = static_cast<Vertex>(view.numbers_.size());
    view.numbers_.push_back(number);
    view.kinds_.push_back(kind);
  };
  if (options.as_of) {
    LANDSCAPE_RETURN_IF_ERROR(store.ScanEntities([&](const Entity& e, keys::EntityNumber n) {
      if (!EntityKnownOn(e, *options.as_of)) return Status::Ok();
      const KindDef* kind = schema.FindKind(e.kind);
      add_vertex(n, kind ? kind->tag : 0);
      return Status::Ok();
    }));
  } else {
    LANDSCAPE_RETURN_IF_ERROR(store.ScanIds([&](std::string_view, const keys::IdEntry& entry) {
      add_vertex(entry.number, entry.kind);
      return Status::Ok();
    }));
  }
  std::vector<std::pair<Vertex, Vertex>> edges;
  std::vector<ViewEdge> properties;
  LANDSCAPE_RETURN_IF_ERROR(
      store.ScanAllRelations([&](const keys::EdgeKeyParts& p, std::string_view value) {
        if (!types.empty() && !types.count(p.type)) return Status::Ok();
        Vertex from = view.vertex(p.first), to = view.vertex(p.second);
        if (from == kNoVertex || to == kNoVertex) return Status::Ok();
        if (options.as_of) {
          const RelationTypeDef* def = schema.FindRelationByTag(p.type);
          if (!def) return Status::Corruption(fmt::format("unknown relation tag {}", p.type));
          LANDSCAPE_ASSIGN_OR_RETURN(Relation r,
                                     DecodeRelationValue(value, def->name, "a", "b", schema));
          if (!RelationKnownOn(r, *options.as_of)) return Status::Ok();
        }
        edges.emplace_back(from, to);
        properties.push_back(ViewEdge{p.type, true});
        edges.emplace_back(to, from);
        properties.push_back(ViewEdge{p.type, false});
        ++view.relations_;
        return Status::Ok();
      }));
  // The multi-pass constructor sorts the edges itself (the sorted one corrupts memory when
  // they are not); every vertex id was checked against the view above.
  view.graph_ = Graph(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(),
                      properties.begin(), view.numbers_.size());
  return view;
}

}  // namespace landscape
