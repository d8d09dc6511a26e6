#include "landscape/database.hpp"

#include <exception>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>

#include <fmt/format.h>

#include "query/catalog.hpp"
#include "query/change_history.hpp"
#include "query/comparison.hpp"
#include "query/currency_converter.hpp"
#include "query/entity_card.hpp"
#include "query/funding_tables.hpp"
#include "query/graph_export.hpp"
#include "query/graph_image.hpp"
#include "query/graph_queries.hpp"
#include "query/rivals.hpp"
#include "query/timeline.hpp"
#include "storage/atomic_file.hpp"
#include "storage/bulk_csv_exporter.hpp"
#include "storage/change_log.hpp"
#include "storage/change_revert.hpp"
#include "storage/exporter.hpp"
#include "storage/fact_edits.hpp"
#include "storage/history_file.hpp"
#include "storage/published_view.hpp"
#include "storage/store.hpp"
#include "storage/store_checker.hpp"
#include "storage/store_edits.hpp"

namespace landscape {
namespace {

using Tables = std::vector<ResultTable>;

Result<Tables> One(Result<ResultTable> table) {
  if (!table.ok()) return table.status();
  return Tables{std::move(table).value()};
}

// Each verb's answer, with the read context handed to it whole.
class VerbRunner {
 public:
  VerbRunner(const Store& store, const ReadContext& context) : store_(store), context_(context) {}

  Result<Tables> operator()(const ShowRequest& r) const {
    return BuildEntityCard(store_, r, context_);
  }
  Result<Tables> operator()(const FindRequest& r) const {
    return One(FindEntities(store_, r, context_));
  }
  Result<Tables> operator()(const ListRequest& r) const {
    return One(ListEntities(store_, r, context_));
  }
  Result<Tables> operator()(const InfoRequest&) const {
    if (context_.as_of) {
      return Status::InvalidArgument(
          "--as-of: info describes the store as it is; no fact of it is dated");
    }
    return Tables{StoreInfoTable(store_)};
  }
  Result<Tables> operator()(const TimelineRequest& r) const {
    return One(TimelineTable(store_, r, context_));
  }
  Result<Tables> operator()(const CompareRequest& r) const {
    return One(CompareTable(store_, r, context_));
  }
  Result<Tables> operator()(const GraphRequest& r) const {
    return SubgraphTables(store_, GraphExportOptions{r.around, r.depth, r.via}, context_);
  }
  Result<Tables> operator()(const TableRequest& r) const {
    return One(KindTable(store_, r, context_));
  }
  Result<Tables> operator()(const InvestorsRequest& r) const {
    return One(InvestorsTable(store_, r, context_));
  }
  Result<Tables> operator()(const PortfolioRequest& r) const {
    return One(PortfolioTable(store_, r, context_));
  }
  Result<Tables> operator()(const SharedInvestorsRequest& r) const {
    return One(SharedInvestorsTable(store_, r, context_));
  }
  Result<Tables> operator()(const RivalsRequest& r) const {
    return One(RivalsTable(store_, r, context_));
  }
  Result<Tables> operator()(const PathRequest& r) const { return PathTables(store_, r, context_); }
  Result<Tables> operator()(const RankRequest& r) const { return RankTables(store_, r, context_); }
  Result<Tables> operator()(const HistoryRequest& r) const {
    LANDSCAPE_RETURN_IF_ERROR(ListsChanges("history"));
    return HistoryTables(store_, r, context_);
  }
  Result<Tables> operator()(const LogRequest& r) const {
    LANDSCAPE_RETURN_IF_ERROR(ListsChanges("log"));
    return One(LogTable(store_, r, context_));
  }
  Result<Tables> operator()(const FxRequest& r) const {
    return One(FxRatesTable(store_, r, context_));
  }
  Result<Tables> operator()(const ClustersRequest& r) const {
    return One(ClustersTable(store_, r, context_));
  }

 private:
  // `log` and `history` list changes, which have no valid or publication time.
  Status ListsChanges(const char* verb) const {
    const char* flag = context_.as_of ? "--as-of" : context_.published_by ? "--published-by" : "";
    if (!*flag) return Status::Ok();
    return Status::InvalidArgument(fmt::format(
        "{}: {} lists changes, not facts; it takes --recorded-by, and {} applies to the verbs "
        "that read facts (show, compare, rank, …)",
        flag, verb, flag));
  }

