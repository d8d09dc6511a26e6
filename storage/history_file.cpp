#include "storage/history_file.hpp"

#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/document_codec.hpp"
#include "core/json_reader.hpp"
#include "core/limits.hpp"
#include "core/text.hpp"
#include "storage/change_log.hpp"
#include "storage/exporter.hpp"
#include "storage/importer.hpp"
#include "storage/record_codec.hpp"
#include "storage/store_handles.hpp"

namespace landscape {
namespace {

using nlohmann::json;
using KeyValues = std::vector<std::pair<StoreKey, std::optional<std::string>>>;

bool IsFact(ColumnFamily cf) {
  return cf == ColumnFamily::kEntities || cf == ColumnFamily::kOut || cf == ColumnFamily::kFx;
}

std::string Line(json record) {
  return record.dump(-1, ' ', false, json::error_handler_t::strict) + "\n";
}

// What each change left of the facts it wrote: the value the next change to write the key
// found there, or the present. One pass from the last change back.
Result<std::map<keys::ChangeNumber, KeyValues>> AfterImages(
    const Store& store, const std::vector<ChangeRecord>& changes,
    const std::map<keys::ChangeNumber, KeyValues>& befores) {
  std::map<StoreKey, std::optional<std::string>> state;
  std::map<keys::ChangeNumber, KeyValues> afters;
  for (auto c = changes.rbegin(); c != changes.rend(); ++c) {
    auto written = befores.find(c->number);
    if (written == befores.end()) continue;
    for (const auto& [key, before] : written->second) {
      auto known = state.find(key);
      std::optional<std::string> after;
      if (known != state.end()) {
        after = known->second;
      } else {
        LANDSCAPE_ASSIGN_OR_RETURN(after, PresentValue(store, key));
      }
      afters[c->number].emplace_back(key, std::move(after));
      state[key] = before;
    }
  }
  for (auto& [change, values] : afters) std::sort(values.begin(), values.end());
  return afters;
}

class HistoryWriter {
 public:
  HistoryWriter(const Store& store, std::ostream& out) : store_(store), out_(out) {}

  void NoteId(std::string_view entity_record, keys::EntityNumber number) {
    auto id = DecodeEntityId(entity_record);
    if (id.ok()) ids_.emplace(number, *id);
  }
  Status NoteIds() {
    return store_.ScanIds([&](std::string_view id, const keys::IdEntry& entry) {
      ids_.emplace(entry.number, std::string(id));
      return Status::Ok();
    });
  }

  // One fact as the change left it, or its removal (`before` names what was removed).
  Status Write(const StoreKey& key, const std::optional<std::string>& after,
               const std::optional<std::string>& before) {
    const std::optional<std::string>& any = after ? after : before;
    if (!any) return Status::Ok();
    const Schema& schema = store_.schema();
    switch (key.first) {
      case ColumnFamily::kEntities: {
        LANDSCAPE_ASSIGN_OR_RETURN(Entity e, DecodeEntity(*any, schema));
        bool source = e.kind == "source";
        json record = after ? EntityToJson(e, !source) : json{{"entity", e.id}};
        record["type"] = after ? (source ? "source" : "entity") : "removed";
        out_ << Line(std::move(record));
        return Status::Ok();
      }
      case ColumnFamily::kOut: {
        auto p = keys::DecodeEdgeKey(key.second);
        const RelationTypeDef* def = p ? schema.FindRelationByTag(p->type) : nullptr;
        if (!def) return Status::Corruption("a relation of an unknown type in the history");
        std::string from = IdOf(p->first), to = IdOf(p->second);
        LANDSCAPE_ASSIGN_OR_RETURN(Relation r,
                                   DecodeRelationValue(*any, def->name, from, to, schema));
        json record =
            after ? RelationToJson(r) : json{{"relation", def->name}, {"from", from}, {"to", to}};
        record["type"] = after ? "relation" : "removed";
        out_ << Line(std::move(record));
        return Status::Ok();
      }
      default: {
        LANDSCAPE_ASSIGN_OR_RETURN(FxRate rate, DecodeFxRate(*any, schema));
        json fx = FxRateToJson(rate);
        json record =
            after ? fx
                  : json{{"fx_rate",
                          {{"base", rate.base}, {"quote", rate.quote}, {"date", fx["date"]}}}};
        record["type"] = after ? "fx_rate" : "removed";
        out_ << Line(std::move(record));
        return Status::Ok();
      }
    }
  }

