#include "query/rivals.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/claims.hpp"
#include "core/valid_time.hpp"
#include "query/catalog.hpp"
#include "query/result_cells.hpp"

namespace landscape {
namespace {

struct Reached {
  Entity entity;
  int distance;
  std::string via;
  Relation relation;
};

}  // namespace

Result<ResultTable> RivalsTable(const Store& store, const RivalsRequest& request,
                                const ReadContext& context) {
  if (request.depth < 1) return Status::InvalidArgument("--depth must be at least 1");
  LANDSCAPE_ASSIGN_OR_RETURN(ResolvedEntity start, ResolveEntity(store, request.name));
  const RelationTypeDef* rival = store.schema().FindRelation(RelationRole::kRivalOf);
  ResultTable table{"", {"id", "name", "kind", "distance", "via", "basis", "sources"}, {}};
  table.name = "rivals";
  table.empty_reason =
      AsKnown(fmt::format("no rivals recorded for {}", start.entity.name), context);
  if (!rival) return table;
  std::map<keys::EntityNumber, bool> seen{{start.number, true}};
  std::vector<std::pair<keys::EntityNumber, std::string>> frontier{{start.number, ""}};
  std::vector<Reached> reached;
  for (int distance = 1; distance <= request.depth && !frontier.empty(); ++distance) {
    std::vector<std::pair<keys::EntityNumber, std::string>> next;
    for (const auto& [number, label] : frontier) {
      for (EdgeDirection d : {EdgeDirection::kOut, EdgeDirection::kIn}) {
        LANDSCAPE_RETURN_IF_ERROR(store.ScanEdges(number, d, rival->tag, [&](const EdgeRef& e) {
          if (seen.count(e.other)) return Status::Ok();
          LANDSCAPE_ASSIGN_OR_RETURN(Relation r, store.GetRelation(e));
          if (context.as_of && !RelationKnownOn(r, *context.as_of)) return Status::Ok();
          LANDSCAPE_ASSIGN_OR_RETURN(auto other, store.GetEntity(e.other));
          if (!other) return Status::Ok();
          if (context.as_of && !EntityKnownOn(*other, *context.as_of)) return Status::Ok();
          seen[e.other] = true;
          next.emplace_back(e.other, other->name);
          reached.push_back(
              Reached{std::move(*other), distance, distance > 1 ? label : "", std::move(r)});
          return Status::Ok();
        }));
      }
    }
    frontier.swap(next);
  }
  std::stable_sort(reached.begin(), reached.end(), [](const Reached& a, const Reached& b) {
    return std::tie(a.distance, a.entity.name) < std::tie(b.distance, b.entity.name);
  });
  for (const Reached& r : reached) {
    const Claim* basis = BestClaim(store.schema(), r.relation.properties, "basis", context.as_of);
    Value::List sources;
    for (const std::string& s : r.relation.provenance.sources) sources.push_back(Text(s));
    table.AddRow({Text(r.entity.id), Text(r.entity.name), Text(r.entity.kind),
                  Value{static_cast<int64_t>(r.distance)},
                  r.via.empty() ? Cell() : Cell(Text(r.via)), basis ? Cell(basis->value) : Cell(),
                  sources.empty() ? Cell() : Cell(Value{std::move(sources)})});
  }
  return table;
}

}  // namespace landscape