  const Store& store_;
  const ReadContext& context_;
};

// Runs `work`, turning an exception that escaped the layers behind the front door into a
// Status: none may cross it.
template <typename Work>
auto Guarded(Work work) -> decltype(work()) {
  try {
    return work();
  } catch (const std::exception& e) {
    return Status::Internal(std::string("internal error: ") + e.what());
  }
}

bool IsGraphFormat(ExportFormat format) {
  return format == ExportFormat::kDot || format == ExportFormat::kGraphml;
}

Status RequireWritable(const Store& store) {
  if (store.writable()) return Status::Ok();
  return Status::InvalidArgument(fmt::format("{} is open for reading only", store.path()));
}

// An id, name or alias given for `flag`, replaced by the entity's id, as the query verbs
// resolve names (with their suggestions when it matches nothing, or several).
Status ToId(const Store& store, std::string* name, const char* flag) {
  auto entity = ResolveEntity(store, *name);
  if (!entity.ok()) return entity.status().WithContext(flag);
  *name = entity->entity.id;
  return Status::Ok();
}

// A reader of the store as it stood after the change `--recorded-by` names, with what was not
// published by `--published-by` hidden; nullptr when the read is of the store as it is.
Result<std::unique_ptr<Store>> RewoundReader(const Store& store, const ReadContext& context) {
  if (context.recorded_by.empty() && !context.published_by) return std::unique_ptr<Store>();
  LANDSCAPE_ASSIGN_OR_RETURN(std::unique_ptr<Store> reader,
                             Store::Open(store.path(), OpenMode::kRead));
  if (!context.recorded_by.empty()) {
    LANDSCAPE_ASSIGN_OR_RETURN(keys::ChangeNumber change,
                               ResolveRecordedBy(*reader, context.recorded_by));
    LANDSCAPE_RETURN_IF_ERROR(reader->RewindTo(change));
  }
  if (context.published_by) {
    LANDSCAPE_RETURN_IF_ERROR(HideUnpublished(reader.get(), *context.published_by));
  }
  return reader;
}

}  // namespace

const char* LibraryVersion() { return LANDSCAPE_VERSION; }
int StoreFormatVersion() { return keys::kFormatVersion; }

Database::Database(std::unique_ptr<Store> store) : store_(std::move(store)) {}
Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, OpenMode mode) {
  LANDSCAPE_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(path, mode));
  return std::unique_ptr<Database>(new Database(std::move(store)));
}

Result<std::unique_ptr<Database>> Database::Create(const std::string& path) {
  LANDSCAPE_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Create(path));
  return std::unique_ptr<Database>(new Database(std::move(store)));
}

bool Database::IsHistoryFile(const std::string& file) {
  // The header is one short line: read no more than it could be (`import /dev/zero`).
  std::ifstream in(file, std::ios::binary);
  char head[128];
  in.read(head, sizeof head);
  std::string first(head, static_cast<size_t>(in.gcount()));
  size_t end = first.find('\n');
  return end != std::string::npos && IsHistoryHeader(first.substr(0, end));
}

Result<size_t> Database::CreateFromHistory(const std::string& path, const std::string& file) {
  namespace fs = std::filesystem;
  return Guarded([&]() -> Result<size_t> {
    std::error_code ec;
    if (fs::exists(path, ec)) {
      return Status::AlreadyExists(fmt::format(
          "{} already exists; a history is imported into a new store (give a new --db path)",
          path));
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return Status::NotFound(fmt::format("{}: cannot open for reading", file));
    std::string partial = path + ".partial";
    fs::remove_all(partial, ec);
    Result<size_t> replayed = [&]() -> Result<size_t> {
      LANDSCAPE_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Create(partial));
      LANDSCAPE_ASSIGN_OR_RETURN(size_t changes, ReplayHistory(store.get(), file, in));
      static_cast<void>(GraphImage::Rebuild(*store));  // derived: the store answers without it
      return changes;
    }();
    if (replayed.ok()) {
      fs::rename(partial, path, ec);
      if (ec)
        replayed = Status::IOError(fmt::format("moving {} to {}: {}", partial, path, ec.message()));
    }
    if (!replayed.ok()) fs::remove_all(partial, ec);
    return replayed;
  });
}

