#include "storage/fact_edits.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/claims.hpp"
#include "core/document_codec.hpp"
#include "core/json_reader.hpp"
#include "storage/change_log.hpp"
#include "storage/record_codec.hpp"
#include "storage/store_handles.hpp"

namespace landscape {
namespace {

using nlohmann::json;

struct StoredEntity {
  keys::IdEntry entry;
  Entity entity;
};

Result<StoredEntity> Stored(const Store& store, const std::string& id) {
  LANDSCAPE_ASSIGN_OR_RETURN(auto entry, store.LookupId(id));
  if (!entry) return Status::NotFound(fmt::format("no entity '{}'", id));
  LANDSCAPE_ASSIGN_OR_RETURN(auto entity, store.GetEntity(entry->number));
  if (!entity) return Status::Corruption(fmt::format("entity '{}' is indexed but missing", id));
  return StoredEntity{*entry, std::move(*entity)};
}

Result<ValueType> AttributeType(const Schema& schema, const Entity& entity,
                                const std::string& attribute) {
  const KindDef* kind = schema.FindKind(entity.kind);
  if (!kind) return Status::Corruption(fmt::format("'{}' is of an unknown kind", entity.id));
  auto type = kind->attributes.find(attribute);
  if (type == kind->attributes.end()) {
    return Status::InvalidArgument(
        Schema::NotDeclared(attribute, kind->attributes, "kind " + entity.kind));
  }
  return type->second;
}

// Every cited source must be an entity of kind source, as an import requires.
Status CheckSources(const Store& store, const std::vector<std::string>& sources) {
  for (const std::string& source : sources) {
    LANDSCAPE_ASSIGN_OR_RETURN(auto entry, store.LookupId(source));
    const KindDef* kind = entry ? store.schema().FindKindByTag(entry->kind) : nullptr;
    if (!entry) return Status::NotFound(fmt::format("--source: no source '{}'", source));
    if (!kind || kind->name != "source") {
      return Status::InvalidArgument(fmt::format("--source: '{}' is of kind {}, not a source",
                                                 source, kind ? kind->name : "?"));
    }
  }
  return Status::Ok();
}

// The claim of `spec` as an import would read it: value, date, sources and tier checked.
Result<Claim> NewClaim(const Store& store, const Entity& entity, const SetSpec& spec) {
  LANDSCAPE_ASSIGN_OR_RETURN(ValueType type, AttributeType(store.schema(), entity, spec.attribute));
  auto value = ValueFromText(spec.value, type);
  if (!value.ok()) return value.status().WithContext(fmt::format("value '{}'", spec.value));
  json claim = {{"value", ValueToJson(*value)}};
  if (!spec.sources.empty()) claim["sources"] = spec.sources;
  if (!spec.confidence.empty()) claim["confidence"] = spec.confidence;
  if (!spec.as_of.empty()) claim["as_of"] = spec.as_of;
  json record = {{"id", entity.id},
                 {"kind", entity.kind},
                 {"name", entity.name},
                 {"attributes", {{spec.attribute, claim}}}};
  auto parsed = EntityFromJson(record, store.schema(), "");
  if (!parsed.ok()) {
    const Status& s = parsed.status();
    auto pointer = ErrorPointer(s);
    std::string field = pointer ? pointer->substr(pointer->rfind('/') + 1) : "";
    static const std::map<std::string, std::string> kFlags = {
        {"as_of", "--as-of"}, {"confidence", "--confidence"}, {"sources", "--source"}};
    std::string prefix = pointer ? "at " + *pointer + ": " : "";
    auto flag = kFlags.find(field);
    if (flag != kFlags.end() && s.message().starts_with(prefix)) {
      return Status::InvalidArgument(flag->second + ": " + s.message().substr(prefix.size()));
    }
    return Status::InvalidArgument("invalid " + s.message());
  }
  LANDSCAPE_RETURN_IF_ERROR(CheckSources(store, spec.sources));
  return parsed->attributes.at(spec.attribute).front();
}

bool Cites(const Claim& claim, const std::string& source) {
  const auto& sources = claim.provenance.sources;
  return std::find(sources.begin(), sources.end(), source) != sources.end();
}

// Writes the entity's new record as one change; its names do not change here.
Status WriteEntity(Store* store, const StoredEntity& stored, const Entity& updated,
                   const ChangeNote& note, std::string description, EditSummary* summary) {
  LANDSCAPE_ASSIGN_OR_RETURN(auto change, ChangeBatch::Begin(*store, note, std::move(description)));
  LANDSCAPE_RETURN_IF_ERROR(change->Put(
      ColumnFamily::kEntities, keys::EntityKey(stored.entry.number), EncodeEntity(updated)));
  LANDSCAPE_RETURN_IF_ERROR(change->Commit(fmt::format("changing '{}'", updated.id)));
  summary->change = change->number();
  return Status::Ok();
}

}  // namespace

Result<EditSummary> SetClaim(Store* store, const SetSpec& spec, const ChangeNote& note) {
  LANDSCAPE_ASSIGN_OR_RETURN(StoredEntity stored, Stored(*store, spec.entity));
  LANDSCAPE_ASSIGN_OR_RETURN(Claim claim, NewClaim(*store, stored.entity, spec));
  if (!spec.only_source.empty())
    LANDSCAPE_RETURN_IF_ERROR(CheckSources(*store, {spec.only_source}));
  Entity updated = stored.entity;
  std::vector<Claim>& claims = updated.attributes[spec.attribute];
  EditSummary summary;
  std::vector<Claim> kept;
  for (Claim& old : claims) {
    bool replaced = spec.only_source.empty() || Cites(old, spec.only_source);
    if (replaced && old != claim) summary.ended.push_back(ClaimText(spec.attribute, old));
    if (!replaced) kept.push_back(std::move(old));
  }
  bool already = std::find(claims.begin(), claims.end(), claim) != claims.end();
  kept.push_back(claim);
  claims = std::move(kept);
  if (!already) summary.recorded.push_back(ClaimText(spec.attribute, claim));
  if (updated == stored.entity) return summary;  // the store already says exactly this
  LANDSCAPE_RETURN_IF_ERROR(WriteEntity(store, stored, updated, note,
                                        fmt::format("set {} {}", spec.entity, spec.attribute),
                                        &summary));
  return summary;
}

Result<EditSummary> RetractClaims(Store* store, const RetractSpec& spec, const ChangeNote& note) {
  LANDSCAPE_ASSIGN_OR_RETURN(StoredEntity stored, Stored(*store, spec.entity));
  LANDSCAPE_ASSIGN_OR_RETURN(ValueType type,
                             AttributeType(store->schema(), stored.entity, spec.attribute));
  std::optional<Value> value;
  if (!spec.value.empty()) {
    auto parsed = ValueFromText(spec.value, type);
    if (!parsed.ok()) return parsed.status().WithContext("--value");
    value = *parsed;
  }
  Entity updated = stored.entity;
  auto found = updated.attributes.find(spec.attribute);
  EditSummary summary;
  if (found != updated.attributes.end()) {
    std::vector<Claim> kept;
    for (Claim& claim : found->second) {
      bool matches =
          (!value || claim.value == *value) && (spec.source.empty() || Cites(claim, spec.source));
      if (matches) {
        summary.ended.push_back(ClaimText(spec.attribute, claim));
      } else {
        kept.push_back(std::move(claim));
      }
    }
    found->second = std::move(kept);
    if (found->second.empty()) updated.attributes.erase(found);
  }
  if (summary.ended.empty()) {
    std::string which = (value ? " with value " + spec.value : "") +
                        (spec.source.empty() ? "" : " citing " + spec.source);
    return Status::NotFound(
        fmt::format("{} has no current {} claim{}; `landscape history {}` "
                    "lists its claims",
                    spec.entity, spec.attribute, which, spec.entity));
  }
  LANDSCAPE_RETURN_IF_ERROR(WriteEntity(store, stored, updated, note,
                                        fmt::format("retract {} {}", spec.entity, spec.attribute),
                                        &summary));
  return summary;
}

Result<EditSummary> RetractRelation(Store* store, const RelationRetractSpec& spec,
                                    const ChangeNote& note) {
  const RelationTypeDef* def = store->schema().FindRelation(spec.type);
  if (!def)
    return Status::InvalidArgument("--type: " + store->schema().UnknownRelationType(spec.type));
  std::string from = spec.from, to = spec.to;
  if (def->symmetric && to < from) std::swap(from, to);
  LANDSCAPE_ASSIGN_OR_RETURN(auto from_entry, store->LookupId(from));
  LANDSCAPE_ASSIGN_OR_RETURN(auto to_entry, store->LookupId(to));
  if (!from_entry || !to_entry) {
    return Status::NotFound(fmt::format("no entity '{}'", from_entry ? to : from));
  }
  std::string out_key = keys::EdgeKey(from_entry->number, def->tag, to_entry->number);
  const StoreHandles& h = store->handles();
  std::string value;
  rocksdb::Status read =
      h.db->Get(rocksdb::ReadOptions(), h.cf(ColumnFamily::kOut), out_key, &value);
  if (read.IsNotFound()) {
    return Status::NotFound(
        fmt::format("there is no {} relation from {} to {}", spec.type, spec.from, spec.to));
  }
  LANDSCAPE_RETURN_IF_ERROR(FromRocks(read, "reading the relation"));
  LANDSCAPE_ASSIGN_OR_RETURN(
      auto change,
      ChangeBatch::Begin(*store, note,
                         fmt::format("retract relation {} {} {}", spec.type, from, to)));
  LANDSCAPE_RETURN_IF_ERROR(change->Delete(ColumnFamily::kOut, out_key));
  LANDSCAPE_RETURN_IF_ERROR(change->Delete(
      ColumnFamily::kIn, keys::EdgeKey(to_entry->number, def->tag, from_entry->number)));
  LANDSCAPE_RETURN_IF_ERROR(change->Commit("retracting a relation"));
  EditSummary summary;
  summary.change = change->number();
  summary.ended.push_back(fmt::format("{} {} → {}", spec.type, from, to));
  return summary;
}

}  // namespace landscape
