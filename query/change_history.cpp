#include "query/change_history.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/claims.hpp"
#include "query/catalog.hpp"
#include "query/result_cells.hpp"
#include "storage/change_log.hpp"
#include "storage/record_codec.hpp"
#include "storage/store_handles.hpp"

namespace landscape {

Result<ResultTable> LogTable(const Store& store, const LogRequest&, const ReadContext&) {
  ResultTable table{"", {"change", "time", "description", "reverts"}, {}, "log"};
  LANDSCAPE_RETURN_IF_ERROR(ScanChanges(store, [&](const ChangeRecord& c) {
    if (store.recorded_by() && c.number > *store.recorded_by()) return Status::Ok();
    table.AddRow({Value{static_cast<int64_t>(c.number)}, Text(c.time), Text(c.description),
                  c.reverts ? Cell(Value{static_cast<int64_t>(*c.reverts)}) : Cell()});
    return Status::Ok();
  }));
  table.empty_reason = "no change recorded: the store is as it was created";
  return table;
}

}  // namespace landscape

namespace landscape {
namespace {

struct FactRow {
  std::string fact, value;
  std::optional<Date> as_of;
  std::string confidence;
  std::vector<std::string> sources;
  keys::ChangeNumber recorded = 0, ended = 0;
};

// An entity's claims, name and aliases as facts that can start and end.
std::vector<std::pair<std::string, Claim>> FactsOf(const Entity& e) {
  std::vector<std::pair<std::string, Claim>> facts;
  facts.emplace_back("name", Claim{Value{e.name}, e.provenance, std::nullopt});
  for (const std::string& alias : e.aliases) {
    facts.emplace_back("alias", Claim{Value{alias}, Provenance{}, std::nullopt});
  }
  for (const auto& [attribute, claims] : e.attributes) {
    for (const Claim& c : claims) facts.emplace_back(attribute, c);
  }
  return facts;
}

FactRow RowOf(const std::string& fact, const Claim& claim, keys::ChangeNumber recorded) {
  return FactRow{fact,
                 claim.value.ToDisplayString(),
                 claim.as_of,
                 claim.provenance.confidence,
                 claim.provenance.sources,
                 recorded,
                 0};
}

// Each claim from the version that first holds it to the change after which no version does.
Status ClaimRows(const Store& store, const std::vector<KeyVersion>& versions,
                 std::vector<FactRow>* rows) {
  std::vector<std::pair<std::pair<std::string, Claim>, size_t>> open;  // fact, row index
  keys::ChangeNumber last_end = 0;
  for (const KeyVersion& v : versions) {
    LANDSCAPE_ASSIGN_OR_RETURN(Entity e, DecodeEntity(v.value, store.schema()));
    auto facts = FactsOf(e);
    // A gap (the entity removed, then restored) ends everything that was open.
    bool contiguous = last_end != 0 && last_end == v.recorded;
    std::vector<std::pair<std::pair<std::string, Claim>, size_t>> still;
    for (auto& [fact, row] : open) {
      bool kept = contiguous && std::find(facts.begin(), facts.end(), fact) != facts.end();
      if (kept) {
        still.emplace_back(fact, row);
      } else {
        (*rows)[row].ended = (*rows)[row].ended ? (*rows)[row].ended : last_end;
      }
    }
    for (const auto& fact : facts) {
      bool held =
          std::any_of(still.begin(), still.end(), [&](const auto& o) { return o.first == fact; });
      if (held) continue;
      rows->push_back(RowOf(fact.first, fact.second, v.recorded));
      still.emplace_back(fact, rows->size() - 1);
    }
    open = std::move(still);
    last_end = v.ended;
  }
  for (auto& [fact, row] : open) (*rows)[row].ended = last_end;
  return Status::Ok();
}

// The readable id of an entity number, also of one no longer in the store (its last record in
// the history).
Result<std::string> IdOf(const Store& store, keys::EntityNumber number) {
  auto id = store.ReadableId(number);
  if (id.ok()) return id;
  std::string key = keys::EntityKey(number);
  LANDSCAPE_ASSIGN_OR_RETURN(auto histories, KeyHistories(store,
                                                          [&](ColumnFamily cf, std::string_view k) {
                                                            return cf == ColumnFamily::kEntities &&
                                                                   k == key;
                                                          },
                                                          {}));
  auto versions = histories.find({ColumnFamily::kEntities, key});
  if (versions == histories.end() || versions->second.empty()) {
    return Status::Corruption(
        fmt::format("a relation of the history names entity #{}, which "
                    "no record holds",
                    number));
  }
  return DecodeEntityId(versions->second.back().value);
}

Status RelationRows(const Store& store, const std::string& out_key,
                    const std::vector<KeyVersion>& versions, std::vector<FactRow>* rows) {
  auto parts = keys::DecodeEdgeKey(out_key);
  const RelationTypeDef* def = parts ? store.schema().FindRelationByTag(parts->type) : nullptr;
  if (!def) return Status::Corruption("a relation of an unknown type in the history");
  LANDSCAPE_ASSIGN_OR_RETURN(std::string from, IdOf(store, parts->first));
  LANDSCAPE_ASSIGN_OR_RETURN(std::string to, IdOf(store, parts->second));
  for (const KeyVersion& v : versions) {
    LANDSCAPE_ASSIGN_OR_RETURN(Relation r,
                               DecodeRelationValue(v.value, def->name, from, to, store.schema()));
    std::string text = fmt::format("{} → {}", from, to);
    for (const auto& [property, claims] : r.properties) {
      for (const Claim& c : claims) {
        text += fmt::format("; {} = {}", property, c.value.ToDisplayString());
      }
    }
    rows->push_back(FactRow{def->name, text, std::nullopt, r.provenance.confidence,
                            r.provenance.sources, v.recorded, v.ended});
  }
  return Status::Ok();
}

// Null for a fact recorded before the store kept a log (a store made by an older version).
Cell ChangeCell(keys::ChangeNumber change) {
  return change ? Cell(Value{static_cast<int64_t>(change)})
                : Cell::Missing("recorded before the store kept a log");
}

}  // namespace

Result<std::vector<ResultTable>> HistoryTables(const Store& store, const HistoryRequest& request,
                                               const ReadContext&) {
  LANDSCAPE_ASSIGN_OR_RETURN(ResolvedEntity target, ResolveEntity(store, request.name));
  keys::EntityNumber self = target.number;
  std::string entity_key = keys::EntityKey(self);
  std::vector<StoreKey> present = {{ColumnFamily::kEntities, entity_key}};
  for (EdgeDirection d : {EdgeDirection::kOut, EdgeDirection::kIn}) {
    LANDSCAPE_RETURN_IF_ERROR(store.ScanEdges(self, d, std::nullopt, [&](const EdgeRef& e) {
      bool out = d == EdgeDirection::kOut;
      present.emplace_back(ColumnFamily::kOut, out ? keys::EdgeKey(self, e.type, e.other)
                                                   : keys::EdgeKey(e.other, e.type, self));
      return Status::Ok();
    }));
  }
  auto wanted = [&](ColumnFamily cf, std::string_view key) {
    if (cf == ColumnFamily::kEntities) return key == entity_key;
    if (cf != ColumnFamily::kOut) return false;
    auto parts = keys::DecodeEdgeKey(key);
    return parts && (parts->first == self || parts->second == self);
  };
  LANDSCAPE_ASSIGN_OR_RETURN(auto histories, KeyHistories(store, wanted, present));
  std::vector<FactRow> rows;
  // With --recorded-by, the history as the store told it then: nothing recorded after, and
  // what ended after was current.
  keys::ChangeNumber until = store.recorded_by().value_or(UINT64_MAX);
  for (auto& [key, versions] : histories) {
    std::erase_if(versions, [&](const KeyVersion& v) { return v.recorded > until; });
    for (KeyVersion& v : versions) {
      if (v.ended > until) v.ended = 0;
    }
    if (key.first == ColumnFamily::kEntities) {
      LANDSCAPE_RETURN_IF_ERROR(ClaimRows(store, versions, &rows));
    } else {
      LANDSCAPE_RETURN_IF_ERROR(RelationRows(store, key.second, versions, &rows));
    }
  }
  ResultTable history{fmt::format("History of {} ({})", target.entity.name, target.entity.id),
                      {"fact", "value", "as_of", "confidence", "sources", "recorded", "ended"},
                      {},
                      "history"};
  std::set<keys::ChangeNumber> named;
  for (const FactRow& r : rows) {
    history.AddRow({Text(r.fact), Text(r.value), r.as_of ? Cell(Value{*r.as_of}) : Cell(),
                    TextOrNone(r.confidence), TextList(r.sources), ChangeCell(r.recorded),
                    r.ended ? ChangeCell(r.ended) : Cell()});
    if (r.recorded) named.insert(r.recorded);
    if (r.ended) named.insert(r.ended);
  }
  ResultTable changes{"", {"change", "time", "description"}, {}, "changes"};
  for (keys::ChangeNumber n : named) {
    LANDSCAPE_ASSIGN_OR_RETURN(auto c, GetChange(store, n));
    if (!c) return Status::Corruption(fmt::format("change {} is not in the log", n));
    changes.AddRow({Value{static_cast<int64_t>(n)}, Text(c->time), Text(c->description)});
  }
  return std::vector<ResultTable>{std::move(history), std::move(changes)};
}

}  // namespace landscape