const std::string& Database::path() const { return store_->path(); }

Result<std::vector<ResultTable>> Database::Run(const Request& request) const {
  LANDSCAPE_RETURN_IF_ERROR(CheckCurrency(request.context.currency));
  return Guarded([&]() -> Result<std::vector<ResultTable>> {
    LANDSCAPE_ASSIGN_OR_RETURN(auto rewound, RewoundReader(*store_, request.context));
    const Store& store = rewound ? *rewound : *store_;
    return std::visit(VerbRunner(store, request.context), request.verb);
  });
}

Result<ImportReport> Database::Import(const std::vector<ImportInput>& inputs,
                                      const ImportOptions& options) {
  LANDSCAPE_RETURN_IF_ERROR(RequireWritable(*store_));
  return Guarded([&]() -> Result<ImportReport> {
    LANDSCAPE_ASSIGN_OR_RETURN(ImportSummary summary, ImportFiles(store_.get(), inputs, options));
    return ImportReport{summary, GraphImage::Rebuild(*store_)};
  });
}

Result<ImportSummary> Database::Add(const EntitySpec& entity) {
  LANDSCAPE_RETURN_IF_ERROR(RequireWritable(*store_));
  return Guarded([&] { return AddEntity(store_.get(), entity); });
}

Result<ImportSummary> Database::Add(const RelationSpec& relation) {
  LANDSCAPE_RETURN_IF_ERROR(RequireWritable(*store_));
  return Guarded([&]() -> Result<ImportSummary> {
    // Names, as every query verb takes them; an ambiguous or unknown one says so.
    RelationSpec resolved = relation;
    LANDSCAPE_RETURN_IF_ERROR(ToId(*store_, &resolved.from, "--from"));
    LANDSCAPE_RETURN_IF_ERROR(ToId(*store_, &resolved.to, "--to"));
    return AddRelation(store_.get(), resolved);
  });
}

Result<ImportSummary> Database::Add(const FxSpec& rate) {
  LANDSCAPE_RETURN_IF_ERROR(RequireWritable(*store_));
  return Guarded([&] { return AddFxRate(store_.get(), rate); });
}

Result<ImportSummary> Database::Add(const RoundSpec& round) {
  LANDSCAPE_RETURN_IF_ERROR(RequireWritable(*store_));
  return Guarded([&]() -> Result<ImportSummary> {
    RoundSpec resolved = round;
    LANDSCAPE_RETURN_IF_ERROR(ToId(*store_, &resolved.company, "--company"));
    for (std::string& lead : resolved.leads)
      LANDSCAPE_RETURN_IF_ERROR(ToId(*store_, &lead, "--lead"));
    for (std::string& investor : resolved.investors) {
      LANDSCAPE_RETURN_IF_ERROR(ToId(*store_, &investor, "--investor"));
    }
    return AddRound(store_.get(), resolved);
  });
}

Result<EditSummary> Database::Set(const SetSpec& spec, const ChangeNote& note) {
  LANDSCAPE_RETURN_IF_ERROR(RequireWritable(*store_));
  return Guarded([&]() -> Result<EditSummary> {
    SetSpec resolved = spec;
    LANDSCAPE_RETURN_IF_ERROR(ToId(*store_, &resolved.entity, "set"));
    return SetClaim(store_.get(), resolved, note);
  });
}

Result<EditSummary> Database::Retract(const RetractSpec& spec, const ChangeNote& note) {
  LANDSCAPE_RETURN_IF_ERROR(RequireWritable(*store_));
  return Guarded([&]() -> Result<EditSummary> {
    RetractSpec resolved = spec;
    LANDSCAPE_RETURN_IF_ERROR(ToId(*store_, &resolved.entity, "retract"));
    return RetractClaims(store_.get(), resolved, note);
  });
}

