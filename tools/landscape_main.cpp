// The `landscape` command line: parses arguments, calls the libraries, prints results on
// stdout and errors on stderr. No logic lives here that a script would also need: each verb
// is one library call whose typed result is rendered.

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "query/catalog.hpp"
#include "query/comparison.hpp"
#include "query/entity_card.hpp"
#include "query/funding_tables.hpp"
#include "query/graph_export.hpp"
#include "query/graph_image.hpp"
#include "query/graph_queries.hpp"
#include "query/result_table.hpp"
#include "query/rivals.hpp"
#include "query/timeline.hpp"
#include "storage/exporter.hpp"
#include "storage/store.hpp"
#include "storage/store_checker.hpp"
#include "storage/store_edits.hpp"

namespace landscape {
namespace {

struct GlobalOptions {
  std::string db;
  std::string format = "table";
  std::string as_of_text;
  std::optional<Date> as_of;  // parsed from as_of_text before a verb runs
};

// A verb: its subcommand and what runs when it was chosen.
struct Verb {
  CLI::App* command;
  std::function<int()> run;
};

ReadContext Context(const GlobalOptions& g) { return ReadContext{g.as_of, "USD"}; }

int Fail(const Status& status) {
  std::cerr << "landscape: " << status.message() << '\n';
  return 1;
}

OutputFormat ParseFormat(const std::string& f) {
  if (f == "json") return OutputFormat::kJson;
  if (f == "csv") return OutputFormat::kCsv;
  return OutputFormat::kTable;
}

int Print(const Result<std::vector<ResultTable>>& tables, const GlobalOptions& g) {
  if (!tables.ok()) return Fail(tables.status());
  RenderTables(*tables, ParseFormat(g.format), std::cout);
  return 0;
}

int Print(const Result<ResultTable>& table, const GlobalOptions& g) {
  if (!table.ok()) return Fail(table.status());
  RenderTables({*table}, ParseFormat(g.format), std::cout);
  return 0;
}

bool IsGraphFormat(const std::string& f) { return f == "dot" || f == "graphml"; }

// Runs a read-only query on a reader of the store.
template <typename Query>
int Read(const GlobalOptions& g, Query query) {
  if (IsGraphFormat(g.format)) {
    return Fail(Status::InvalidArgument("--format " + g.format +
                                        " is for export; use table, "
                                        "json or csv here"));
  }
  auto store = Store::Open(g.db, OpenMode::kRead);
  if (!store.ok()) return Fail(store.status());
  return Print(query(**store), g);
}

void PrintSummary(const ImportSummary& s) {
  if (s.writes == 0) {
    std::cerr << "nothing changed: the store already holds these facts\n";
    return;
  }
  std::cerr << fmt::format(
      "entities: {} added, {} updated, {} unchanged; relations: {} added, {} updated, {} "
      "unchanged; FX rates: {} written{}\n",
      s.entities_added, s.entities_updated, s.entities_unchanged, s.relations_added,
      s.relations_updated, s.relations_unchanged, s.fx_rates_written,
      s.schema_changed ? "; schema extended" : "");
}

// "[########------------]  41%  1,204,224 records  98,304/s  ETA 12s" on one line.
std::string ProgressLine(const ImportProgress& p, double seconds) {
  double rate = seconds > 0 ? static_cast<double>(p.records) / seconds : 0;
  if (p.bytes_total == 0 || p.bytes_read == 0) {
    return fmt::format("{} records  {:.0f}/s", p.records, rate);
  }
  double done =
      std::min(1.0, static_cast<double>(p.bytes_read) / static_cast<double>(p.bytes_total));
  constexpr int kWidth = 24;
  int filled = static_cast<int>(done * kWidth);
  double eta = done > 0 ? seconds * (1 - done) / done : 0;
  return fmt::format("[{}{}] {:3.0f}%  {} records  {:.0f}/s  ETA {:.0f}s", std::string(filled, '#'),
                     std::string(kWidth - filled, '-'), done * 100, p.records, rate, eta);
}

// A progress bar on stderr when it is a terminal; nothing otherwise.
ImportOptions ProgressOptions() {
  ImportOptions options;
  if (!isatty(STDERR_FILENO)) return options;
  auto start = std::chrono::steady_clock::now();
  options.progress = [start](const ImportProgress& p) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cerr << '\r' << ProgressLine(p, seconds) << "\x1b[K" << std::flush;
  };
  return options;
}

Verb AddInit(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("init", "Create an empty store");
  return {cmd, [&g] {
            auto store = Store::Create(g.db);
            if (!store.ok()) return Fail(store.status());
            std::cerr << "created an empty store at " << g.db << '\n';
            return 0;
          }};
}

Verb AddImport(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("import", "Import landscape/1 files (- for stdin), atomically");
  auto files = std::make_shared<std::vector<std::string>>();
  auto jsonl = std::make_shared<bool>(false);
  cmd->add_option("files", *files, "Files (.json document, .jsonl line-delimited)")->required();
  cmd->add_flag("--jsonl", *jsonl, "Read every input as line-delimited JSON");
  return {
      cmd, [&g, files, jsonl] {
        auto store = Store::Open(g.db, OpenMode::kWriteOrCreate);
        if (!store.ok()) return Fail(store.status());
        std::vector<ImportInput> inputs;
        for (const std::string& f : *files) inputs.push_back(ImportInput{f, *jsonl});
        auto outcome = ImportAndRebuildImage(store->get(), inputs, ProgressOptions());
        if (isatty(STDERR_FILENO)) std::cerr << '\n';
        if (!outcome.ok()) {
          return Fail(Status::InvalidArgument(outcome.status().message() + " (nothing imported)"));
        }
        PrintSummary(outcome->summary);
        if (!outcome->image.ok()) {
          std::cerr << "warning: the graph image was not rebuilt: " << outcome->image.message()
                    << '\n';
        }
        return 0;
      }};
}

// Writes to stdout, or to a file beside the target renamed into place when complete, so a
// failed write never leaves half a file.
int WriteOutput(const std::string& out_path, const std::function<Status(std::ostream&)>& write) {
  if (out_path.empty() || out_path == "-") {
    Status s = write(std::cout);
    std::cout.flush();
    return s.ok() ? 0 : Fail(s);
  }
  std::string temp = out_path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return Fail(Status::IOError(fmt::format("{}: cannot open for writing", temp)));
    Status s = write(out);
    out.flush();
    if (s.ok() && !out) s = Status::IOError(fmt::format("{}: write failed", temp));
    if (!s.ok()) {
      std::filesystem::remove(temp);
      return Fail(s);
    }
  }
  std::filesystem::rename(temp, out_path);
  return 0;
}

