#include "storage/importer.hpp"

#include <unistd.h>

#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/write_batch.h>

#include "core/claims.hpp"
#include "core/document_codec.hpp"
#include "core/json_reader.hpp"
#include "core/limits.hpp"
#include "core/text.hpp"
#include "storage/change_log.hpp"
#include "storage/change_sink.hpp"
#include "storage/record_codec.hpp"
#include "storage/store_handles.hpp"

namespace landscape {
namespace fs = std::filesystem;
using nlohmann::json;

struct Importer::IdInfo {
  keys::EntityNumber number = 0;
  KindTag kind = 0;       // 0 while only referred to
  bool in_store = false;  // existed before this import
  bool defined = false;   // defined by this import
  size_t content_hash = 0;
  // Where it was defined, for "defined twice" errors; the file as an index into files_ since
  // this record exists once per entity of the input.
  uint32_t defined_file = 0;
  uint32_t defined_line = 0;
  std::string defined_pointer;
};

// What a reference requires of the entity it names.
struct Importer::Expectation {
  // The relation type by tag, not by pointer: a reference may wait past a schema record,
  // which rebuilds the schema's maps. None: the entity must be a source.
  std::optional<RelationTag> relation;
  bool from_side = true;
};

struct Importer::Deferred {
  Expectation expect;
  SourceLocation where;
};

namespace {

// The line of `w`'s pointer when its text is at hand, else the record's.
size_t LineOf(const SourceLocation& w) {
  size_t line = w.text.empty() ? 0 : LineOfJsonPointer(w.text, w.pointer);
  return line ? line : w.line;
}

std::string Where(const SourceLocation& w) {
  std::string s = w.file;
  if (size_t line = LineOf(w)) s += fmt::format(":{}", line);
  if (!w.pointer.empty() || !w.file.empty())
    s += fmt::format(": at {}", w.pointer.empty() ? "/" : w.pointer);
  return s;
}

// "FILE:LINE: at POINTER: reason", with its location.
Status InputError(const std::string& file, size_t line, const std::string& pointer,
                  std::string_view reason) {
  return Status::InvalidArgument(
             fmt::format("{}:{}: at {}: {}", file, line, pointer.empty() ? "/" : pointer, reason))
      .WithLocation(InputLocation{file, line, pointer});
}

Status ErrorIn(const SourceLocation& w, std::string_view reason) {
  return Status::InvalidArgument(fmt::format("{}: {}", Where(w), reason))
      .WithLocation(InputLocation{w.file, LineOf(w), w.pointer});
}

// Turns an ErrorAt status from the codec into FILE:LINE: at POINTER: reason. `text` is what the
// pointer refers to; `first_line` the line it starts on.
Status Locate(const std::string& file, std::string_view text, size_t first_line,
              const Status& status) {
  auto pointer = ErrorPointer(status);
  if (!pointer) return status.WithContext(file).WithLocation(InputLocation{file, first_line, ""});
  size_t line = LineOfJsonPointer(text, *pointer);
  line = line ? first_line + line - 1 : first_line;
  return status.WithContext(fmt::format("{}:{}", file, line))
      .WithLocation(InputLocation{file, line, *pointer});
}

std::set<std::string> NamesOf(const Entity& e) {
  std::set<std::string> names{NormalizeName(e.name)};
  for (const std::string& a : e.aliases) names.insert(NormalizeName(a));
  return names;
}

Result<std::string> MergeRelationOps(std::string_view earlier, std::string_view later,
                                     const std::string& type, const Schema& schema) {
  LANDSCAPE_ASSIGN_OR_RETURN(Relation merged,
                             DecodeRelationValue(RunOp::Value(earlier), type, "a", "b", schema));
  LANDSCAPE_ASSIGN_OR_RETURN(Relation incoming,
                             DecodeRelationValue(RunOp::Value(later), type, "a", "b", schema));
  MergeRelation(incoming, &merged);
  return RunOp::Put(EncodeRelationValue(merged));
}

Result<std::string> LaterWins(std::string_view, std::string_view, std::string_view later) {
  return std::string(later);
}

rocksdb::Slice ToSlice(std::string_view s) { return {s.data(), s.size()}; }

}  // namespace

Importer::Importer(Store* store, ImportOptions options)
    : store_(store), options_(std::move(options)), schema_(store->schema()) {}

Importer::~Importer() {
  entities_.reset();
  ids_run_.reset();
  names_.reset();
  out_.reset();
  in_.reset();
  fx_.reset();
  if (!temp_dir_.empty()) {
    std::error_code ignored;  // leftovers are removed by the next import anyway
    fs::remove_all(temp_dir_, ignored);
  }
}

Status Importer::Prepare() {
  if (prepared_) return Status::Ok();
  if (!store_->writable()) return Status::InvalidArgument("store is open read-only");
  prepared_ = true;
  // Only the writer holding the store's lock gets here, so any temp directory is stale.
  temp_dir_ = store_->path() + "/import.tmp";
  std::error_code ec;
  fs::remove_all(temp_dir_, ec);
  if (!fs::create_directory(temp_dir_, ec)) {
    return Status::IOError(fmt::format("cannot create {}: {}", temp_dir_, ec.message()));
  }
  std::string next;
  const StoreHandles& h = store_->handles();
  LANDSCAPE_RETURN_IF_ERROR(FromRocks(h.db->Get(rocksdb::ReadOptions(), h.cf(ColumnFamily::kMeta),
                                                std::string(keys::kMetaNextId), &next),
                                      "reading the next entity number"));
  if (next.size() != 8) return Status::Corruption("store's next_id is malformed");
  next_number_ = first_new_number_ = keys::ReadU64(next);
  size_t budget = options_.memory_budget_bytes / 6;
  auto make = [&](const char* name, RunMergeFn merge) {
    return std::make_unique<SortedRun>(name, temp_dir_, budget, std::move(merge));
  };
  entities_ = make("entities", LaterWins);
  ids_run_ = make("ids", LaterWins);
  names_ = make("names", LaterWins);
  in_ = make("in", LaterWins);
  fx_ = make("fx", LaterWins);
  out_ = make(
      "out",
      [this](std::string_view key, std::string_view a, std::string_view b) -> Result<std::string> {
        auto parts = keys::DecodeEdgeKey(key);
        const RelationTypeDef* def = parts ? schema_.FindRelationByTag(parts->type) : nullptr;
        if (!def) return Status::Corruption("import run holds a malformed edge key");
        return MergeRelationOps(a, b, def->name, schema_);
      });
  return Status::Ok();
}

Status Importer::CountRecord() {
  ++progress_.records;
  if (options_.progress && progress_.records % 4096 == 0) options_.progress(progress_);
  if (options_.fault_injection) return options_.fault_injection("record");
  return Status::Ok();
}

Status Importer::AddDocument(const std::string& file, std::string_view text) {
  if (stopped()) return Status::Ok();
  return Noted(ReadDocument(file, text));
}

Status Importer::ReadDocument(const std::string& file, std::string_view text) {
  LANDSCAPE_RETURN_IF_ERROR(Prepare());
  progress_.bytes_read += text.size();  // parsed whole before its records are read
  json doc;
  JsonError error;
  if (!ParseJsonStrict(text, &doc, &error)) {
    return InputError(file, error.line, error.pointer, error.message);
  }
  auto locate = [&](const Status& s) { return Locate(file, text, 1, s); };
  if (!doc.is_object()) return locate(ErrorAt("", "expected a landscape/1 document object"));
  if (!doc.contains("format")) {
    return locate(ErrorAt("", "missing \"format\": \"landscape/1\""));
  }
  if (doc["format"] != kDocumentFormat) {
    return locate(ErrorAt("/format", fmt::format("unsupported format {} (this build reads "
                                                 "\"landscape/1\")",
                                                 doc["format"].dump())));
  }
  for (const auto& [key, value] : doc.items()) {
    static const std::set<std::string> kSections = {"format",   "schema",    "sources",
                                                    "entities", "relations", "fx_rates"};
    if (!kSections.count(key)) return locate(ErrorAt("/" + key, "unknown section"));
    if (key != "format" && key != "schema" && !value.is_array()) {
      return locate(ErrorAt("/" + key, "expected an array"));
    }
  }
  if (doc.contains("schema")) {
    Status s = ExtendSchema(doc["schema"], SourceLocation{file, 0, "/schema", {}});
    if (!s.ok()) return locate(s);
  }
  // Sections in dependency order: what relations and claims refer to comes first.
  for (auto [section, record_type] : {std::pair{"sources", "source"},
                                      {"entities", "entity"},
                                      {"relations", "relation"},
                                      {"fx_rates", "fx_rate"}}) {
    if (!doc.contains(section)) continue;
    const json& items = doc[section];
    std::string section_pointer = std::string("/") + section;
    std::vector<size_t> lines = LinesOfArrayItems(text, section_pointer);
    for (size_t i = 0; i < items.size(); ++i) {
      std::string pointer = JsonPointerAppend(section_pointer, i);
      SourceLocation where{file, i < lines.size() ? lines[i] : 0, pointer, text};
      Status s = AddRecord(record_type, items[i], where);
      // Codec errors name a pointer inside the record; the importer's own carry FILE:LINE.
      if (!s.ok()) LANDSCAPE_RETURN_IF_ERROR(Noted(ErrorPointer(s) ? locate(s) : s));
      if (stopped()) return Status::Ok();
    }
  }
  RefineDeferredLines(text);
  return Status::Ok();
}

void Importer::RefineDeferredLines(std::string_view text) {
  // References still open when their document ends get the exact line of their pointer now,
  // in one pass, while the text is at hand.
  std::set<std::string> pointers;
  for (const auto& [id, index] : refine_) pointers.insert(deferred_[id][index].where.pointer);
  auto lines = LinesOfJsonPointers(text, pointers);
  for (const auto& [id, index] : refine_) {
    auto it = deferred_.find(id);
    if (it == deferred_.end() || index >= it->second.size()) continue;  // resolved meanwhile
    SourceLocation& where = it->second[index].where;
    if (auto line = lines.find(where.pointer); line != lines.end()) where.line = line->second;
  }
  refine_.clear();
}

Status Importer::AddRecord(std::string_view type, const json& record, const SourceLocation& where) {
  Status s = AddRecordUnnoted(type, record, where);
  if (!s.ok() && record.is_object() && record.contains("id") && record["id"].is_string()) {
    failed_ids_.insert(record["id"].get<std::string>());
  }
  return s;
}

Status Importer::AddRecordUnnoted(std::string_view type, const json& record,
                                  const SourceLocation& where) {
  const std::string& pointer = where.pointer;
  if (type == "entity" || type == "source") {
    auto e = EntityFromJson(record, schema_, pointer, type == "source" ? "source" : "");
    return e.ok() ? AddEntity(*e, where) : e.status();
  }
  if (type == "relation") {
    auto r = RelationFromJson(record, schema_, pointer);
    return r.ok() ? AddRelation(*r, where) : r.status();
  }
  if (type == "fx_rate") {
    auto fx = FxRateFromJson(record, schema_, pointer);
    return fx.ok() ? AddFxRate(*fx, where) : fx.status();
  }
  if (type == "schema") return ExtendSchema(record, where);
  return ErrorAt(JsonPointerAppend(pointer, "type"), fmt::format("unknown record type '{}'", type));
}

Status Importer::AddJsonLine(const std::string& file, const std::string& line, size_t number,
                             bool* seen_record) {
  json record;
  JsonError error;
  if (!ParseJsonStrict(line, &record, &error)) {
    return InputError(file, number, error.pointer, error.message);
  }
  SourceLocation where{file, number, "", {}};
  auto fail = [&](const Status& s) { return Locate(file, line, number, s); };
  if (!record.is_object()) return fail(ErrorAt("", "expected one JSON object on each line"));
  if (record.contains("format") && !*seen_record) {
    *seen_record = true;
    if (record.size() != 1 || record["format"] != kDocumentFormat) {
      return fail(ErrorAt("/format", "expected {\"format\": \"landscape/1\"} alone"));
    }
    return Status::Ok();
  }
  *seen_record = true;
  if (!record.contains("type") || !record["type"].is_string()) {
    return fail(ErrorAt("", "missing \"type\" (schema, source, entity, relation or fx_rate)"));
  }
  std::string type = record["type"].get<std::string>();
  record.erase("type");
  Status s = AddRecord(type, record, where);
  // Import-level errors already carry FILE:LINE.
  return s.ok() || !ErrorPointer(s) ? s : fail(s);
}

Status Importer::AddJsonLines(const std::string& file, std::istream& in) {
  if (stopped()) return Status::Ok();
  return Noted(ReadJsonLines(file, in));
}

Status Importer::ReadJsonLines(const std::string& file, std::istream& in) {
  LANDSCAPE_RETURN_IF_ERROR(Prepare());
  std::string line;
  size_t number = 0;
  bool seen_record = false;
  bool too_long = false;
  while (ReadBoundedLine(in, &line, &too_long) || too_long) {
    ++number;
    if (too_long) {
      return InputError(
          file, number, "",
          fmt::format("a line longer than {} MiB: one line holds one record", kMaxLineBytes >> 20));
    }
    progress_.bytes_read += line.size() + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    LANDSCAPE_RETURN_IF_ERROR(Noted(AddJsonLine(file, line, number, &seen_record)));
    if (stopped()) return Status::Ok();
  }
  if (in.bad()) return Status::IOError(fmt::format("{}: read error after line {}", file, number));
  return Status::Ok();
}

Status Importer::ExtendSchema(const json& section, const SourceLocation& where) {
  LANDSCAPE_RETURN_IF_ERROR(Prepare());
  Schema extended = schema_;
  LANDSCAPE_RETURN_IF_ERROR(extended.Extend(section, where.pointer));
  if (extended.ExtensionsToJson(true) != schema_.ExtensionsToJson(true)) {
    schema_ = std::move(extended);
    schema_changed_ = true;
  }
  return Status::Ok();
}

Status Importer::CheckExpectation(const std::string& id, const IdInfo& info,
                                  const Expectation& expect, const SourceLocation& where) const {
  const KindDef* kind = schema_.FindKindByTag(info.kind);
  std::string kind_name = kind ? kind->name : "?";
  if (!expect.relation) {
    if (kind_name == "source") return Status::Ok();
    return ErrorIn(where,
                   fmt::format("'{}' is cited as a source but is of kind {}", id, kind_name));
  }
  const RelationTypeDef* found = schema_.FindRelationByTag(*expect.relation);
  if (!found) return Status::Internal("a relation type left the schema during an import");
  const RelationTypeDef& def = *found;
  // A symmetric relation's ends are ordered by id, so either end may take either side's kinds.
  bool allowed = (expect.from_side || def.symmetric ? def.from_kinds.count(kind_name) : 0) ||
                 (!expect.from_side || def.symmetric ? def.to_kinds.count(kind_name) : 0);
  if (allowed) return Status::Ok();
  std::set<std::string> kinds = expect.from_side ? def.from_kinds : def.to_kinds;
  if (def.symmetric) kinds.insert(def.to_kinds.begin(), def.to_kinds.end());
  if (def.symmetric) kinds.insert(def.from_kinds.begin(), def.from_kinds.end());
  return ErrorIn(where, fmt::format("a {} relation cannot {} '{}' (kind {}; allowed: {})", def.name,
                                    expect.from_side ? "start at" : "end at", id, kind_name,
                                    fmt::join(kinds, ", ")));
}

Result<Importer::IdInfo*> Importer::FindOrAdd(const std::string& id) {
  auto it = ids_.find(id);
  if (it != ids_.end()) return &it->second;
  IdInfo info;
  LANDSCAPE_ASSIGN_OR_RETURN(auto stored, store_->LookupId(id));
  if (stored) {
    info.number = stored->number;
    info.kind = stored->kind;
    info.in_store = true;
  } else {
    info.number = next_number_++;  // numbered at first mention, defined or not yet
  }
  return &ids_.emplace(id, std::move(info)).first->second;
}

Result<Importer::IdInfo*> Importer::Resolve(const std::string& id, const Expectation& expect,
                                            const SourceLocation& where) {
  LANDSCAPE_ASSIGN_OR_RETURN(IdInfo * found, FindOrAdd(id));
  IdInfo& info = *found;
  if (info.kind == 0) {
    SourceLocation kept = where;
    kept.text = {};  // the document is gone by the time a deferred check fails
    if (!where.text.empty()) refine_.push_back({id, deferred_[id].size()});
    deferred_[id].push_back(Deferred{expect, std::move(kept)});
  } else {
    LANDSCAPE_RETURN_IF_ERROR(CheckExpectation(id, info, expect, where));
  }
  return &info;
}

Status Importer::ResolveSources(const std::vector<std::string>& sources,
                                const SourceLocation& where) {
  for (const std::string& s : sources) {
    LANDSCAPE_ASSIGN_OR_RETURN(IdInfo * info, Resolve(s, Expectation{}, where));
    (void)info;
  }
  return Status::Ok();
}

Status Importer::AddEntity(const Entity& entity, const SourceLocation& where) {
  LANDSCAPE_RETURN_IF_ERROR(Prepare());
  LANDSCAPE_RETURN_IF_ERROR(CountRecord());
  const KindDef* kind = schema_.FindKind(entity.kind);
  if (!kind) return ErrorIn(where, schema_.UnknownKind(entity.kind));
  std::string encoded = EncodeEntity(entity);
  size_t hash = std::hash<std::string>{}(encoded);
  LANDSCAPE_ASSIGN_OR_RETURN(IdInfo * found, FindOrAdd(entity.id));
  IdInfo& info = *found;
  if (info.defined) {
    if (info.content_hash == hash) return Status::Ok();
    SourceLocation first{files_[info.defined_file], info.defined_line, info.defined_pointer, {}};
    return ErrorIn(where, fmt::format("entity '{}' is defined twice with different content "
                                      "(first at {})",
                                      entity.id, Where(first)));
  }
  if (info.in_store && info.kind != kind->tag) {
    const KindDef* stored_kind = schema_.FindKindByTag(info.kind);
    return ErrorIn(where, fmt::format("entity '{}' is of kind {} in the store, not {}", entity.id,
                                      stored_kind ? stored_kind->name : "?", entity.kind));
  }
  info.kind = kind->tag;
  info.defined = true;
  info.content_hash = hash;
  if (files_.empty() || files_.back() != where.file) files_.push_back(where.file);
  info.defined_file = static_cast<uint32_t>(files_.size() - 1);
  info.defined_line = static_cast<uint32_t>(where.line);
  info.defined_pointer = where.pointer;
  if (auto d = deferred_.find(entity.id); d != deferred_.end()) {
    for (const Deferred& ref : d->second) {
      LANDSCAPE_RETURN_IF_ERROR(CheckExpectation(entity.id, info, ref.expect, ref.where));
    }
    deferred_.erase(d);
  }
  LANDSCAPE_RETURN_IF_ERROR(ResolveSources(CitedSources(entity), where));
  return info.in_store ? EmitUpdatedEntity(entity, &info) : EmitNewEntity(entity, encoded, &info);
}

Status Importer::EmitNewEntity(const Entity& entity, const std::string& encoded, IdInfo* info) {
  ++summary_.entities_added;
  LANDSCAPE_RETURN_IF_ERROR(entities_->Put(keys::EntityKey(info->number), encoded));
  LANDSCAPE_RETURN_IF_ERROR(ids_run_->Put(entity.id, keys::IdValue(info->number, info->kind)));
  for (const std::string& name : NamesOf(entity)) {
    LANDSCAPE_RETURN_IF_ERROR(names_->Put(keys::NameKey(name, info->number), ""));
  }
  return Status::Ok();
}

Status Importer::EmitUpdatedEntity(const Entity& entity, IdInfo* info) {
  LANDSCAPE_ASSIGN_OR_RETURN(auto stored, store_->GetEntity(info->number));
  if (!stored) {
    return Status::Corruption(fmt::format("entity '{}' is indexed but missing", entity.id));
  }
  Entity merged = *stored;
  if (options_.replace) {
    merged = entity;
    NoteRetracted(entity.id, stored->attributes, entity.attributes);
    for (const std::string& alias : stored->aliases) {
      if (std::find(entity.aliases.begin(), entity.aliases.end(), alias) == entity.aliases.end())
        summary_.retracted.push_back(fmt::format("{}: alias {}", entity.id, alias));
    }
  } else {
    MergeEntity(entity, &merged);
  }
  if (merged == *stored) {
    ++summary_.entities_unchanged;
    return Status::Ok();
  }
  ++summary_.entities_updated;
  if (merged.name != stored->name) {
    summary_.renamed.push_back(
        fmt::format("{}: '{}' → '{}'", merged.id, stored->name, merged.name));
  }
  LANDSCAPE_RETURN_IF_ERROR(entities_->Put(keys::EntityKey(info->number), EncodeEntity(merged)));
  std::set<std::string> before = NamesOf(*stored), after = NamesOf(merged);
  for (const std::string& name : before) {
    if (!after.count(name)) {
      LANDSCAPE_RETURN_IF_ERROR(names_->Delete(keys::NameKey(name, info->number)));
    }
  }
  for (const std::string& name : after) {
    if (!before.count(name)) {
      LANDSCAPE_RETURN_IF_ERROR(names_->Put(keys::NameKey(name, info->number), ""));
    }
  }
  return Status::Ok();
}

Status Importer::AddRelation(const Relation& relation, const SourceLocation& where) {
  LANDSCAPE_RETURN_IF_ERROR(Prepare());
  LANDSCAPE_RETURN_IF_ERROR(CountRecord());
  const RelationTypeDef* def = schema_.FindRelation(relation.type);
  if (!def) return ErrorIn(where, schema_.UnknownRelationType(relation.type));
  SourceLocation from_at = where, to_at = where;
  from_at.pointer = JsonPointerAppend(where.pointer, "from");
  to_at.pointer = JsonPointerAppend(where.pointer, "to");
  LANDSCAPE_ASSIGN_OR_RETURN(IdInfo * from, Resolve(relation.from, {def->tag, true}, from_at));
  keys::EntityNumber from_number = from->number;  // `from` may move when `to` is inserted
  LANDSCAPE_ASSIGN_OR_RETURN(IdInfo * to, Resolve(relation.to, {def->tag, false}, to_at));
  LANDSCAPE_RETURN_IF_ERROR(ResolveSources(CitedSources(relation), where));
  LANDSCAPE_RETURN_IF_ERROR(
      out_->Put(keys::EdgeKey(from_number, def->tag, to->number), EncodeRelationValue(relation)));
  return in_->Put(keys::EdgeKey(to->number, def->tag, from_number), "");
}

Status Importer::AddFxRate(const FxRate& rate, const SourceLocation& where) {
  LANDSCAPE_RETURN_IF_ERROR(Prepare());
  LANDSCAPE_RETURN_IF_ERROR(CountRecord());
  LANDSCAPE_RETURN_IF_ERROR(ResolveSources(rate.provenance.sources, where));
  return fx_->Put(keys::FxKey(rate.base, rate.quote, rate.date), EncodeFxRate(rate));
}

Status Importer::DrainEdges(ChangeSink* sink) {
  const StoreHandles& h = store_->handles();
  // Only an edge between two entities that existed before can already be stored.
  auto may_exist = [this](const keys::EdgeKeyParts& p) {
    return p.first < first_new_number_ && p.second < first_new_number_;
  };
  LANDSCAPE_RETURN_IF_ERROR(out_->Drain([&](std::string_view key, std::string_view op) {
    auto parts = keys::DecodeEdgeKey(key);
    std::string value(RunOp::Value(op));
    std::string existing;
    if (parts && may_exist(*parts)) {
      rocksdb::Status s =
          h.db->Get(rocksdb::ReadOptions(), h.cf(ColumnFamily::kOut), ToSlice(key), &existing);
      if (s.ok()) {
        const RelationTypeDef* def = schema_.FindRelationByTag(parts->type);
        std::string merged(op);
        if (options_.replace) {
          LANDSCAPE_RETURN_IF_ERROR(NoteRetractedProperties(*parts, existing, RunOp::Value(op)));
        } else {
          LANDSCAPE_ASSIGN_OR_RETURN(
              merged, MergeRelationOps(RunOp::Put(existing), op, def->name, schema_));
        }
        if (!IsCurrentRecordForm(existing)) {
          LANDSCAPE_ASSIGN_OR_RETURN(Relation r,
                                     DecodeRelationValue(existing, def->name, "a", "b", schema_));
          existing = EncodeRelationValue(r);
        }
        if (RunOp::Value(merged) == existing) {
          ++summary_.relations_unchanged;
          return Status::Ok();
        }
        ++summary_.relations_updated;
        return sink->Put(ColumnFamily::kOut, key, RunOp::Value(merged));
      }
      if (!s.IsNotFound()) return FromRocks(s, "reading a stored relation");
    }
    ++summary_.relations_added;
    return sink->Put(ColumnFamily::kOut, key, value);
  }));
  return in_->Drain([&](std::string_view key, std::string_view) {
    auto parts = keys::DecodeEdgeKey(key);
    if (parts && may_exist(*parts)) {
      std::string existing;
      rocksdb::Status s =
          h.db->Get(rocksdb::ReadOptions(), h.cf(ColumnFamily::kIn), ToSlice(key), &existing);
      if (s.ok()) return Status::Ok();
      if (!s.IsNotFound()) return FromRocks(s, "reading the incoming-edge index");
    }
    return sink->Put(ColumnFamily::kIn, key, "");
  });
}

Status Importer::DrainFx(ChangeSink* sink) {
  const StoreHandles& h = store_->handles();
  return fx_->Drain([&](std::string_view key, std::string_view op) {
    std::string existing;
    rocksdb::Status s =
        h.db->Get(rocksdb::ReadOptions(), h.cf(ColumnFamily::kFx), ToSlice(key), &existing);
    if (s.ok() && existing == RunOp::Value(op)) return Status::Ok();
    ++summary_.fx_rates_written;
    return sink->Put(ColumnFamily::kFx, key, RunOp::Value(op));
  });
}

Status Importer::DrainAll(ChangeSink* sink) {
  auto plain = [sink](ColumnFamily cf) {
    return [sink, cf](std::string_view key, std::string_view op) {
      return RunOp::IsDelete(op) ? sink->Delete(cf, key) : sink->Put(cf, key, RunOp::Value(op));
    };
  };
  // Column families in a fixed order; each one's keys in order (FileSink needs both).
  LANDSCAPE_RETURN_IF_ERROR(entities_->Drain(plain(ColumnFamily::kEntities)));
  LANDSCAPE_RETURN_IF_ERROR(ids_run_->Drain(plain(ColumnFamily::kIds)));
  LANDSCAPE_RETURN_IF_ERROR(names_->Drain(plain(ColumnFamily::kNames)));
  LANDSCAPE_RETURN_IF_ERROR(DrainEdges(sink));
  LANDSCAPE_RETURN_IF_ERROR(DrainFx(sink));
  if (sink->writes == 0 && !schema_changed_) return Status::Ok();
  // Meta keys sort as: next_id < schema.
  if (next_number_ != first_new_number_) {
    std::string next;
    keys::AppendU64(&next, next_number_);
    LANDSCAPE_RETURN_IF_ERROR(sink->Put(ColumnFamily::kMeta, keys::kMetaNextId, next));
  }
  if (schema_changed_) {
    LANDSCAPE_RETURN_IF_ERROR(
        sink->Put(ColumnFamily::kMeta, keys::kMetaSchema, schema_.ExtensionsToJson(true).dump()));
  }
  return Status::Ok();
}

void Importer::NoteRetracted(std::string_view what, const Attributes& stored,
                             const Attributes& stated) {
  for (const auto& [name, claims] : stored) {
    auto now = stated.find(name);
    for (const Claim& claim : claims) {
      bool kept = now != stated.end() &&
                  std::find(now->second.begin(), now->second.end(), claim) != now->second.end();
      if (!kept) summary_.retracted.push_back(fmt::format("{}: {}", what, ClaimText(name, claim)));
    }
  }
}

Status Importer::NoteRetractedProperties(const keys::EdgeKeyParts& edge, std::string_view stored,
                                         std::string_view stated) {
  const RelationTypeDef* def = schema_.FindRelationByTag(edge.type);
  if (!def) return Status::Corruption("a relation of an unknown type");
  LANDSCAPE_ASSIGN_OR_RETURN(std::string from, store_->ReadableId(edge.first));
  LANDSCAPE_ASSIGN_OR_RETURN(std::string to, store_->ReadableId(edge.second));
  LANDSCAPE_ASSIGN_OR_RETURN(Relation before,
                             DecodeRelationValue(stored, def->name, from, to, schema_));
  LANDSCAPE_ASSIGN_OR_RETURN(Relation after,
                             DecodeRelationValue(stated, def->name, from, to, schema_));
  NoteRetracted(fmt::format("{} {} → {}", def->name, from, to), before.properties,
                after.properties);
  return Status::Ok();
}

bool Importer::KnownNew(ColumnFamily cf, std::string_view key) const {
  auto is_new = [this](keys::EntityNumber n) { return n >= first_new_number_; };
  switch (cf) {
    case ColumnFamily::kEntities:
      return key.size() == 8 && is_new(keys::ReadU64(key));
    case ColumnFamily::kIds: {
      auto it = ids_.find(std::string(key));
      return it != ids_.end() && !it->second.in_store;
    }
    case ColumnFamily::kNames: {
      auto parts = keys::DecodeNameKey(key);
      return parts && is_new(parts->id);
    }
    case ColumnFamily::kOut:
    case ColumnFamily::kIn: {
      auto parts = keys::DecodeEdgeKey(key);
      return parts && (is_new(parts->first) || is_new(parts->second));
    }
    default:
      return false;
  }
}

Status Importer::Noted(const Status& status) {
  if (status.ok() || status.code() != StatusCode::kInvalidArgument) return status;
  if (!stopped()) input_errors_.push_back(status);
  return Status::Ok();
}

Status Importer::InputErrors() const {
  if (input_errors_.size() == 1) return input_errors_.front();
  std::string message =
      fmt::format("{} errors in the input{}:", input_errors_.size(),
                  input_errors_.size() >= kMaxErrors ? ", reading stopped there" : "");
  for (const Status& e : input_errors_) message += "\n  " + e.message();
  Status all = Status::InvalidArgument(message);
  if (auto where = input_errors_.front().location()) all = all.WithLocation(*where);
  return all;
}

Result<ImportSummary> Importer::Commit() {
  LANDSCAPE_RETURN_IF_ERROR(Prepare());
  // References are checked after every record is read, in the order of the ids; a reference
  // to a record that itself failed says nothing new.
  std::vector<const std::string*> unresolved;
  for (const auto& [id, refs] : deferred_) {
    if (!failed_ids_.count(id)) unresolved.push_back(&id);
  }
  std::sort(unresolved.begin(), unresolved.end(),
            [](const std::string* a, const std::string* b) { return *a < *b; });
  for (const std::string* id : unresolved) {
    if (input_errors_.size() >= kMaxErrors) break;
    input_errors_.push_back(
        ErrorIn(deferred_.at(*id).front().where, fmt::format("unknown entity '{}'", *id)));
  }
  if (!input_errors_.empty()) return InputErrors();
  const StoreHandles& h = store_->handles();
  size_t pending = entities_->entries_added() + ids_run_->entries_added() +
                   names_->entries_added() + out_->entries_added() + in_->entries_added() +
                   fx_->entries_added();
  bool spilled = entities_->spilled() || ids_run_->spilled() || names_->spilled() ||
                 out_->spilled() || in_->spilled() || fx_->spilled();
  ChangeRecord record;
  record.time = options_.note.time;
  record.description = options_.note.description;
  if (record.time.empty()) {
    LANDSCAPE_ASSIGN_OR_RETURN(record.time, ChangeTimeNow());
  }
  if (record.description.empty()) {
    record.description =
        fmt::format("import {}{}", options_.replace ? "--replace " : "", fmt::join(files_, " "));
  }
  LANDSCAPE_ASSIGN_OR_RETURN(auto recorder,
                             ChangeRecorder::Begin(*store_, std::move(record), temp_dir_,
                                                   options_.memory_budget_bytes / 4));
  Status committed;
  std::unique_ptr<ChangeSink> inner;
  if (!spilled && pending <= options_.batch_write_limit) {
    inner = std::make_unique<BatchSink>(h);
  } else {
    inner = std::make_unique<FileSink>(h, temp_dir_);
    summary_.ingested_as_files = true;
  }
  RecordingSink sink(inner.get(), recorder.get(),
                     [this](ColumnFamily cf, std::string_view key) { return KnownNew(cf, key); });
  LANDSCAPE_RETURN_IF_ERROR(DrainAll(&sink));
  summary_.writes = sink.writes;
  if (options_.fault_injection)
    LANDSCAPE_RETURN_IF_ERROR(options_.fault_injection("before-commit"));
  if (sink.writes || schema_changed_) {
    committed =
        sink.Commit(summary_.ingested_as_files ? "ingesting the import" : "writing the import");
    summary_.change = recorder->number();
  }
  if (!committed.ok()) {
    store_->NoteFailedCommit();
    return committed;
  }
  store_->RecordWatermark();
  summary_.schema_changed = schema_changed_;
  if (schema_changed_) LANDSCAPE_RETURN_IF_ERROR(store_->ReloadSchema());
  return summary_;
}

}  // namespace landscape