 private:
  std::string IdOf(keys::EntityNumber number) const {
    auto it = ids_.find(number);
    return it == ids_.end() ? fmt::format("#{}", number) : it->second;
  }

  const Store& store_;
  std::ostream& out_;
  std::map<keys::EntityNumber, std::string> ids_;
};

}  // namespace

Status ExportHistory(const Store& store, std::ostream& out) {
  std::vector<ChangeRecord> changes;
  LANDSCAPE_RETURN_IF_ERROR(ScanChanges(store, [&](const ChangeRecord& c) {
    changes.push_back(c);
    return Status::Ok();
  }));
  // The names, ids and incoming-edge indexes follow from the facts: a replay rebuilds them.
  std::map<keys::ChangeNumber, KeyValues> befores;
  LANDSCAPE_RETURN_IF_ERROR(ScanUndo(store, 1, [&](const UndoEntry& e) {
    if (!IsFact(e.family)) return Status::Ok();
    std::optional<std::string> before;
    if (e.before) before = std::string(*e.before);
    befores[e.change].emplace_back(StoreKey{e.family, std::string(e.key)}, std::move(before));
    return Status::Ok();
  }));
  LANDSCAPE_ASSIGN_OR_RETURN(auto afters, AfterImages(store, changes, befores));
  HistoryWriter writer(store, out);
  LANDSCAPE_RETURN_IF_ERROR(writer.NoteIds());
  for (const auto* images : {&befores, &afters}) {
    for (const auto& [change, values] : *images) {
      for (const auto& [key, value] : values) {
        if (key.first == ColumnFamily::kEntities && value) {
          writer.NoteId(*value, keys::ReadU64(key.second));
        }
      }
    }
  }
  out << Line({{"format", kDocumentFormat}, {"history", true}});
  json schema = store.schema().ExtensionsToJson(false);
  if (!schema.empty()) {
    schema["type"] = "schema";
    out << Line(std::move(schema));
  }
  std::set<StoreKey> seen;  // the fact keys written by the changes before
  for (const ChangeRecord& c : changes) {
    json record = {
        {"type", "change"}, {"change", c.number}, {"time", c.time}, {"description", c.description}};
    if (c.from_empty) record["from_empty"] = true;
    if (c.reverts) record["reverts"] = *c.reverts;
    out << Line(std::move(record));
    if (c.from_empty) {
      // It kept no before-images: what it left is the whole store as of it.
      LANDSCAPE_ASSIGN_OR_RETURN(auto then, Store::Open(store.path(), OpenMode::kRead));
      LANDSCAPE_RETURN_IF_ERROR(then->RewindTo(c.number));
      LANDSCAPE_RETURN_IF_ERROR(ExportStore(*then, ExportForm::kRecords, out));
      continue;
    }
    auto left = afters.find(c.number);
    if (left == afters.end()) continue;
    std::map<StoreKey, std::optional<std::string>> before(befores[c.number].begin(),
                                                          befores[c.number].end());
    for (const auto& [key, after] : left->second) {
      // An entity put back (a revert of its removal) keeps its identity: the replay must not
      // make it a new one.
      if (key.first == ColumnFamily::kEntities && after && !before[key] && seen.count(key)) {
        LANDSCAPE_ASSIGN_OR_RETURN(std::string id, DecodeEntityId(*after));
        out << Line({{"type", "restored"}, {"entity", id}});
      }
      LANDSCAPE_RETURN_IF_ERROR(writer.Write(key, after, before[key]));
    }
    for (const auto& [key, value] : left->second) seen.insert(key);
  }
  if (!out) return Status::IOError("writing the history failed");
  return Status::Ok();
}

bool IsHistoryHeader(const std::string& first_line) {
  auto j = json::parse(first_line, nullptr, /*allow_exceptions=*/false);
  return j.is_object() && j.size() == 2 && j.value("format", "") == kDocumentFormat &&
         j.contains("history") && j["history"] == true;
}

namespace {

struct ReplayLine {
  size_t number;
  std::string text;
  json record;
};

struct ReplayGroup {
  ChangeRecord change;
  size_t line = 0;
  std::vector<ReplayLine> facts;
};

Status LineError(const std::string& file, size_t line, const std::string& message) {
  return Status::InvalidArgument(fmt::format("{}:{}: {}", file, line, message))
      .WithLocation(InputLocation{file, line, ""});
}

// A change on an empty store: its facts imported as a document would be, on their lines.
Status ReplayWhole(Store* store, const std::string& file, const std::vector<ReplayLine>& schema,
                   const ReplayGroup& group) {
  std::ostringstream text;
  size_t at = 1;
  text << Line({{"format", kDocumentFormat}});
  auto put = [&](const ReplayLine& l) {
    for (; at + 1 < l.number; ++at) text << '\n';
    text << l.text << '\n';
    ++at;
  };
  for (const ReplayLine& l : schema) put(l);
  for (const ReplayLine& l : group.facts) put(l);
  ImportOptions options;
  options.note = ChangeNote{group.change.description, group.change.time};
  Importer importer(store, options);
  std::istringstream in(text.str());
  LANDSCAPE_RETURN_IF_ERROR(importer.AddJsonLines(file, in));
  LANDSCAPE_ASSIGN_OR_RETURN(ImportSummary summary, importer.Commit());
  if (summary.change != group.change.number) {
    return LineError(file, group.line,
                     fmt::format("change {} replays as change {}: the history's changes must "
                                 "follow one another from 1",
                                 group.change.number, summary.change));
  }
  return Status::Ok();
}

// Another change: each fact written as the change left it, or removed.
class FactReplay {
 public:
  // `retired`: the number each entity removed so far had, for one that a later change puts
  // back (a record "restored" says so).
  FactReplay(Store* store, ChangeBatch* change, std::string file,
             std::map<std::string, keys::EntityNumber>* retired)
      : store_(store), change_(change), file_(std::move(file)), retired_(retired) {}