int WriteExport(const Store& store, ExportForm form, const std::string& out_path) {
  return WriteOutput(out_path, [&](std::ostream& out) { return ExportStore(store, form, out); });
}

Verb AddExport(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand(
      "export",
      "Write the store as its canonical landscape/1 document, or the graph as DOT/GraphML");
  auto out_path = std::make_shared<std::string>();
  auto jsonl = std::make_shared<bool>(false);
  auto graph = std::make_shared<GraphExportOptions>();
  auto via = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--out", *out_path, "Output file (default stdout)");
  cmd->add_flag("--jsonl", *jsonl, "Write the line-delimited form");
  cmd->add_option("--around", graph->around, "With --format dot|graphml: only near this entity");
  cmd->add_option("--depth", graph->depth, "Hops around --around (default 2)")
      ->check(CLI::Range(0, 100));
  cmd->add_option("--via", *via, "With --format dot|graphml: relation types (comma-separated)")
      ->delimiter(',');
  return {cmd, [&g, out_path, jsonl, graph, via] {
            if (g.format == "csv") return Fail(Status::InvalidArgument("export has no csv form"));
            auto store = Store::Open(g.db, OpenMode::kRead);
            if (!store.ok()) return Fail(store.status());
            if (!IsGraphFormat(g.format)) {
              return WriteExport(**store, *jsonl ? ExportForm::kJsonLines : ExportForm::kDocument,
                                 *out_path);
            }
            graph->via.insert(via->begin(), via->end());
            graph->as_of = g.as_of;
            GraphFormat format = g.format == "dot" ? GraphFormat::kDot : GraphFormat::kGraphml;
            return WriteOutput(*out_path, [&](std::ostream& out) {
              return ExportGraph(**store, format, *graph, out);
            });
          }};
}

