#pragma once
// Database: the front door of a Landscape store. Every face (the `landscape` CLI, scripts)
// opens a store, imports, exports, edits and asks questions through this class alone; the
// layers behind it (core, storage, query) are not part of the interface, and no RocksDB or
// Boost type appears here.
//
//   auto db = Database::Open("market.db", OpenMode::kRead);
//   if (!db.ok()) return db.status();
//   Request request{CompareRequest{{"DeepSeek", "Moonshot AI", "Baidu"}}, ReadContext{}};
//   auto tables = (*db)->Run(request);
//
// A Database is not copyable; one writer at a time may hold a store (a second gets Busy), any
// number of readers may read beside it. Errors are Status values; nothing throws (an exception
// from behind the front door, such as running out of memory, becomes kInternal).

#include <iosfwd>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "landscape/bulk_csv.hpp"
#include "landscape/changes.hpp"
#include "landscape/read_context.hpp"
#include "landscape/request.hpp"
#include "landscape/result_table.hpp"
#include "landscape/status.hpp"

namespace landscape {

class Store;

// What an import did: its summary, and whether the graph image (derived data that makes
// global queries fast) was rebuilt. The import stands on its own: when `image` is not OK the
// import is committed and queries read the store meanwhile.
struct ImportReport {
  ImportSummary summary;
  Status image;
};

enum class ExportFormat {
  kDocument,   // the canonical landscape/1 document: the whole store
  kJsonLines,  // the same, one record per line, as `import --jsonl` reads
  kDot,        // the graph, or a neighbourhood of it, as Graphviz DOT
  kGraphml,    // the same as GraphML
  kHistory,    // the whole record: every change with what it left (docs/data-format.md)
};

struct ExportRequest {
  ExportFormat format = ExportFormat::kDocument;
  // The graph formats only: the neighbourhood of `around` within `depth` hops, over `via`.
  std::string around;         // Default: the whole graph
  int depth = 2;              // Default: 2
  std::set<std::string> via;  // relation types; Default: all
};

// This build's version (the project's, "0.1.0") and the newest store format it reads and writes.
const char* LibraryVersion();
int StoreFormatVersion();

class Database {
 public:
  // Opens the store at `path`. Errors say what is wrong and how to proceed: no store there,
  // not a Landscape store, a format newer than this build, in use by another writer (Busy).
  static Result<std::unique_ptr<Database>> Open(const std::string& path, OpenMode mode);
  // Creates a new, empty store; AlreadyExists when `path` holds anything.
  static Result<std::unique_ptr<Database>> Create(const std::string& path);

  // Makes a new store at `path` from a history file (`export --history`): every change
  // replayed under its own number, time and description, so that `log` and the answers at
  // every `--recorded-by` are those of the store exported. All or nothing: the store is built
  // beside `path` and moved there whole. AlreadyExists when `path` holds anything. Returns the
  // number of changes replayed.
  static Result<size_t> CreateFromHistory(const std::string& path, const std::string& file);
  // Whether `file` is a history file (its first line says so).
  static bool IsHistoryFile(const std::string& file);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::string& path() const;

  // Answers a read request: the verb's result tables, each as docs/queries.md describes it.
  // InvalidArgument for a bad option, NotFound for a name that matches nothing.
  Result<std::vector<ResultTable>> Run(const Request& request) const;

  // Imports every input as one atomic change (all or nothing), then rebuilds the graph image.
  // REQUIRES: opened for writing.
  Result<ImportReport> Import(const std::vector<ImportInput>& inputs,
                              const ImportOptions& options = {});
  // Each is one atomic change, validated like an import. REQUIRES: opened for writing.
  Result<ImportSummary> Add(const EntitySpec& entity);
  Result<ImportSummary> Add(const RelationSpec& relation);
  Result<ImportSummary> Add(const FxSpec& rate);
  Result<ImportSummary> Add(const RoundSpec& round);
  // Corrections, each one atomic change that keeps what it ends in the history: `set`
  // replaces an attribute's current claims, `retract` ends claims or a relation. Names are
  // accepted wherever an id is. REQUIRES: opened for writing.
  Result<EditSummary> Set(const SetSpec& spec, const ChangeNote& note = {});
  Result<EditSummary> Retract(const RetractSpec& spec, const ChangeNote& note = {});
  Result<EditSummary> Retract(const RelationRetractSpec& spec, const ChangeNote& note = {});
  // A new change that undoes change `change` (docs/queries.md, "History"); refused, with the
  // reason, when a later change depends on it.
  Result<EditSummary> Revert(uint64_t change, const ChangeNote& note = {});
  // Removes an entity (an id, a name or an alias), its names and its relations; a source that
  // facts cite is refused. Returns the change's number in the log.
  Result<uint64_t> Remove(const std::string& id, const ChangeNote& note = {});

  // Writes the store (or its graph) to `out`. The document forms are the whole store: with
  // `context.as_of` they are refused, since a canonical document cannot leave facts out.
  Status Export(const ExportRequest& request, const ReadContext& context, std::ostream& out) const;
  // The same into the file `path`, atomically: a complete file or, on any failure, none (and
  // no temporary file left beside it).
  Status ExportToFile(const ExportRequest& request, const ReadContext& context,
                      const std::string& path) const;
  // The store as node and relationship CSV files for a graph engine's bulk loader, written
  // into the new directory `dir` whole or not at all (docs/data-format.md, "Bulk CSV").
  // Honours --recorded-by and --published-by; refuses --as-of, as the whole-store export does.
  Result<BulkCsvSummary> ExportBulkCsv(const std::string& dir, const ReadContext& context) const;

  // Verifies the store's invariants; fails only when the store cannot be read.
  Result<StoreCheckReport> Check() const;
  // Check, then mend what can be mended without losing anything (StoreCheckReport says what),
  // then check again: the report is the second check's, with `repaired` filled. REQUIRES: the
  // database opened for writing.
  Result<StoreCheckReport> Repair();

 private:
  explicit Database(std::unique_ptr<Store> store);
  Status ExportUnguarded(const ExportRequest& request, const ReadContext& context,
                         std::ostream& out) const;
  std::unique_ptr<Store> store_;
};

}  // namespace landscape