  Status Apply(const ReplayLine& l) {
    std::string type = l.record.value("type", "");
    json record = l.record;
    record.erase("type");
    Status s = type == "source" || type == "entity" ? PutEntity(record, type == "source")
               : type == "relation"                 ? PutRelation(record)
               : type == "fx_rate"                  ? PutFx(record)
               : type == "removed"                  ? Remove(record)
               : type == "restored"                 ? Restore(record)
                                                    : ErrorAt("/type", "unknown record type");
    if (s.ok()) return s;
    auto pointer = ErrorPointer(s);
    return LineError(file_, l.number, s.message())
        .WithLocation(InputLocation{file_, l.number, pointer.value_or("")});
  }
  Status Finish() {
    if (next_number_ == 0) return Status::Ok();
    std::string next;
    keys::AppendU64(&next, next_number_);
    return change_->Put(ColumnFamily::kMeta, keys::kMetaNextId, next);
  }

 private:
  Result<keys::EntityNumber> NewNumber() {
    if (next_number_ == 0) {
      const StoreHandles& h = store_->handles();
      std::string next;
      LANDSCAPE_RETURN_IF_ERROR(
          FromRocks(h.db->Get(rocksdb::ReadOptions(), h.cf(ColumnFamily::kMeta),
                              std::string(keys::kMetaNextId), &next),
                    "reading the next entity number"));
      if (next.size() != 8) return Status::Corruption("store's next_id is malformed");
      next_number_ = keys::ReadU64(next);
    }
    return next_number_++;
  }

  Status WriteNames(const Entity* before, const Entity* after, keys::EntityNumber number) {
    auto names = [](const Entity* e) {
      std::set<std::string> out;
      if (!e) return out;
      out.insert(NormalizeName(e->name));
      for (const std::string& a : e->aliases) out.insert(NormalizeName(a));
      return out;
    };
    std::set<std::string> was = names(before), is = names(after);
    for (const std::string& n : was) {
      if (!is.count(n))
        LANDSCAPE_RETURN_IF_ERROR(change_->Delete(ColumnFamily::kNames, keys::NameKey(n, number)));
    }
    for (const std::string& n : is) {
      if (!was.count(n))
        LANDSCAPE_RETURN_IF_ERROR(change_->Put(ColumnFamily::kNames, keys::NameKey(n, number), ""));
    }
    return Status::Ok();
  }