Verb AddTimeline(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("timeline", "An entity's dated facts in order");
  auto name = std::make_shared<std::string>();
  cmd->add_option("name", *name, "Id, name or alias")->required();
  return {cmd, [&g, name] {
            return Read(g, [&](const Store& s) { return TimelineTable(s, *name, g.as_of); });
          }};
}

Verb AddShow(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("show", "Show an entity's card");
  auto name = std::make_shared<std::string>();
  cmd->add_option("name", *name, "Id, name or alias")->required();
  return {cmd, [&g, name] {
            return Read(g, [&](const Store& s) { return BuildEntityCard(s, *name, Context(g)); });
          }};
}

Verb AddFind(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("find", "Find entities whose name or alias contains TEXT");
  auto text = std::make_shared<std::string>();
  auto options = std::make_shared<FindOptions>();
  cmd->add_option("text", *text, "Text to look for, any script")->required();
  cmd->add_option("--kind", options->kind, "Only this kind");
  cmd->add_option("--limit", options->limit, "At most this many")->check(CLI::Range(1, 100000));
  return {cmd, [&g, text, options] {
            return Read(
                g, [&](const Store& s) { return FindEntities(s, *text, *options, Context(g)); });
          }};
}

Verb AddList(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("list", "List entities");
  auto kind = std::make_shared<std::string>();
  cmd->add_option("--kind", *kind, "Only this kind");
  return {cmd, [&g, kind] {
            return Read(g, [&](const Store& s) { return ListEntities(s, *kind, Context(g)); });
          }};
}

Verb AddInfo(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("info", "What the store is, without reading its entities");
  return {cmd, [&g] {
            return Read(g,
                        [&](const Store& s) -> Result<ResultTable> { return StoreInfoTable(s); });
          }};
}

template <typename Spec>
int RunAdd(const GlobalOptions& g, const Spec& spec,
           Result<ImportSummary> (*add)(Store*, const Spec&)) {
  auto store = Store::Open(g.db, OpenMode::kWriteOrCreate);
  if (!store.ok()) return Fail(store.status());
  auto summary = add(store->get(), spec);
  if (!summary.ok()) return Fail(summary.status());
  PrintSummary(*summary);
  return 0;
}

std::vector<Verb> AddAdd(CLI::App& app, GlobalOptions& g) {
  auto* add = app.add_subcommand("add", "Add or update one entity or relation");
  add->require_subcommand(1);
  auto entity = std::make_shared<EntitySpec>();
  auto* e = add->add_subcommand("entity", "Add or update an entity");
  e->add_option("--id", entity->id, "Readable id")->required();
  e->add_option("--kind", entity->kind, "Kind")->required();
  e->add_option("--name", entity->name, "Display name")->required();
  e->add_option("--alias", entity->aliases, "An alias (repeatable)");
  e->add_option("--attr", entity->attributes, "KEY=VALUE (repeatable)");
  e->add_option("--source", entity->sources, "Source id (repeatable)");
  e->add_option("--confidence", entity->confidence, "Confidence tier");
  auto relation = std::make_shared<RelationSpec>();
  auto* r = add->add_subcommand("relation", "Add or update a relation");
  r->add_option("--type", relation->type, "Relation type")->required();
  r->add_option("--from", relation->from, "From entity id")->required();
  r->add_option("--to", relation->to, "To entity id")->required();
  r->add_option("--prop", relation->properties, "KEY=VALUE (repeatable)");
  r->add_option("--source", relation->sources, "Source id (repeatable)");
  r->add_option("--confidence", relation->confidence, "Confidence tier");
  add->fallthrough();
  e->fallthrough();
  r->fallthrough();
  return {{e, [&g, entity] { return RunAdd(g, *entity, &AddEntity); }},
          {r, [&g, relation] { return RunAdd(g, *relation, &AddRelation); }}};
}

