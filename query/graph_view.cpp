#include "query/graph_view.hpp"

#include <mutex>

#include <fmt/format.h>

#include "storage/record_codec.hpp"

namespace landscape {

Result<std::set<RelationTag>> RelationTags(const Schema& schema,
                                           const std::set<std::string>& names) {
  std::set<RelationTag> tags;
  for (const std::string& name : names) {
    const RelationTypeDef* def = schema.FindRelation(name);
    if (!def) return Status::InvalidArgument(schema.UnknownRelationType(name));
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
  struct Stored {
    Vertex from, to;
    uint16_t type;
  };
  std::vector<Stored> stored;
  LANDSCAPE_RETURN_IF_ERROR(
      store.ScanAllRelations([&](const keys::EdgeKeyParts& p, std::string_view value) {
        if (!types.empty() && !types.count(p.type)) return Status::Ok();
        Vertex from = view.vertex(p.first), to = view.vertex(p.second);
        if (from == kNoVertex || to == kNoVertex) return Status::Ok();
        if (p.type > UINT16_MAX) {
          return Status::Corruption(fmt::format("relation tag {} is too large", p.type));
        }
        if (options.as_of) {
          const RelationTypeDef* def = schema.FindRelationByTag(p.type);
          if (!def) return Status::Corruption(fmt::format("unknown relation tag {}", p.type));
          LANDSCAPE_ASSIGN_OR_RETURN(Relation r,
                                     DecodeRelationValue(value, def->name, "a", "b", schema));
          if (!RelationKnownOn(r, *options.as_of)) return Status::Ok();
        }
        stored.push_back({from, to, static_cast<uint16_t>(p.type)});
        return Status::Ok();
      }));
  view.relations_ = stored.size();
  // Compressed rows by a stable counting sort: each row keeps the relations in key order,
  // the order every traversal (and so every tie between equal answers) follows.
  size_t n = view.numbers_.size();
  view.rowstart_.assign(n + 1, 0);
  for (const Stored& r : stored) {
    ++view.rowstart_[r.from + 1];
    ++view.rowstart_[r.to + 1];
  }
  for (size_t v = 0; v < n; ++v) view.rowstart_[v + 1] += view.rowstart_[v];
  view.edges_.resize(view.rowstart_[n]);
  std::vector<uint64_t> next(view.rowstart_.begin(), view.rowstart_.end() - 1);
  for (const Stored& r : stored) {
    view.edges_[next[r.from]++] = GraphEdge{r.to, r.type, 1, 0};
    view.edges_[next[r.to]++] = GraphEdge{r.from, r.type, 0, 0};
  }
  return view;
}

namespace {

// What a view was built from: a store, in one state, with one set of options.
struct SharedViewKey {
  std::string path;
  uint64_t store_id = 0;
  uint64_t sequence = 0;
  GraphViewOptions options;
  friend bool operator==(const SharedViewKey& a, const SharedViewKey& b) {
    return a.path == b.path && a.store_id == b.store_id && a.sequence == b.sequence &&
           a.options.relation_types == b.options.relation_types &&
           a.options.as_of == b.options.as_of;
  }
};

// Queries run on several threads at once (the Python module releases the GIL).
std::mutex shared_view_mutex;
std::optional<SharedViewKey> shared_view_key;
std::shared_ptr<const GraphView> shared_view;

}  // namespace

Result<std::shared_ptr<const GraphView>> GraphView::Shared(const Store& store,
                                                           const GraphViewOptions& options) {
  if (!store.present()) {
    LANDSCAPE_ASSIGN_OR_RETURN(GraphView view, Build(store, options));
    return std::make_shared<const GraphView>(std::move(view));
  }
  SharedViewKey key{store.path(), store.store_id(), store.LatestSequence(), options};
  {
    std::lock_guard<std::mutex> lock(shared_view_mutex);
    if (shared_view_key == key) return shared_view;
  }
  LANDSCAPE_ASSIGN_OR_RETURN(GraphView view, Build(store, options));
  auto built = std::make_shared<const GraphView>(std::move(view));
  std::lock_guard<std::mutex> lock(shared_view_mutex);
  shared_view_key = std::move(key);
  shared_view = built;
  return built;
}

}  // namespace landscape
