#include "storage/change_revert.hpp"

#include <map>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "storage/change_log.hpp"
#include "storage/record_codec.hpp"
#include "storage/store_handles.hpp"

namespace landscape {
namespace {

using Values = std::map<StoreKey, std::optional<std::string>>;

// The readable id of an entity from its record as the revert leaves it, or as it is now.
std::string IdAfter(const Store& store, const Values& restore, keys::EntityNumber number) {
  auto it = restore.find({ColumnFamily::kEntities, keys::EntityKey(number)});
  if (it != restore.end() && it->second) {
    auto id = DecodeEntityId(*it->second);
    if (id.ok()) return *id;
  }
  auto id = store.ReadableId(number);
  return id.ok() ? *id : fmt::format("#{}", number);
}

// What a key is, for people: "entity 'x'", "relation rival_of a → b".
std::string KeyText(const Store& store, const Values& restore, const StoreKey& key) {
  switch (key.first) {
    case ColumnFamily::kEntities:
      return fmt::format("entity '{}'", IdAfter(store, restore, keys::ReadU64(key.second)));
    case ColumnFamily::kOut:
    case ColumnFamily::kIn: {
      auto p = keys::DecodeEdgeKey(key.second);
      if (!p) return "a relation";
      const RelationTypeDef* def = store.schema().FindRelationByTag(p->type);
      bool out = key.first == ColumnFamily::kOut;
      return fmt::format("relation {} {} → {}", def ? def->name : "?",
                         IdAfter(store, restore, out ? p->first : p->second),
                         IdAfter(store, restore, out ? p->second : p->first));
    }
    case ColumnFamily::kIds:
      return fmt::format("the id '{}'", key.second);
    case ColumnFamily::kNames:
      return "a name of an entity";
    case ColumnFamily::kFx:
      return "an FX rate";
    default:
      return "the store";
  }
}

Result<bool> ExistsAfter(const Store& store, const Values& restore, keys::EntityNumber number) {
  StoreKey key{ColumnFamily::kEntities, keys::EntityKey(number)};
  auto it = restore.find(key);
  if (it != restore.end()) return it->second.has_value();
  LANDSCAPE_ASSIGN_OR_RETURN(auto now, PresentValue(store, key));
  return now.has_value();
}

// The store after the revert must be sound: no relation without both its entities, and no
// source gone that facts cite.
Status CheckSound(const Store& store, const Values& restore, const ChangeRecord& reverted) {
  for (const auto& [key, value] : restore) {
    if (key.first == ColumnFamily::kOut && value) {
      auto p = keys::DecodeEdgeKey(key.second);
      if (!p) return Status::Corruption("malformed edge key in the history");
      for (keys::EntityNumber end : {p->first, p->second}) {
        LANDSCAPE_ASSIGN_OR_RETURN(bool exists, ExistsAfter(store, restore, end));
        if (!exists) {
          return Status::InvalidArgument(fmt::format(
              "reverting change {} would restore the {} without entity '{}', which a later "
              "change removed; revert that change first (`landscape log` lists them)",
              reverted.number, KeyText(store, restore, key), IdAfter(store, restore, end)));
        }
      }
    }
    if (key.first != ColumnFamily::kEntities || value) continue;
    keys::EntityNumber number = keys::ReadU64(key.second);
    for (EdgeDirection d : {EdgeDirection::kOut, EdgeDirection::kIn}) {
      LANDSCAPE_RETURN_IF_ERROR(store.ScanEdges(number, d, std::nullopt, [&](const EdgeRef& e) {
        bool out = d == EdgeDirection::kOut;
        StoreKey edge{ColumnFamily::kOut, out ? keys::EdgeKey(number, e.type, e.other)
                                              : keys::EdgeKey(e.other, e.type, number)};
        auto it = restore.find(edge);
        if (it != restore.end() && !it->second) return Status::Ok();
        return Status::InvalidArgument(fmt::format(
            "reverting change {} would remove entity '{}', but a later change gave it the {}; "
            "retract that relation or revert that change first",
            reverted.number, IdAfter(store, restore, number), KeyText(store, restore, edge)));
      }));
    }
    std::string id = IdAfter(store, restore, number);
    LANDSCAPE_ASSIGN_OR_RETURN(auto entry, store.LookupId(id));
    const KindDef* kind = entry ? store.schema().FindKindByTag(entry->kind) : nullptr;
    if (kind && kind->name == "source") {
      LANDSCAPE_ASSIGN_OR_RETURN(std::string citer, store.FindCitation(id));
      if (!citer.empty()) {
        return Status::InvalidArgument(fmt::format(
            "reverting change {} would remove source '{}', which {} cites since; re-source "
            "that fact first",
            reverted.number, id, citer));
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Result<EditSummary> RevertChange(Store* store, keys::ChangeNumber number, const ChangeNote& note) {
  LANDSCAPE_ASSIGN_OR_RETURN(auto found, GetChange(*store, number));
  if (!found) {
    return Status::NotFound(
        fmt::format("there is no change {} in the log; `landscape log` lists them", number));
  }
  const ChangeRecord& reverted = *found;
  if (reverted.from_empty) {
    return Status::InvalidArgument(fmt::format(
        "change {} ({}) filled an empty store: reverting it would empty the store; start a "
        "new store instead",
        number, reverted.description));
  }
  // What the change replaced, and the first later change to write each of the same keys.
  Values restore;
  std::map<StoreKey, std::pair<keys::ChangeNumber, std::optional<std::string>>> later;
  LANDSCAPE_RETURN_IF_ERROR(ScanUndo(*store, number, [&](const UndoEntry& e) {
    StoreKey key{e.family, std::string(e.key)};
    std::optional<std::string> before;
    if (e.before) before = std::string(*e.before);
    if (e.change == number) {
      restore.emplace(std::move(key), std::move(before));
    } else if (restore.count(key) && !later.count(key)) {
      later.emplace(std::move(key), std::pair{e.change, std::move(before)});
    }
    return Status::Ok();
  }));
  if (restore.empty()) {
    return Status::InvalidArgument(
        fmt::format("change {} ({}) changed no fact (it extended the schema, which stays)", number,
                    reverted.description));
  }
  // A key a later change wrote may be reverted only while it holds what this change left.
  for (const auto& [key, first_later] : later) {
    LANDSCAPE_ASSIGN_OR_RETURN(auto now, PresentValue(*store, key));
    if (now == first_later.second) continue;
    LANDSCAPE_ASSIGN_OR_RETURN(auto by, GetChange(*store, first_later.first));
    return Status::InvalidArgument(fmt::format(
        "change {} ({}) depends on change {}: it changed the {} since; revert change {} first",
        first_later.first, by ? by->description : "?", number, KeyText(*store, restore, key),
        first_later.first));
  }
  LANDSCAPE_RETURN_IF_ERROR(CheckSound(*store, restore, reverted));
  LANDSCAPE_ASSIGN_OR_RETURN(
      auto change,
      ChangeBatch::Begin(*store, note, fmt::format("revert {} ({})", number, reverted.description),
                         number));
  EditSummary summary;
  for (const auto& [key, value] : restore) {
    bool shown = key.first == ColumnFamily::kEntities || key.first == ColumnFamily::kOut ||
                 key.first == ColumnFamily::kFx;
    if (value) {
      LANDSCAPE_RETURN_IF_ERROR(change->Put(key.first, key.second, *value));
      if (shown) summary.recorded.push_back(KeyText(*store, restore, key));
    } else {
      LANDSCAPE_RETURN_IF_ERROR(change->Delete(key.first, key.second));
      if (shown) summary.ended.push_back(KeyText(*store, restore, key));
    }
  }
  LANDSCAPE_RETURN_IF_ERROR(change->Commit(fmt::format("reverting change {}", number)));
  summary.change = change->number();
  return summary;
}

}  // namespace landscape