  Status PutEntity(const json& record, bool source) {
    LANDSCAPE_ASSIGN_OR_RETURN(
        Entity e, EntityFromJson(record, store_->schema(), "", source ? "source" : ""));
    const KindDef* kind = store_->schema().FindKind(e.kind);
    if (!kind) return ErrorAt("/kind", "unknown kind");
    LANDSCAPE_ASSIGN_OR_RETURN(auto entry, store_->LookupId(e.id));
    std::optional<Entity> before;
    keys::EntityNumber number = 0;
    if (entry) {
      number = entry->number;
      LANDSCAPE_ASSIGN_OR_RETURN(before, store_->GetEntity(number));
    } else if (auto old = retired_->find(e.id); restoring_.count(e.id) && old != retired_->end()) {
      number = old->second;
      LANDSCAPE_RETURN_IF_ERROR(
          change_->Put(ColumnFamily::kIds, e.id, keys::IdValue(number, kind->tag)));
    } else {
      LANDSCAPE_ASSIGN_OR_RETURN(number, NewNumber());
      LANDSCAPE_RETURN_IF_ERROR(
          change_->Put(ColumnFamily::kIds, e.id, keys::IdValue(number, kind->tag)));
    }
    LANDSCAPE_RETURN_IF_ERROR(
        change_->Put(ColumnFamily::kEntities, keys::EntityKey(number), EncodeEntity(e)));
    written_[e.id] = number;  // the batch is read only once committed
    return WriteNames(before ? &*before : nullptr, &e, number);
  }

  Result<keys::EntityNumber> NumberOf(const std::string& id, const char* pointer) {
    if (auto it = written_.find(id); it != written_.end()) return it->second;
    LANDSCAPE_ASSIGN_OR_RETURN(auto entry, store_->LookupId(id));
    if (!entry) return ErrorAt(pointer, fmt::format("unknown entity '{}'", id));
    return entry->number;
  }

  Status PutRelation(const json& record) {
    LANDSCAPE_ASSIGN_OR_RETURN(Relation r, RelationFromJson(record, store_->schema(), ""));
    const RelationTypeDef* def = store_->schema().FindRelation(r.type);
    if (!def) return ErrorAt("/relation", "unknown relation type");
    LANDSCAPE_ASSIGN_OR_RETURN(keys::EntityNumber from, NumberOf(r.from, "/from"));
    LANDSCAPE_ASSIGN_OR_RETURN(keys::EntityNumber to, NumberOf(r.to, "/to"));
    LANDSCAPE_RETURN_IF_ERROR(change_->Put(ColumnFamily::kOut, keys::EdgeKey(from, def->tag, to),
                                           EncodeRelationValue(r)));
    return change_->Put(ColumnFamily::kIn, keys::EdgeKey(to, def->tag, from), "");
  }

  Status PutFx(const json& record) {
    LANDSCAPE_ASSIGN_OR_RETURN(FxRate rate, FxRateFromJson(record, store_->schema(), ""));
    return change_->Put(ColumnFamily::kFx, keys::FxKey(rate.base, rate.quote, rate.date),
                        EncodeFxRate(rate));
  }

  Status Remove(const json& record) {
    if (record.contains("entity") && record["entity"].is_string()) {
      std::string id = record["entity"].get<std::string>();
      LANDSCAPE_ASSIGN_OR_RETURN(keys::EntityNumber number, NumberOf(id, "/entity"));
      LANDSCAPE_ASSIGN_OR_RETURN(auto before, store_->GetEntity(number));
      LANDSCAPE_RETURN_IF_ERROR(change_->Delete(ColumnFamily::kEntities, keys::EntityKey(number)));
      LANDSCAPE_RETURN_IF_ERROR(change_->Delete(ColumnFamily::kIds, id));
      (*retired_)[id] = number;
      return WriteNames(before ? &*before : nullptr, nullptr, number);
    }
    if (record.contains("relation") && record["relation"].is_string()) {
      const RelationTypeDef* def =
          store_->schema().FindRelation(record["relation"].get<std::string>());
      if (!def || !record["from"].is_string() || !record["to"].is_string()) {
        return ErrorAt("", "a removed relation needs its relation, from and to");
      }
      LANDSCAPE_ASSIGN_OR_RETURN(auto from, NumberOf(record["from"].get<std::string>(), "/from"));
      LANDSCAPE_ASSIGN_OR_RETURN(auto to, NumberOf(record["to"].get<std::string>(), "/to"));
      LANDSCAPE_RETURN_IF_ERROR(
          change_->Delete(ColumnFamily::kOut, keys::EdgeKey(from, def->tag, to)));
      return change_->Delete(ColumnFamily::kIn, keys::EdgeKey(to, def->tag, from));
    }
    if (record.contains("fx_rate") && record["fx_rate"].is_object()) {
      json fx = record["fx_rate"];
      fx["rate"] = "1";
      LANDSCAPE_ASSIGN_OR_RETURN(FxRate rate, FxRateFromJson(fx, store_->schema(), "/fx_rate"));
      return change_->Delete(ColumnFamily::kFx, keys::FxKey(rate.base, rate.quote, rate.date));
    }
    return ErrorAt("", "a removed record names an entity, a relation or an fx_rate");
  }