Verb AddRemove(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("remove", "Remove an entity and its relations");
  auto id = std::make_shared<std::string>();
  cmd->add_option("id", *id, "Entity id")->required();
  return {cmd, [&g, id] {
            auto store = Store::Open(g.db, OpenMode::kWrite);
            if (!store.ok()) return Fail(store.status());
            Status s = (*store)->RemoveEntity(*id);
            if (!s.ok()) return Fail(s);
            std::cerr << "removed " << *id << " and its relations\n";
            return 0;
          }};
}

Verb AddCheck(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("check", "Verify the store's invariants");
  return {
      cmd, [&g] {
        auto store = Store::Open(g.db, OpenMode::kRead);
        if (!store.ok()) return Fail(store.status());
        auto report = CheckStore(**store);
        if (!report.ok()) return Fail(report.status());
        for (const std::string& p : report->problems) std::cout << "problem: " << p << '\n';
        std::cerr << fmt::format(
            "{}: {} entities, {} relations, {} names, {} FX rates: {}\n", g.db, report->entities,
            report->relations, report->names, report->fx_rates,
            report->problems.empty() ? "ok" : fmt::format("{} problems", report->problems.size()));
        return report->problems.empty() ? 0 : 1;
      }};
}

Verb AddCompare(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("compare", "Compare entities side by side");
  auto names = std::make_shared<std::vector<std::string>>();
  auto options = std::make_shared<CompareOptions>();
  cmd->add_option("names", *names, "Ids, names or aliases")->required();
  cmd->add_option("--attrs", options->attributes, "Attribute rows (comma-separated)")
      ->delimiter(',');
  cmd->add_option("--currency", options->currency, "Currency of the totals (default USD)");
  cmd->add_flag("--sources", options->sources, "Show the sources of each row");
  cmd->add_flag("--all-values", options->all_values, "Show every claim, not the best-ranked");
  return {cmd, [&g, names, options] {
            options->as_of = g.as_of;
            return Read(g, [&](const Store& s) { return CompareTable(s, *names, *options); });
          }};
}

Verb AddInvestors(CLI::App& app, GlobalOptions& g, const char* verb) {
  bool portfolio = std::string_view(verb) == "portfolio";
  auto* cmd = app.add_subcommand(
      verb, portfolio ? "What an investor (or company) funded" : "Who funded a company or round");
  auto name = std::make_shared<std::string>();
  cmd->add_option("name", *name, "Id, name or alias")->required();
  return {cmd, [&g, name, portfolio] {
            FundingOptions options{g.as_of};
            return Read(g, [&](const Store& s) {
              return portfolio ? PortfolioTable(s, *name, options)
                               : InvestorsTable(s, *name, options);
            });
          }};
}

Verb AddSharedInvestors(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand(
      "shared-investors",
      "Investors common to several companies; with one name, the companies sharing its investors");
  auto names = std::make_shared<std::vector<std::string>>();
  auto min = std::make_shared<size_t>(0);
  auto limit = std::make_shared<size_t>(100);
  cmd->add_option("names", *names, "Ids, names or aliases")->required();
  cmd->add_option("--min", *min, "Investors in at least K of them (default: all)")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--limit", *limit, "With one name: at most this many companies (default 100)")
      ->check(CLI::Range(1, 1000000));
  return {cmd, [&g, names, min, limit] {
            std::optional<size_t> k;
            if (*min) k = *min;
            return Read(g, [&](const Store& s) -> Result<ResultTable> {
              if (names->size() == 1 && !k) {
                return CoInvestedCompaniesTable(s, names->front(), *limit, FundingOptions{g.as_of});
              }
              return SharedInvestorsTable(s, *names, k, FundingOptions{g.as_of});
            });
          }};
}

Verb AddRivals(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("rivals", "Rivals, and rivals of rivals");
  auto name = std::make_shared<std::string>();
  auto options = std::make_shared<RivalsOptions>();
  cmd->add_option("name", *name, "Id, name or alias")->required();
  cmd->add_option("--depth", options->depth, "How far (default 1)")->check(CLI::Range(1, 100));
  return {cmd, [&g, name, options] {
            options->as_of = g.as_of;
            return Read(g, [&](const Store& s) { return RivalsTable(s, *name, *options); });
          }};
}

