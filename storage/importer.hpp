#pragma once
// Importer: validates documents and writes them to a store as one atomic change. Nothing is
// written until Commit, and Commit is one RocksDB write: a WriteBatch for small imports, one
// atomic multi-column-family ingestion of SST files for large ones. Memory stays flat in the
// number of relations: writes are kept in sorted runs that spill to disk; what grows is only
// the map of the entity ids the input defines or refers to (about 130 bytes an
// entity).
//
// Semantics (docs/data-format.md): entities upsert by readable id and merge with what the
// store holds; relations are identified by (from, type, to) and merge likewise; an id defined
// twice in one import with different content is refused; references may point forward in
// the input, and must all resolve by Commit.

#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/entity.hpp"
#include "core/schema.hpp"
#include "landscape/changes.hpp"
#include "landscape/status.hpp"
#include "storage/key_codec.hpp"
#include "storage/sorted_run.hpp"
#include "storage/store.hpp"
#include "storage/store_handles.hpp"

namespace landscape {

// Where a record came from, for error messages: "FILE:LINE: at POINTER: reason".
struct SourceLocation {
  std::string file;
  size_t line = 0;  // of the record
  std::string pointer;
  // The document the pointer refers to, while it is being read: errors then name the exact
  // line of the pointer rather than the record's. Empty for line-delimited input.
  std::string_view text;
};

class ChangeSink;  // where Commit's writes go (change_sink.hpp)

class Importer {
 public:
  // REQUIRES: store opened for writing and outliving the importer.
  explicit Importer(Store* store, ImportOptions options = {});
  ~Importer();
  Importer(const Importer&) = delete;
  Importer& operator=(const Importer&) = delete;

  // A whole landscape/1 document. `file` names it in errors. An error in the input (a bad
  // record, a document that does not parse) is kept and reading goes on to find the others,
  // up to kMaxErrors; Commit reports them all and writes nothing. Other errors (I/O) return.
  Status AddDocument(const std::string& file, std::string_view text);
  // The line-delimited form, streamed; errors as AddDocument.
  Status AddJsonLines(const std::string& file, std::istream& in);
  // For progress: the total size of the inputs still to come through Add*, when known.
  void ExpectBytes(size_t bytes) { progress_.bytes_total += bytes; }

  // Single records, as `landscape add` makes them; validated like an import.
  Status ExtendSchema(const nlohmann::json& section, const SourceLocation& where);
  Status AddEntity(const Entity& entity, const SourceLocation& where);
  Status AddRelation(const Relation& relation, const SourceLocation& where);
  Status AddFxRate(const FxRate& rate, const SourceLocation& where);

  // Checks that every reference resolved, then writes everything atomically. After a failed
  // Commit the store is as before. Call once.
  Result<ImportSummary> Commit();

  // How many errors in the input one import reports before it stops reading.
  static constexpr size_t kMaxErrors = 50;
  // Keeps an error in the input (InvalidArgument, located) for Commit to report, and returns
  // OK; any other status (I/O, a full disk) is returned as it is.
  Status Noted(const Status& status);
  // kMaxErrors are kept: reading stops.
  bool stopped() const { return input_errors_.size() >= kMaxErrors; }

  const Schema& schema() const { return schema_; }

 private:
  struct IdInfo;
  struct Expectation;
  struct Deferred;

  Status Prepare();
  // One record of the given type ("source", "entity", "relation", "fx_rate", "schema").
  Status AddRecord(std::string_view type, const nlohmann::json& record,
                   const SourceLocation& where);
  Status ReadDocument(const std::string& file, std::string_view text);
  Status ReadJsonLines(const std::string& file, std::istream& in);
  Status AddRecordUnnoted(std::string_view type, const nlohmann::json& record,
                          const SourceLocation& where);
  // One line of the line-delimited form (`seen_record`: a record came before it).
  Status AddJsonLine(const std::string& file, const std::string& line, size_t number,
                     bool* seen_record);
  // The id's record, added (numbered, and looked up in the store) on first mention.
  Result<IdInfo*> FindOrAdd(const std::string& id);
  Result<IdInfo*> Resolve(const std::string& id, const Expectation& expect,
                          const SourceLocation& where);
  Status CheckExpectation(const std::string& id, const IdInfo& info, const Expectation& expect,
                          const SourceLocation& where) const;
  Status ResolveSources(const std::vector<std::string>& sources, const SourceLocation& where);
  Status EmitNewEntity(const Entity& entity, const std::string& encoded, IdInfo* info);
  Status EmitUpdatedEntity(const Entity& entity, IdInfo* info);
  Status CountRecord();
  void RefineDeferredLines(std::string_view text);
  Status DrainAll(ChangeSink* sink);
  // The errors kept, as one status: the first one's code and location, every message.
  Status InputErrors() const;
  Status DrainEdges(ChangeSink* sink);
  Status DrainFx(ChangeSink* sink);
  // `import --replace`: the stored claims that the input no longer states, into the summary.
  void NoteRetracted(std::string_view what, const Attributes& stored, const Attributes& stated);
  Status NoteRetractedProperties(const keys::EdgeKeyParts& edge, std::string_view stored,
                                 std::string_view stated);
  // A key of an entity this import numbered: the store cannot hold it yet.
  bool KnownNew(ColumnFamily cf, std::string_view key) const;

  Store* store_;
  ImportOptions options_;
  Schema schema_;
  bool schema_changed_ = false;
  bool prepared_ = false;
  std::string temp_dir_;
  keys::EntityNumber next_number_ = 1;
  keys::EntityNumber first_new_number_ = 1;
  std::unordered_map<std::string, IdInfo> ids_;
  std::unordered_map<std::string, std::vector<Deferred>> deferred_;
  std::vector<std::pair<std::string, size_t>> refine_;  // deferrals made in this document
  std::vector<std::string> files_;
  std::vector<Status> input_errors_;
  std::set<std::string> failed_ids_;  // of records that failed: references to them are not news
  std::unique_ptr<SortedRun> entities_, ids_run_, names_, out_, in_, fx_;
  ImportSummary summary_;
  ImportProgress progress_;
};

}  // namespace landscape
