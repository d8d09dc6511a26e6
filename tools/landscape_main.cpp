// The `landscape` command line: turns argv into a request of the front door
// (landscape/database.hpp), prints the result on stdout and errors on stderr. No logic lives
// here that a script would also need: each verb is one Database call whose typed result is
// rendered. The global flags make the one ReadContext that every read verb receives.

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>

#include "landscape/database.hpp"
#include "landscape/suggestions.hpp"

namespace landscape {
namespace {

struct GlobalOptions {
  std::string db;
  std::string format = "table";
  std::string as_of_text;
  std::string published_by_text;
  std::string table;    // --table: print only this table of the result
  ReadContext context;  // as_of parsed from as_of_text before a verb runs
};

// A verb: its subcommand and what runs when it was chosen.
struct Verb {
  CLI::App* command;
  std::function<int()> run;
};

// A message of several lines (an import's errors: "N errors in the input:" and one line
// each) keeps its lines, each made printable; the suffix goes on its heading.
int Fail(const Status& status, const std::string& suffix = "") {
  std::string_view message = status.message();
  size_t heading_end = message.find(":\n");
  if (heading_end == std::string_view::npos) {
    std::cerr << "landscape: " << PrintableText(message) << suffix << '\n';
    return 1;
  }
  std::cerr << "landscape: " << PrintableText(message.substr(0, heading_end)) << suffix << ":\n";
  message.remove_prefix(heading_end + 2);
  for (size_t end; (end = message.find('\n')) != std::string_view::npos;) {
    std::cerr << PrintableText(message.substr(0, end)) << '\n';
    message.remove_prefix(end + 1);
  }
  std::cerr << PrintableText(message) << '\n';
  return 1;
}

OutputFormat ParseFormat(const std::string& f) {
  if (f == "json") return OutputFormat::kJson;
  if (f == "csv") return OutputFormat::kCsv;
  return OutputFormat::kTable;
}

bool IsExportOnlyFormat(const std::string& f) {
  return f == "dot" || f == "graphml" || f == "bulk-csv";
}

Result<std::unique_ptr<Database>> OpenDatabase(const GlobalOptions& g, OpenMode mode) {
  return Database::Open(g.db, mode);
}

// Answers a read request on a reader of the store and prints it in the chosen format.
int Ask(const GlobalOptions& g, VerbRequest verb) {
  if (IsExportOnlyFormat(g.format)) {
    return Fail(Status::InvalidArgument("--format " + g.format +
                                        " is for export; use table, json or csv here"));
  }
  auto db = OpenDatabase(g, OpenMode::kRead);
  if (!db.ok()) return Fail(db.status());
  auto tables = (*db)->Run(Request{std::move(verb), g.context});
  if (!tables.ok()) return Fail(tables.status());
  // What an answer left out is listed in its table `omitted`; the text and CSV forms (which may
  // show only the answer) say so on stderr too.
  std::string omitted_note;
  for (const ResultTable& t : *tables) {
    if (t.name == "omitted" && !t.rows.empty()) omitted_note = t.title;
  }
  std::vector<ResultTable> shown = std::move(*tables);
  if (!g.table.empty()) {
    auto one = SelectTable(std::move(shown), g.table);
    if (!one.ok()) return Fail(one.status());
    shown = {std::move(*one)};
  } else if (g.format == "csv" && shown.size() == 2 && shown[1].name == "omitted") {
    // The answer and its appendix: CSV holds the answer; the note below names what it left out.
    shown.pop_back();
  } else if (g.format == "csv" && shown.size() > 1) {
    std::string names;
    for (const ResultTable& t : shown) names += (names.empty() ? "" : ", ") + t.name;
    return Fail(Status::InvalidArgument("this answer has several tables (" + names +
                                        "); CSV holds one: add --table NAME"));
  }
  RenderTables(shown, ParseFormat(g.format), std::cout);
  // CSV has no place for why a table is empty: stderr says it.
  if (g.format == "csv" && shown.size() == 1 && shown[0].rows.empty() &&
      !shown[0].empty_reason.empty()) {
    std::cerr << "landscape: note: " << PrintableText(shown[0].empty_reason) << '\n';
  }
  if (g.format != "json" && !omitted_note.empty()) {
    std::cout.flush();
    std::cerr << "landscape: note: " << PrintableText(omitted_note)
              << "; the table 'omitted' says why\n";
  }
  return 0;
}

void PrintSummary(const ImportSummary& s) {
  if (s.writes == 0) {
    std::cerr << "nothing changed: the store already holds these facts\n";
    return;
  }
  std::cerr << fmt::format(
      "entities: {} added, {} updated, {} unchanged; relations: {} added, {} updated, {} "
      "unchanged; FX rates: {} written{} (change {})\n",
      s.entities_added, s.entities_updated, s.entities_unchanged, s.relations_added,
      s.relations_updated, s.relations_unchanged, s.fx_rates_written,
      s.schema_changed ? "; schema extended" : "", s.change);
  for (const std::string& id : s.created) std::cerr << "created " << PrintableText(id) << '\n';
  for (const std::string& fact : s.retracted) {
    std::cerr << "retracted " << PrintableText(fact) << '\n';
  }
  constexpr size_t kRenamesShown = 10;
  for (size_t i = 0; i < s.renamed.size() && i < kRenamesShown; ++i) {
    std::cerr << "renamed " << PrintableText(s.renamed[i]) << '\n';
  }
  if (s.renamed.size() > kRenamesShown) {
    std::cerr << fmt::format("and {} more renamed\n", s.renamed.size() - kRenamesShown);
  }
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
            auto db = Database::Create(g.db);
            if (!db.ok()) return Fail(db.status());
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
  auto replace = std::make_shared<bool>(false);
  cmd->add_flag("--replace", *replace,
                "The inputs are the whole truth for their entities: retract (and list) the "
                "claims they no longer state");
  return {cmd, [&g, files, jsonl, replace] {
            if (files->size() == 1 && Database::IsHistoryFile(files->front())) {
              auto changes = Database::CreateFromHistory(g.db, files->front());
              if (!changes.ok()) return Fail(changes.status(), " (nothing imported)");
              std::cerr << fmt::format("replayed {} changes into {}\n", *changes, g.db);
              return 0;
            }
            auto db = OpenDatabase(g, OpenMode::kWriteOrCreate);
            if (!db.ok()) return Fail(db.status());
            std::vector<ImportInput> inputs;
            for (const std::string& f : *files) inputs.push_back(ImportInput{f, *jsonl});
            ImportOptions options = ProgressOptions();
            options.replace = *replace;
            auto report = (*db)->Import(inputs, options);
            if (isatty(STDERR_FILENO)) std::cerr << '\n';
            // A failed commit may have landed (whole); its message says so, and which it was.
            bool uncertain =
                report.status().message().find("whole or not at all") != std::string::npos;
            if (!report.ok()) return Fail(report.status(), uncertain ? "" : " (nothing imported)");
            PrintSummary(report->summary);
            if (!report->image.ok()) {
              std::cerr << "warning: the graph image was not rebuilt: " << report->image.message()
                        << '\n';
            }
            return 0;
          }};
}

// `export --format bulk-csv --out DIR`: what it wrote, and what a column could not hold.
int ExportBulkCsv(const GlobalOptions& g, const std::string& dir) {
  if (dir.empty() || dir == "-") {
    return Fail(Status::InvalidArgument(
        "--format bulk-csv writes a directory of files: name a new one with --out DIR"));
  }
  auto db = OpenDatabase(g, OpenMode::kRead);
  if (!db.ok()) return Fail(db.status());
  auto summary = (*db)->ExportBulkCsv(dir, g.context);
  if (!summary.ok()) return Fail(summary.status());
  for (const BulkCsvFile& file : summary->files) {
    fmt::print("{}/{}: {} {} {}\n", dir, file.name, file.rows, file.label_or_type,
               file.nodes ? "nodes" : "relationships");
  }
  if (summary->claims_left_out > 0) {
    fmt::print(
        "{} claims beyond the best of their attribute are not in the files (columns: {}); "
        "export --format json keeps every claim\n",
        summary->claims_left_out, fmt::join(summary->columns_with_claims_left_out, ", "));
  }
  return 0;
}

Verb AddExport(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand(
      "export",
      "Write the store as its canonical landscape/1 document, or the graph as DOT/GraphML");
  auto out_path = std::make_shared<std::string>();
  auto jsonl = std::make_shared<bool>(false);
  auto request = std::make_shared<ExportRequest>();
  auto via = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--out", *out_path, "Output file (default stdout)");
  cmd->add_flag("--jsonl", *jsonl, "Write the line-delimited form");
  auto history = std::make_shared<bool>(false);
  cmd->add_flag("--history", *history,
                "Write the whole record, every change (import it into a new store)");
  cmd->add_option("--around", request->around, "With --format dot|graphml: only near this entity");
  cmd->add_option("--depth", request->depth, "Hops around --around (default 2)")
      ->check(CLI::Range(0, 100));
  cmd->add_option("--via", *via, "With --format dot|graphml: relation types (comma-separated)")
      ->delimiter(',');
  return {cmd, [&g, out_path, jsonl, history, request, via] {
            if (g.format == "csv") {
              return Fail(Status::InvalidArgument(
                  "export has no csv form; --format bulk-csv --out DIR writes node and "
                  "relationship files for a graph engine"));
            }
            if (g.format == "bulk-csv") return ExportBulkCsv(g, *out_path);
            request->format = g.format == "dot"       ? ExportFormat::kDot
                              : g.format == "graphml" ? ExportFormat::kGraphml
                              : *history              ? ExportFormat::kHistory
                              : *jsonl                ? ExportFormat::kJsonLines
                                                      : ExportFormat::kDocument;
            request->via.insert(via->begin(), via->end());
            auto db = OpenDatabase(g, OpenMode::kRead);
            if (!db.ok()) return Fail(db.status());
            Status s;
            if (out_path->empty() || *out_path == "-") {
              s = (*db)->Export(*request, g.context, std::cout);
              std::cout.flush();
            } else {
              s = (*db)->ExportToFile(*request, g.context, *out_path);
            }
            return s.ok() ? 0 : Fail(s);
          }};
}

// A read verb whose one positional argument is a name; one that prints money takes --currency
// to add each amount in that currency too.
template <typename NamedRequest>
Verb AddNamedVerb(CLI::App& app, GlobalOptions& g, const char* verb, const char* description) {
  auto* cmd = app.add_subcommand(verb, description);
  auto request = std::make_shared<NamedRequest>();
  cmd->add_option("name", request->name, "Id, name or alias")->required();
  if constexpr (requires { request->currency; }) {
    cmd->add_option("--currency", request->currency,
                    "Also give each amount in this currency (ISO 4217), as compare converts it");
  }
  return {cmd, [&g, request] { return Ask(g, *request); }};
}

Verb AddFind(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("find", "Find entities whose name or alias contains TEXT");
  auto request = std::make_shared<FindRequest>();
  cmd->add_option("text", request->text, "Text to look for, any script")->required();
  cmd->add_option("--kind", request->kind, "Only this kind");
  cmd->add_option("--limit", request->limit, "At most this many")->check(CLI::Range(1, 100000));
  return {cmd, [&g, request] { return Ask(g, *request); }};
}

Verb AddList(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("list", "List entities");
  auto request = std::make_shared<ListRequest>();
  cmd->add_option("--kind", request->kind, "Only this kind");
  return {cmd, [&g, request] { return Ask(g, *request); }};
}

Verb AddInfo(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("info", "What the store is, without reading its entities");
  return {cmd, [&g] { return Ask(g, InfoRequest{}); }};
}

template <typename Spec>
int RunAdd(const GlobalOptions& g, const Spec& spec) {
  auto db = OpenDatabase(g, OpenMode::kWriteOrCreate);
  if (!db.ok()) return Fail(db.status());
  auto summary = (*db)->Add(spec);
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
  e->add_option("--kind", entity->kind, "Kind (a new entity; an existing one keeps its own)");
  e->add_option("--name", entity->name,
                "Display name (a new entity; for an existing one, renames it)");
  e->add_option("--alias", entity->aliases, "An alias (repeatable)");
  e->add_option("--attr", entity->attributes, "KEY=VALUE (repeatable)");
  e->add_option("--source", entity->sources, "Source id (repeatable)");
  e->add_option("--confidence", entity->confidence, "Confidence tier");
  auto relation = std::make_shared<RelationSpec>();
  auto* r = add->add_subcommand("relation", "Add or update a relation");
  r->add_option("--type", relation->type, "Relation type")->required();
  r->add_option("--from", relation->from, "From entity: id, name or alias")->required();
  r->add_option("--to", relation->to, "To entity: id, name or alias")->required();
  r->add_option("--prop", relation->properties, "KEY=VALUE (repeatable)");
  r->add_option("--source", relation->sources, "Source id (repeatable)");
  r->add_option("--confidence", relation->confidence, "Confidence tier");
  auto fx = std::make_shared<FxSpec>();
  auto* f = add->add_subcommand("fx", "Add an FX rate (one of the same pair and date is replaced)");
  f->add_option("--base", fx->base, "Currency converted from (ISO 4217)")->required();
  f->add_option("--quote", fx->quote, "Currency converted to (ISO 4217)")->required();
  f->add_option("--rate", fx->rate, "Units of --quote one unit of --base is worth")->required();
  f->add_option("--date", fx->date, "The date it holds for (YYYY[-MM[-DD]])")->required();
  f->add_option("--source", fx->sources, "Source id (repeatable)");
  f->add_option("--confidence", fx->confidence, "Confidence tier");
  auto round = std::make_shared<RoundSpec>();
  auto* o = add->add_subcommand(
      "round", "Add a funding round: the round, the company's raised, the investors' invested_in");
  o->add_option("--company", round->company, "The company that raised it: id, name or alias")
      ->required();
  o->add_option("--stage", round->stage, "Stage (\"Series B\")");
  o->add_option("--amount", round->amount, "Amount (\"¥3.5B\", \"~$2B\", \"300M USD\")");
  o->add_option("--date", round->date, "Announced (YYYY[-MM[-DD]])");
  o->add_option("--lead", round->leads, "A lead investor (repeatable): id, name or alias");
  o->add_option("--investor", round->investors, "Another investor (repeatable)");
  o->add_option("--id", round->id, "The round's id (default: made from company and stage)");
  o->add_option("--source", round->sources, "Source id (repeatable)");
  o->add_option("--confidence", round->confidence, "Confidence tier");
  add->fallthrough();
  e->fallthrough();
  r->fallthrough();
  f->fallthrough();
  o->fallthrough();
  return {{e, [&g, entity] { return RunAdd(g, *entity); }},
          {r, [&g, relation] { return RunAdd(g, *relation); }},
          {f, [&g, fx] { return RunAdd(g, *fx); }},
          {o, [&g, round] { return RunAdd(g, *round); }}};
}

void PrintEdit(const EditSummary& s) {
  if (s.change == 0) {
    std::cerr << "nothing changed: the store already says this\n";
    return;
  }
  for (const std::string& fact : s.ended) std::cerr << "ended " << PrintableText(fact) << '\n';
  for (const std::string& fact : s.recorded) {
    std::cerr << "recorded " << PrintableText(fact) << '\n';
  }
  std::cerr << "(change " << s.change << ")\n";
}

template <typename Spec>
int RunEdit(const GlobalOptions& g, const Spec& spec) {
  auto db = OpenDatabase(g, OpenMode::kWrite);
  if (!db.ok()) return Fail(db.status());
  Result<EditSummary> summary = [&] {
    if constexpr (std::is_same_v<Spec, SetSpec>) {
      return (*db)->Set(spec);
    } else {
      return (*db)->Retract(spec);
    }
  }();
  if (!summary.ok()) return Fail(summary.status());
  PrintEdit(*summary);
  return 0;
}

Verb AddSet(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand(
      "set", "Replace an attribute's current claims by one (the old ones stay in its history)");
  auto spec = std::make_shared<SetSpec>();
  cmd->add_option("entity", spec->entity, "Entity: id, name or alias")->required();
  cmd->add_option("attribute", spec->attribute, "Attribute")->required();
  cmd->add_option("value", spec->value, "Value, read as the attribute's type")->required();
  cmd->add_option("--source", spec->sources, "Source id (repeatable)");
  cmd->add_option("--confidence", spec->confidence, "Confidence tier");
  cmd->add_option("--only-source", spec->only_source,
                  "Replace only the claims citing this source (default: all of them)");
  // --as-of (a global option) says when the value held.
  return {cmd, [&g, spec] {
            SetSpec dated = *spec;
            dated.as_of = g.as_of_text;
            return RunEdit(g, dated);
          }};
}

std::vector<Verb> AddRetract(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand(
      "retract", "Withdraw claims of an attribute, or a relation (they stay in the history)");
  auto spec = std::make_shared<RetractSpec>();
  cmd->add_option("entity", spec->entity, "Entity: id, name or alias");
  cmd->add_option("attribute", spec->attribute, "Attribute");
  cmd->add_option("--value", spec->value, "Only the claims with this value");
  cmd->add_option("--source", spec->source, "Only the claims citing this source");
  auto relation = std::make_shared<RelationRetractSpec>();
  auto* r = cmd->add_subcommand("relation", "Withdraw a relation");
  r->add_option("--type", relation->type, "Relation type")->required();
  r->add_option("--from", relation->from, "From entity: id, name or alias")->required();
  r->add_option("--to", relation->to, "To entity: id, name or alias")->required();
  r->fallthrough();
  // The relation form first: when it was chosen, `retract` was parsed too.
  return {{r, [&g, relation] { return RunEdit(g, *relation); }},
          {cmd, [&g, spec] {
             if (spec->entity.empty() || spec->attribute.empty()) {
               return Fail(Status::InvalidArgument(
                   "retract: give ENTITY ATTRIBUTE, or `retract relation --type T --from A "
                   "--to B`"));
             }
             return RunEdit(g, *spec);
           }}};
}

Verb AddRevert(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("revert", "Undo an earlier change, as a new change");
  auto change = std::make_shared<uint64_t>(0);
  cmd->add_option("change", *change, "The change's number (landscape log)")->required();
  return {cmd, [&g, change] {
            auto db = OpenDatabase(g, OpenMode::kWrite);
            if (!db.ok()) return Fail(db.status());
            auto summary = (*db)->Revert(*change);
            if (!summary.ok()) return Fail(summary.status());
            PrintEdit(*summary);
            return 0;
          }};
}

Verb AddRemove(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("remove", "Remove an entity and its relations");
  auto id = std::make_shared<std::string>();
  cmd->add_option("id", *id, "Entity: id, name or alias")->required();
  return {cmd, [&g, id] {
            auto db = OpenDatabase(g, OpenMode::kWrite);
            if (!db.ok()) return Fail(db.status());
            auto change = (*db)->Remove(*id);
            if (!change.ok()) return Fail(change.status());
            std::cerr << "removed " << *id << " and its relations (change " << *change << ")\n";
            return 0;
          }};
}

Verb AddCheck(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("check", "Verify the store's invariants");
  auto repair = std::make_shared<bool>(false);
  cmd->add_flag("--repair", *repair,
                "Also mend what can be mended without loss (the next entity number, a damaged "
                "graph image), then check again");
  return {
      cmd, [&g, repair] {
        auto db = OpenDatabase(g, *repair ? OpenMode::kWrite : OpenMode::kRead);
        if (!db.ok()) return Fail(db.status());
        auto report = *repair ? (*db)->Repair() : (*db)->Check();
        if (!report.ok()) return Fail(report.status());
        for (const std::string& r : report->repaired) std::cerr << "repaired: " << r << '\n';
        for (const std::string& p : report->problems) {
          std::cout << "problem: " << PrintableText(p) << '\n';
        }
        std::cerr << fmt::format(
            "{}: {} entities, {} relations, {} names, {} FX rates: {}\n", g.db, report->entities,
            report->relations, report->names, report->fx_rates,
            report->problems.empty() ? "ok" : fmt::format("{} problems", report->problems.size()));
        return report->problems.empty() ? 0 : 1;
      }};
}

Verb AddCompare(CLI::App& app, GlobalOptions& g, std::string* currency) {
  auto* cmd = app.add_subcommand("compare", "Compare entities side by side");
  auto request = std::make_shared<CompareRequest>();
  cmd->add_option("names", request->names, "Ids, names or aliases")->required();
  cmd->add_option("--attrs", request->attributes, "Attribute rows (comma-separated)")
      ->delimiter(',');
  cmd->add_option("--currency", *currency, "Currency of the totals (default USD)");
  cmd->add_flag("--sources", request->sources, "Show the sources of each row");
  cmd->add_flag("--all-values", request->all_values, "Show every claim, not the best-ranked");
  return {cmd, [&g, request] { return Ask(g, *request); }};
}

Verb AddTable(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("table", "One row per entity of a kind, with the columns chosen");
  auto request = std::make_shared<TableRequest>();
  cmd->add_option("--kind", request->kind, "Kind of entity (default company)");
  cmd->add_option("--columns", request->columns,
                  "Columns (comma-separated): name, kind, aliases, attributes of the kind, "
                  "total_raised_<cur>, raised_as_reported, latest_round, latest_round_amount, "
                  "latest_round_date, latest_valuation, latest_valuation_<cur>, lead_investors, "
                  "investors, rivals, rival_count (default "
                  "name,total_raised_usd,latest_valuation_usd,investors)")
      ->delimiter(',');
  return {cmd, [&g, request] { return Ask(g, *request); }};
}

Verb AddSharedInvestors(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand(
      "shared-investors",
      "Investors common to several companies; with one name, the companies sharing its investors");
  auto request = std::make_shared<SharedInvestorsRequest>();
  auto min = std::make_shared<size_t>(0);
  cmd->add_option("names", request->names, "Ids, names or aliases")->required();
  cmd->add_option("--min", *min, "Investors in at least K of them (default: all)")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--limit", request->limit,
                  "With one name: at most this many companies (default 100)")
      ->check(CLI::Range(1, 1000000));
  return {cmd, [&g, request, min] {
            if (*min) request->min_companies = *min;
            return Ask(g, *request);
          }};
}

Verb AddRivals(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("rivals", "Rivals, and rivals of rivals");
  auto request = std::make_shared<RivalsRequest>();
  cmd->add_option("name", request->name, "Id, name or alias")->required();
  cmd->add_option("--depth", request->depth, "How far (default 1)")->check(CLI::Range(1, 100));
  return {cmd, [&g, request] { return Ask(g, *request); }};
}

Verb AddPath(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("path", "A shortest connection between two entities");
  auto ends = std::make_shared<std::vector<std::string>>();
  auto request = std::make_shared<PathRequest>();
  auto via = std::make_shared<std::vector<std::string>>();
  cmd->add_option("from to", *ends, "Two ids, names or aliases")->required()->expected(2);
  cmd->add_option("--via", *via, "Relation types to follow (comma-separated)")->delimiter(',');
  cmd->add_option("--max-hops", request->max_hops, "At most this many hops (default 8)")
      ->check(CLI::Range(1, 1000));
  cmd->add_flag("--all", request->all, "Every shortest path");
  return {cmd, [&g, ends, request, via] {
            request->from = (*ends)[0];
            request->to = (*ends)[1];
            request->via.insert(via->begin(), via->end());
            return Ask(g, *request);
          }};
}

Verb AddRank(CLI::App& app, GlobalOptions& g, std::string* currency) {
  auto* cmd = app.add_subcommand("rank", "Rank entities by a metric");
  auto request = std::make_shared<RankRequest>();
  cmd->add_option("--by", request->by,
                  "total-raised, valuation, investors, degree, pagerank or betweenness")
      ->required();
  cmd->add_option("--kind", request->kind, "Only this kind");
  cmd->add_option("--limit", request->limit, "At most this many (default 20)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--currency", *currency, "Currency of money metrics (default USD)");
  cmd->add_option("--samples", request->samples,
                  "Betweenness: estimate it from this many sources (default: exact while that "
                  "takes about 5 s, estimated beyond)")
      ->check(CLI::Range(1, 1000000000));
  return {cmd, [&g, request] {
            if (isatty(STDERR_FILENO)) {
              request->progress = [](size_t done, size_t total) {
                std::cerr << "\rbetweenness: " << done << " of " << total << " sources"
                          << "\x1b[K" << (done == total ? "\r\x1b[K" : "") << std::flush;
              };
            }
            return Ask(g, *request);
          }};
}

Verb AddFx(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("fx", "The FX rates held, with their dates and sources");
  auto request = std::make_shared<FxRequest>();
  cmd->add_option("--base", request->base, "Only rates of this currency (ISO 4217)");
  cmd->add_option("--quote", request->quote, "With --base: only that pair, either way round");
  return {cmd, [&g, request] { return Ask(g, *request); }};
}

Verb AddLog(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("log", "Every change recorded in the store, oldest first");
  return {cmd, [&g] { return Ask(g, LogRequest{}); }};
}

Verb AddClusters(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("clusters", "Connected groups, largest first");
  auto via = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--via", *via, "Relation types to follow (comma-separated)")->delimiter(',');
  return {cmd, [&g, via] { return Ask(g, ClustersRequest{{via->begin(), via->end()}}); }};
}

// The first word of the command line that is neither an option nor a global option's value:
// the verb the user meant, when CLI11 found none. Which options take a value, CLI11 knows.
std::optional<std::string> TypedVerb(const CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (!arg.starts_with("-")) return arg;
    const CLI::Option* option = app.get_option_no_throw(arg);
    if (option && option->get_items_expected_min() > 0) ++i;  // its value
  }
  return std::nullopt;
}

