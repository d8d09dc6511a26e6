// The `landscape` command line: parses arguments, calls the libraries, prints results on
// stdout and errors on stderr. No logic lives here that a script would also need.

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "query/catalog.hpp"
#include "query/entity_card.hpp"
#include "query/result_table.hpp"
#include "storage/exporter.hpp"
#include "storage/store.hpp"
#include "storage/store_checker.hpp"
#include "storage/store_edits.hpp"

namespace landscape {
namespace {

struct GlobalOptions {
  std::string db;
  std::string format = "table";
};

int Fail(const Status& status) {
  std::cerr << "landscape: " << status.message() << '\n';
  return 1;
}

OutputFormat ParseFormat(const std::string& f) {
  if (f == "json") return OutputFormat::kJson;
  if (f == "csv") return OutputFormat::kCsv;
  return OutputFormat::kTable;
}

Result<std::unique_ptr<Store>> OpenStore(const GlobalOptions& g, OpenMode mode) {
  return Store::Open(g.db, mode);
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

ImportOptions ProgressOptions() {
  ImportOptions options;
  if (!isatty(STDERR_FILENO)) return options;
  auto start = std::chrono::steady_clock::now();
  options.progress = [start](size_t records) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cerr << fmt::format("\rread {} records ({:.0f}/s)", records,
                             seconds > 0 ? records / seconds : 0.0)
              << std::flush;
  };
  return options;
}

int RunInit(const GlobalOptions& g) {
  auto store = Store::Create(g.db);
  if (!store.ok()) return Fail(store.status());
  std::cerr << "created an empty store at " << g.db << '\n';
  return 0;
}

int RunImport(const GlobalOptions& g, const std::vector<std::string>& files, bool jsonl) {
  auto store = OpenStore(g, OpenMode::kWriteOrCreate);
  if (!store.ok()) return Fail(store.status());
  std::vector<ImportInput> inputs;
  for (const std::string& f : files) inputs.push_back(ImportInput{f, jsonl});
  auto summary = ImportFiles(store->get(), inputs, ProgressOptions());
  if (isatty(STDERR_FILENO)) std::cerr << '\n';
  if (!summary.ok()) {
    return Fail(Status::InvalidArgument(summary.status().message() + " (nothing imported)"));
  }
  PrintSummary(*summary);
  return 0;
}

int RunExport(const GlobalOptions& g, const std::string& out_path, bool jsonl) {
  auto store = OpenStore(g, OpenMode::kRead);
  if (!store.ok()) return Fail(store.status());
  ExportForm form = jsonl ? ExportForm::kJsonLines : ExportForm::kDocument;
  if (out_path.empty() || out_path == "-") {
    Status s = ExportStore(**store, form, std::cout);
    std::cout.flush();
    return s.ok() ? 0 : Fail(s);
  }
  // Write beside the target and rename, so a failed export never leaves half a file.
  std::string temp = out_path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return Fail(Status::IOError(fmt::format("{}: cannot open for writing", temp)));
    Status s = ExportStore(**store, form, out);
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

int PrintTables(const Result<std::vector<ResultTable>>& tables, const GlobalOptions& g) {
  if (!tables.ok()) return Fail(tables.status());
  RenderTables(*tables, ParseFormat(g.format), std::cout);
  return 0;
}

int PrintTable(const Result<ResultTable>& table, const GlobalOptions& g) {
  if (!table.ok()) return Fail(table.status());
  RenderTables({*table}, ParseFormat(g.format), std::cout);
  return 0;
}

int RunCheck(const GlobalOptions& g) {
  auto store = OpenStore(g, OpenMode::kRead);
  if (!store.ok()) return Fail(store.status());
  auto report = CheckStore(**store);
  if (!report.ok()) return Fail(report.status());
  for (const std::string& p : report->problems) std::cout << "problem: " << p << '\n';
  std::cerr << fmt::format(
      "{}: {} entities, {} relations, {} names, {} FX rates: {}\n", g.db, report->entities,
      report->relations, report->names, report->fx_rates,
      report->problems.empty() ? "ok" : fmt::format("{} problems", report->problems.size()));
  return report->problems.empty() ? 0 : 1;
}

template <typename Spec>
int RunAdd(const GlobalOptions& g, const Spec& spec,
           Result<ImportSummary> (*add)(Store*, const Spec&)) {
  auto store = OpenStore(g, OpenMode::kWriteOrCreate);
  if (!store.ok()) return Fail(store.status());
  auto summary = add(store->get(), spec);
  if (!summary.ok()) return Fail(summary.status());
  PrintSummary(*summary);
  return 0;
}

int RunRemove(const GlobalOptions& g, const std::string& id) {
  auto store = OpenStore(g, OpenMode::kWrite);
  if (!store.ok()) return Fail(store.status());
  Status s = (*store)->RemoveEntity(id);
  if (!s.ok()) return Fail(s);
  std::cerr << "removed " << id << " and its relations\n";
  return 0;
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"Landscape: an embedded knowledge-graph store for competitive intelligence"};
  app.require_subcommand(1);
  GlobalOptions g;
  const char* env_db = std::getenv("LANDSCAPE_DB");
  g.db = env_db && *env_db ? env_db : "./landscape.db";
  app.add_option("--db", g.db, "Store path (default ./landscape.db or $LANDSCAPE_DB)");
  app.add_option("--format", g.format, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv"}));

  auto* init = app.add_subcommand("init", "Create an empty store");
  init->fallthrough();

  std::vector<std::string> files;
  bool jsonl = false;
  auto* import = app.add_subcommand("import", "Import landscape/1 files (- for stdin), atomically");
  import->add_option("files", files, "Files (.json document, .jsonl line-delimited)")->required();
  import->add_flag("--jsonl", jsonl, "Read every input as line-delimited JSON");
  import->fallthrough();

  std::string out_path;
  auto* exp = app.add_subcommand("export", "Write the store as its canonical landscape/1 document");
  exp->add_option("--out", out_path, "Output file (default stdout)");
  exp->add_flag("--jsonl", jsonl, "Write the line-delimited form");
  exp->fallthrough();

  std::string name;
  auto* show = app.add_subcommand("show", "Show an entity's card");
  show->add_option("name", name, "Id, name or alias")->required();
  show->fallthrough();

  FindOptions find_options;
  auto* find = app.add_subcommand("find", "Find entities whose name or alias contains TEXT");
  find->add_option("text", name, "Text to look for, any script")->required();
  find->add_option("--kind", find_options.kind, "Only this kind");
  find->add_option("--limit", find_options.limit, "At most this many")
      ->check(CLI::Range(1, 100000));
  find->fallthrough();

  std::string kind;
  auto* list = app.add_subcommand("list", "List entities");
  list->add_option("--kind", kind, "Only this kind");
  list->fallthrough();

  auto* add = app.add_subcommand("add", "Add or update one entity or relation");
  add->require_subcommand(1);
  add->fallthrough();
  EntitySpec entity;
  auto* add_entity = add->add_subcommand("entity", "Add or update an entity");
  add_entity->add_option("--id", entity.id, "Readable id")->required();
  add_entity->add_option("--kind", entity.kind, "Kind")->required();
  add_entity->add_option("--name", entity.name, "Display name")->required();
  add_entity->add_option("--alias", entity.aliases, "An alias (repeatable)");
  add_entity->add_option("--attr", entity.attributes, "KEY=VALUE (repeatable)");
  add_entity->add_option("--source", entity.sources, "Source id (repeatable)");
  add_entity->add_option("--confidence", entity.confidence, "Confidence tier");
  add_entity->fallthrough();
  RelationSpec relation;
  auto* add_relation = add->add_subcommand("relation", "Add or update a relation");
  add_relation->add_option("--type", relation.type, "Relation type")->required();
  add_relation->add_option("--from", relation.from, "From entity id")->required();
  add_relation->add_option("--to", relation.to, "To entity id")->required();
  add_relation->add_option("--prop", relation.properties, "KEY=VALUE (repeatable)");
  add_relation->add_option("--source", relation.sources, "Source id (repeatable)");
  add_relation->add_option("--confidence", relation.confidence, "Confidence tier");
  add_relation->fallthrough();

  std::string remove_id;
  auto* remove = app.add_subcommand("remove", "Remove an entity and its relations");
  remove->add_option("id", remove_id, "Entity id")->required();
  remove->fallthrough();

  auto* check = app.add_subcommand("check", "Verify the store's invariants");
  check->fallthrough();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  if (*init) return RunInit(g);
  if (*import) return RunImport(g, files, jsonl);
  if (*exp) return RunExport(g, out_path, jsonl);
  if (*show) {
    auto store = OpenStore(g, OpenMode::kRead);
    if (!store.ok()) return Fail(store.status());
    return PrintTables(BuildEntityCard(**store, name), g);
  }
  if (*find) {
    auto store = OpenStore(g, OpenMode::kRead);
    if (!store.ok()) return Fail(store.status());
    return PrintTable(FindEntities(**store, name, find_options), g);
  }
  if (*list) {
    auto store = OpenStore(g, OpenMode::kRead);
    if (!store.ok()) return Fail(store.status());
    return PrintTable(ListEntities(**store, kind), g);
  }
  if (*add_entity) return RunAdd(g, entity, &AddEntity);
  if (*add_relation) return RunAdd(g, relation, &AddRelation);
  if (*remove) return RunRemove(g, remove_id);
  if (*check) return RunCheck(g);
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