Verb AddPath(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("path", "A shortest connection between two entities");
  auto ends = std::make_shared<std::vector<std::string>>();
  auto options = std::make_shared<PathOptions>();
  auto via = std::make_shared<std::vector<std::string>>();
  cmd->add_option("from to", *ends, "Two ids, names or aliases")->required()->expected(2);
  cmd->add_option("--via", *via, "Relation types to follow (comma-separated)")->delimiter(',');
  cmd->add_option("--max-hops", options->max_hops, "At most this many hops (default 8)")
      ->check(CLI::Range(1, 1000));
  cmd->add_flag("--all", options->all, "Every shortest path");
  return {cmd, [&g, ends, options, via] {
            options->as_of = g.as_of;
            options->via.insert(via->begin(), via->end());
            return Read(
                g, [&](const Store& s) { return PathTables(s, (*ends)[0], (*ends)[1], *options); });
          }};
}

Verb AddRank(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("rank", "Rank entities by a metric");
  auto metric = std::make_shared<std::string>();
  auto options = std::make_shared<RankOptions>();
  cmd->add_option("--by", *metric,
                  "total-raised, valuation, investors, degree, pagerank or betweenness")
      ->required();
  cmd->add_option("--kind", options->kind, "Only this kind");
  cmd->add_option("--limit", options->limit, "At most this many (default 20)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--currency", options->currency, "Currency of money metrics (default USD)");
  return {cmd, [&g, metric, options] {
            auto parsed = ParseRankMetric(*metric);
            if (!parsed.ok()) return Fail(parsed.status());
            options->metric = *parsed;
            options->as_of = g.as_of;
            return Read(g, [&](const Store& s) { return RankTable(s, *options); });
          }};
}

Verb AddClusters(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("clusters", "Connected groups, largest first");
  auto via = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--via", *via, "Relation types to follow (comma-separated)")->delimiter(',');
  return {cmd, [&g, via] {
            ClusterOptions options;
            options.via.insert(via->begin(), via->end());
            options.as_of = g.as_of;
            return Read(g, [&](const Store& s) { return ClustersTable(s, options); });
          }};
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"Landscape: an embedded knowledge-graph store for competitive intelligence"};
  app.require_subcommand(1);
  GlobalOptions g;
  const char* env_db = std::getenv("LANDSCAPE_DB");
  g.db = env_db && *env_db ? env_db : "./landscape.db";
  app.add_option("--db", g.db, "Store path (default ./landscape.db or $LANDSCAPE_DB)");
  app.add_option("--format", g.format, "Output format: table, json or csv; export: dot, graphml")
      ->check(CLI::IsMember({"table", "json", "csv", "dot", "graphml"}));
  app.add_option("--as-of", g.as_of_text, "Only facts known on this date (YYYY[-MM[-DD]])");

  std::vector<Verb> verbs = {AddInit(app, g),
                             AddImport(app, g),
                             AddExport(app, g),
                             AddShow(app, g),
                             AddFind(app, g),
                             AddList(app, g),
                             AddInfo(app, g),
                             AddRemove(app, g),
                             AddCheck(app, g),
                             AddCompare(app, g),
                             AddInvestors(app, g, "investors"),
                             AddInvestors(app, g, "portfolio"),
                             AddSharedInvestors(app, g),
                             AddRivals(app, g),
                             AddPath(app, g),
                             AddRank(app, g),
                             AddClusters(app, g),
                             AddTimeline(app, g)};
  for (Verb& v : AddAdd(app, g)) verbs.push_back(std::move(v));
  // Global options may follow the verb (CLI11 refuses them there without fallthrough).
  for (CLI::App* sub : app.get_subcommands({})) sub->fallthrough();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (!g.as_of_text.empty()) {
    auto date = Date::Parse(g.as_of_text);
    if (!date.ok()) return Fail(date.status().WithContext("--as-of"));
    g.as_of = *date;
  }
  for (const Verb& v : verbs) {
    if (v.command->parsed()) return v.run();
  }
  return 2;
}

}  // namespace landscape

int main(int argc, char** argv) {
  try {
    return landscape::Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "landscape: internal error: " << e.what() << '\n';
    return 70;
  }
}