bool IsVerb(CLI::App& app, const std::string& word) {
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->check_name(word)) return true;
  }
  return false;
}

// "show", or "add fx" for a verb under another.
std::string FullName(const CLI::App& command) {
  const CLI::App* parent = command.get_parent();
  bool nested = parent && parent->get_parent();
  return nested ? parent->get_name() + " " + command.get_name() : command.get_name();
}

// Each verb's --help ends with the global options (CLI11 lists only the verb's own) and one
// example.
void AddHelpFooters(CLI::App& app) {
  static const std::map<std::string, std::string> kExamples = {
      {"init", "landscape --db market.db init"},
      {"import", "landscape --db market.db import data/deepseek.json"},
      {"export", "landscape export --format dot --around DeepSeek --depth 1 | dot -Tsvg > g.svg"},
      {"show", "landscape --as-of 2025-12-31 show DeepSeek"},
      {"find", "landscape find moon --kind company"},
      {"list", "landscape list --kind investor"},
      {"info", "landscape --format json info"},
      {"remove", "landscape remove acme"},
      {"check", "landscape check --repair"},
      {"compare", "landscape compare DeepSeek \"Moonshot AI\" Baidu --currency EUR --sources"},
      {"table", "landscape --format csv table --columns name,total_raised_usd,investors"},
      {"investors", "landscape investors DeepSeek"},
      {"portfolio", "landscape portfolio CATL"},
      {"shared-investors", "landscape shared-investors DeepSeek \"Moonshot AI\""},
      {"rivals", "landscape rivals DeepSeek --depth 2"},
      {"path", "landscape path CATL Baidu"},
      {"rank", "landscape rank --by total-raised --currency EUR --limit 10"},
      {"clusters", "landscape clusters --via rival_of"},
      {"timeline", "landscape timeline DeepSeek"},
      {"add", "landscape add entity --id acme --kind company --name \"Acme AI\""},
      {"add entity", "landscape add entity --id acme --kind company --name \"Acme AI\""},
      {"add relation", "landscape add relation --type rival_of --from Zhipu --to DeepSeek"},
      {"add fx", "landscape add fx --base EUR --quote USD --rate 1.08 --date 2026-02"},
      {"add round",
       "landscape add round --company Zhipu --stage \"Series B\" --amount ¥3.5B --date 2025-03 "
       "--lead Alibaba --investor Tencent"},
      {"fx", "landscape fx --base CNY --quote USD"},
      {"log", "landscape log"},
      {"history", "landscape history DeepSeek"},
      {"revert", "landscape revert 7"},
      {"set", "landscape set DeepSeek valuation '$3.4B' --source src-a --as-of 2025-03"},
      {"retract", "landscape retract DeepSeek valuation --source src-a"},
      {"retract relation", "landscape retract relation --type rival_of --from Zhipu --to MiniMax"},
  };
  std::string globals =
      "Global options (before or after the verb):\n"
      "  --db PATH, --format table|json|csv, --table NAME, --as-of YYYY[-MM[-DD]],\n"
      "  --published-by YYYY[-MM[-DD]], --recorded-by TIME|CHANGE\n"
      "  (landscape --help says more)";
  std::vector<CLI::App*> commands = app.get_subcommands({});
  for (size_t i = 0; i < commands.size(); ++i) {
    for (CLI::App* sub : commands[i]->get_subcommands({})) commands.push_back(sub);
  }
  for (CLI::App* command : commands) {
    auto example = kExamples.find(FullName(*command));
    command->footer(globals +
                    (example == kExamples.end() ? "" : "\n\nExample:\n  " + example->second));
  }
}