  Status Restore(const json& record) {
    if (!record.contains("entity") || !record["entity"].is_string()) {
      return ErrorAt("/entity", "a restored record names an entity");
    }
    restoring_.insert(record["entity"].get<std::string>());
    return Status::Ok();
  }

  Store* store_;
  ChangeBatch* change_;
  std::string file_;
  std::map<std::string, keys::EntityNumber>* retired_;
  std::set<std::string> restoring_;
  keys::EntityNumber next_number_ = 0;
  std::map<std::string, keys::EntityNumber> written_;  // entities this change wrote
};

Result<ChangeRecord> ChangeOf(const json& record) {
  if (!record["change"].is_number_unsigned())
    return ErrorAt("/change", "a change needs its number");
  return ChangeRecordFromJson(record["change"].get<keys::ChangeNumber>(), record);
}

}  // namespace

Result<size_t> ReplayHistory(Store* store, const std::string& file, std::istream& in) {
  LANDSCAPE_ASSIGN_OR_RETURN(keys::ChangeNumber last, LastChange(*store));
  if (last != 0) return Status::InvalidArgument("a history is replayed into a new store");
  std::vector<ReplayLine> schema;
  std::vector<ReplayGroup> groups;
  std::string text;
  size_t number = 0;
  bool too_long = false;
  while (ReadBoundedLine(in, &text, &too_long) || too_long) {
    ++number;
    if (too_long) {
      return LineError(file, number, fmt::format("a line longer than {} MiB", kMaxLineBytes >> 20));
    }
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto record = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (record.is_discarded() || !record.is_object()) {
      return LineError(file, number, "expected one JSON object on each line");
    }
    if (number == 1) {
      if (!IsHistoryHeader(text)) return LineError(file, 1, "not a history file");
      continue;
    }
    std::string type = record.value("type", "");
    if (type == "change") {
      auto change = ChangeOf(record);
      if (!change.ok()) return LineError(file, number, change.status().message());
      groups.push_back({*change, number, {}});
    } else if (type == "schema" && groups.empty()) {
      schema.push_back({number, text, std::move(record)});
    } else if (groups.empty()) {
      return LineError(file, number, "a fact before the first change");
    } else {
      groups.back().facts.push_back({number, text, std::move(record)});
    }
  }
  if (in.bad()) return Status::IOError(fmt::format("{}: read error after line {}", file, number));
  std::map<std::string, keys::EntityNumber> retired;
  for (const ReplayGroup& group : groups) {
    if (group.change.from_empty) {
      LANDSCAPE_RETURN_IF_ERROR(ReplayWhole(store, file, schema, group));
      continue;
    }
    if (group.change.number == 1) {
      return LineError(file, group.line, "the first change must be made on an empty store");
    }
    ChangeNote note{group.change.description, group.change.time};
    LANDSCAPE_ASSIGN_OR_RETURN(
        auto change,
        ChangeBatch::Begin(*store, note, group.change.description, group.change.reverts));
    if (change->number() != group.change.number) {
      return LineError(file, group.line, "the history's changes must follow one another from 1");
    }
    FactReplay replay(store, change.get(), file, &retired);
    // Entities first, so that relations find their ends; removed entities last, after the
    // relations that ended with them.
    auto pass_of = [](const json& r) {
      std::string type = r.value("type", "");
      if (type == "entity" || type == "source" || type == "restored") return 0;
      return type == "removed" && r.contains("entity") ? 2 : 1;
    };
    for (int pass = 0; pass < 3; ++pass) {
      for (const ReplayLine& l : group.facts) {
        if (pass_of(l.record) == pass) LANDSCAPE_RETURN_IF_ERROR(replay.Apply(l));
      }
    }
    LANDSCAPE_RETURN_IF_ERROR(replay.Finish());
    LANDSCAPE_RETURN_IF_ERROR(
        change->Commit(fmt::format("replaying change {}", group.change.number)));
  }
  return groups.size();
}

}  // namespace landscape