Result<EditSummary> Database::Retract(const RelationRetractSpec& spec, const ChangeNote& note) {
  LANDSCAPE_RETURN_IF_ERROR(RequireWritable(*store_));
  return Guarded([&]() -> Result<EditSummary> {
    RelationRetractSpec resolved = spec;
    LANDSCAPE_RETURN_IF_ERROR(ToId(*store_, &resolved.from, "--from"));
    LANDSCAPE_RETURN_IF_ERROR(ToId(*store_, &resolved.to, "--to"));
    return RetractRelation(store_.get(), resolved, note);
  });
}

Result<EditSummary> Database::Revert(uint64_t change, const ChangeNote& note) {
  LANDSCAPE_RETURN_IF_ERROR(RequireWritable(*store_));
  return Guarded([&] { return RevertChange(store_.get(), change, note); });
}

Result<uint64_t> Database::Remove(const std::string& id, const ChangeNote& note) {
  LANDSCAPE_RETURN_IF_ERROR(RequireWritable(*store_));
  return Guarded([&]() -> Result<uint64_t> {
    std::string resolved = id;
    LANDSCAPE_RETURN_IF_ERROR(ToId(*store_, &resolved, "remove"));
    return store_->RemoveEntity(resolved, note);
  });
}

Status Database::Export(const ExportRequest& request, const ReadContext& context,
                        std::ostream& out) const {
  return Guarded([&] { return ExportUnguarded(request, context, out); });
}

Status Database::ExportUnguarded(const ExportRequest& request, const ReadContext& context,
                                 std::ostream& out) const {
  // --recorded-by: the store as it stood then, the whole document included.
  LANDSCAPE_ASSIGN_OR_RETURN(auto rewound, RewoundReader(*store_, context));
  const Store& store = rewound ? *rewound : *store_;
  if (request.format == ExportFormat::kHistory) {
    if (context.as_of || context.published_by || !context.recorded_by.empty()) {
      return Status::InvalidArgument(
          "export --history writes every change; --as-of, --published-by and --recorded-by "
          "do not apply to it");
    }
    return ExportHistory(*store_, out);
  }
  if (!IsGraphFormat(request.format)) {
    if (context.as_of) {
      return Status::InvalidArgument(
          "--as-of: export writes the whole store as its canonical document; --as-of applies "
          "to --format dot|graphml");
    }
    return ExportStore(
        store,
        request.format == ExportFormat::kJsonLines ? ExportForm::kJsonLines : ExportForm::kDocument,
        out);
  }
  GraphExportOptions options{request.around, request.depth, request.via};
  GraphFormat format =
      request.format == ExportFormat::kDot ? GraphFormat::kDot : GraphFormat::kGraphml;
  return ExportGraph(store, format, options, context, out);
}

Status Database::ExportToFile(const ExportRequest& request, const ReadContext& context,
                              const std::string& path) const {
  return WriteFileAtomically(path,
                             [&](std::ostream& out) { return Export(request, context, out); });
}

Result<BulkCsvSummary> Database::ExportBulkCsv(const std::string& dir,
                                               const ReadContext& context) const {
  return Guarded([&]() -> Result<BulkCsvSummary> {
    if (context.as_of) {
      return Status::InvalidArgument(
          "--as-of: the bulk CSV export writes the whole store; --as-of applies to "
          "--format dot|graphml");
    }
    LANDSCAPE_ASSIGN_OR_RETURN(auto rewound, RewoundReader(*store_, context));
    return landscape::ExportBulkCsv(rewound ? *rewound : *store_, dir);
  });
}

Result<StoreCheckReport> Database::Check() const {
  return Guarded([&] { return CheckStore(*store_); });
}

Result<StoreCheckReport> Database::Repair() {
  return Guarded([&]() -> Result<StoreCheckReport> {
    LANDSCAPE_ASSIGN_OR_RETURN(StoreCheckReport before, CheckStore(*store_));
    LANDSCAPE_ASSIGN_OR_RETURN(std::vector<std::string> repaired, RepairStore(*store_, before));
    if (before.image_repair) LANDSCAPE_RETURN_IF_ERROR(GraphImage::Rebuild(*store_));
    LANDSCAPE_ASSIGN_OR_RETURN(StoreCheckReport after, CheckStore(*store_));
    after.repaired = std::move(repaired);
    return after;
  });
}

}  // namespace landscape