// The verbs that change or verify the store as it is now: the past cannot be changed.
bool Writes(const CLI::App& command) {
  static const std::set<std::string> kWriters = {
      "init",   "import",    "remove", "check",  "add entity", "add relation",
      "add fx", "add round", "set",    "revert", "retract",    "retract relation"};
  return kWriters.contains(FullName(command));
}

// The verbs to which a date of the facts means nothing: those that write (but `set`, whose
// --as-of dates the claim it records) and those that list changes rather than facts.
bool IgnoresDate(const CLI::App& command) {
  std::string name = FullName(command);
  return (Writes(command) && name != "set") || name == "log" || name == "history";
}

int UnknownVerb(CLI::App& app, const std::string& verb) {
  std::vector<std::string> verbs;
  for (const CLI::App* sub : app.get_subcommands({})) verbs.push_back(sub->get_name());
  std::vector<std::string> near = NearestByEditDistance(verb, verbs);
  std::cerr << "landscape: unknown command '" << PrintableText(verb) << "'; "
            << (near.empty() ? fmt::format("the commands are: {}", fmt::join(verbs, ", "))
                             : fmt::format("did you mean: {}?", fmt::join(near, ", ")))
            << '\n';
  return 2;
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"Landscape: an embedded knowledge-graph store for competitive intelligence",
               "landscape"};
  app.require_subcommand(1);
  GlobalOptions g;
  const char* env_db = std::getenv("LANDSCAPE_DB");
  g.db = env_db && *env_db ? env_db : "./landscape.db";
  app.add_option("--db", g.db, "Store path (default ./landscape.db or $LANDSCAPE_DB)");
  app.add_option("--format", g.format,
                 "Output format: table, json or csv; export: dot, graphml, bulk-csv")
      ->check(CLI::IsMember({"table", "json", "csv", "dot", "graphml", "bulk-csv"}));
  app.add_option("--table", g.table,
                 "Print only this table of the answer (needed for CSV when there are several)");
  app.add_option("--as-of", g.as_of_text, "Only facts known on this date (YYYY[-MM[-DD]])");
  app.add_option("--published-by", g.published_by_text,
                 "Only facts whose sources were published on or before this date");
  app.add_option("--recorded-by", g.context.recorded_by,
                 "The store as it stood after the last change at or before this UTC time, day "
                 "or month, or after this change number (landscape log)");
  app.set_version_flag(
      "--version",
      fmt::format("landscape {} (store format {})", LibraryVersion(), StoreFormatVersion()),
      "Print the version and exit");

  std::vector<Verb> verbs = {
      AddInit(app, g),
      AddImport(app, g),
      AddExport(app, g),
      AddNamedVerb<ShowRequest>(app, g, "show", "Show an entity's card"),
      AddFind(app, g),
      AddList(app, g),
      AddInfo(app, g),
      AddRemove(app, g),
      AddCheck(app, g),
      AddCompare(app, g, &g.context.currency),
      AddTable(app, g),
      AddNamedVerb<InvestorsRequest>(app, g, "investors", "Who funded a company or round"),
      AddNamedVerb<PortfolioRequest>(app, g, "portfolio", "What an investor (or company) funded"),
      AddSharedInvestors(app, g),
      AddRivals(app, g),
      AddPath(app, g),
      AddRank(app, g, &g.context.currency),
      AddClusters(app, g),
      AddFx(app, g),
      AddLog(app, g),
      AddNamedVerb<HistoryRequest>(app, g, "history",
                                   "Every claim and relation of an entity, current and ended"),
      AddNamedVerb<TimelineRequest>(app, g, "timeline", "An entity's dated facts in order")};
  for (Verb& v : AddAdd(app, g)) verbs.push_back(std::move(v));
  verbs.push_back(AddSet(app, g));
  verbs.push_back(AddRevert(app, g));
  for (Verb& v : AddRetract(app, g)) verbs.push_back(std::move(v));
  // Global options may follow the verb (CLI11 refuses them there without fallthrough).
  for (CLI::App* sub : app.get_subcommands({})) sub->fallthrough();
  AddHelpFooters(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (auto verb = TypedVerb(app, argc, argv); verb && !IsVerb(app, *verb)) {
      return UnknownVerb(app, *verb);
    }
    return app.exit(e);
  }
  if (!g.as_of_text.empty()) {
    auto date = Date::Parse(g.as_of_text);
    if (!date.ok()) return Fail(date.status().WithContext("--as-of"));
    g.context.as_of = *date;
  }
  if (!g.published_by_text.empty()) {
    auto date = Date::Parse(g.published_by_text);
    if (!date.ok()) return Fail(date.status().WithContext("--published-by"));
    g.context.published_by = *date;
  }
  for (const Verb& v : verbs) {
    if (!v.command->parsed()) continue;
    if (g.context.as_of && IgnoresDate(*v.command)) {
      return Fail(Status::InvalidArgument(
          fmt::format("--as-of: {} acts on the store as it is now; --as-of applies to the "
                      "verbs that read (show, compare, rank, …)",
                      FullName(*v.command))));
    }
    if (g.context.published_by && IgnoresDate(*v.command) && !Writes(*v.command)) {
      return Fail(Status::InvalidArgument(fmt::format(
          "--published-by: {} lists changes, not facts; --published-by applies to the verbs "
          "that read facts (show, compare, rank, …)",
          FullName(*v.command))));
    }
    for (auto [flag, given] : {std::pair{"--recorded-by", !g.context.recorded_by.empty()},
                               {"--published-by", g.context.published_by.has_value()}}) {
      if (!given || !Writes(*v.command)) continue;
      return Fail(Status::InvalidArgument(fmt::format(
          "{}: {} changes the store as it is now; {} applies to the verbs that read (show, "
          "compare, log, history, export, …)",
          flag, FullName(*v.command), flag)));
    }
    return v.run();
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
