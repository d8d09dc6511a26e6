// landscape_market_bench: the benchmark of issue 4 (docs/benchmark-operations.md). For one
// generated market it runs L (import) and Q1-Q5 with Landscape, warm in this process and cold
// as whole `landscape` processes, does the same work with SQLite, cross-checks every answer
// and prints a table, a JSON document and a Markdown section. A mismatch fails the run.
//
// Run: build/tools/bench/landscape_market_bench --help

#include <sys/resource.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>

#include "bench_support.hpp"
#include "landscape_market.hpp"
#include "market_generator.hpp"
#include "market_report.hpp"
#include "query/graph_algorithms.hpp"
#include "query/graph_image.hpp"
#include "sqlite_market.hpp"

namespace landscape_bench {

const char kProgramName[] = "landscape_market_bench";

namespace {

struct Options : CommonOptions {
  Options() : CommonOptions(5) {}
  int64_t relations = 1'000'000;
  std::string file;  // an existing generated file instead of generating one
  int cold_runs = 3;
  int sqlite_slow_runs = 1;  // SQLite's Q3 and Q4 take seconds a call at 10^6
  int edits = 1000;          // `add relation` commands before the queries after edits
  std::string json_out;
  std::string markdown_out;
};

const Usage kUsage = {
    "usage: landscape_market_bench [--relations N] [--seed S] [--runs R] [--cold-runs C]\n"
    "                              [--file FILE.jsonl] [--json OUT] [--markdown OUT]\n"
    "Imports a generated market into Landscape and SQLite, answers the six operations of\n"
    "docs/benchmark-operations.md with both, checks that the answers agree and prints the\n"
    "medians. Exits 1 on any mismatch.\n"
    "  --relations N    generate about N relations, N/10 organisations (default 1000000)\n"
    "  --seed S         generator seed (default 1)\n"
    "  --file FILE      use this generated file instead of generating one\n"
    "  --runs R         warm calls of each operation per parameter (default 5)\n"
    "  --cold-runs C    whole processes per parameter (default 3)\n"
    "  --sqlite-slow-runs K  SQLite calls per parameter of Q3 and Q4 (default 1)\n"
    "  --edits E        `add relation` commands before the queries after edits (default 1000)\n"
    "  --json OUT       also write the figures as JSON\n"
    "  --markdown OUT   also write them as a Markdown section for docs/performance.md\n",
    "generated file and the stores"};

bool OwnFlag(Options& o, const std::string& flag, const FlagValue& value) {
  if (flag == "--relations") {
    o.relations = ParseInt(flag, value(), 10, int64_t{1} << 34);
  } else if (flag == "--file") {
    o.file = value();
  } else if (flag == "--cold-runs") {
    o.cold_runs = static_cast<int>(ParseInt(flag, value(), 1, 1000));
  } else if (flag == "--sqlite-slow-runs") {
    o.sqlite_slow_runs = static_cast<int>(ParseInt(flag, value(), 1, 1000));
  } else if (flag == "--edits") {
    o.edits = static_cast<int>(ParseInt(flag, value(), 1, 1000000));
  } else if (flag == "--json") {
    o.json_out = value();
  } else if (flag == "--markdown") {
    o.markdown_out = value();
  } else {
    return false;
  }
  return true;
}

double DirectoryMiB(const std::string& path) {
  uint64_t bytes = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(path)) {
    if (e.is_regular_file()) bytes += e.file_size();
  }
  return static_cast<double>(bytes) / kMiB;
}

double FileMiB(const std::string& path) {
  std::error_code ec;
  double total = 0;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    auto size = std::filesystem::file_size(path + suffix, ec);
    if (!ec) total += static_cast<double>(size) / kMiB;
  }
  return total;
}

// Times `call` once per parameter, `runs` rounds over the list; the median per call.
template <typename Param>
double MedianPerCall(const std::vector<Param>& params, int runs,
                     const std::function<void(const Param&)>& call) {
  std::vector<double> ms;
  for (int r = 0; r < runs; ++r) {
    for (const Param& p : params) {
      Clock::time_point start = Clock::now();
      call(p);
      ms.push_back(SecondsSince(start) * 1000);
    }
  }
  return Median(ms);
}

// Runs `landscape --db STORE --format json ARGS` for each argument list, `runs` times; the
// median wall time and the largest peak RSS.
struct ColdFigures {
  double ms = NAN;
  double peak_mib = NAN;
};

ColdFigures RunCold(const Options& o, const std::string& store,
                    const std::vector<std::vector<std::string>>& arg_lists, int runs) {
  std::vector<double> ms;
  int64_t peak = 0;
  std::string out = o.work + "/cold.out";
  for (int r = 0; r < runs; ++r) {
    for (const auto& args : arg_lists) {
      std::vector<std::string> argv = {o.landscape, "--db", store, "--format", "json"};
      argv.insert(argv.end(), args.begin(), args.end());
      ChildResult child = RunChild(argv, out);
      RequireSuccess(child, "landscape " + args[0], out, "output", 3);
      ms.push_back(child.seconds * 1000);
      peak = std::max(peak, child.max_rss_kib);
    }
  }
  return {Median(ms), static_cast<double>(peak) / 1024};
}

// ---------------------------------------------------------------------------------------------
// L: both imports, each in a child process so that its memory is its own.

void ImportLandscape(const Options& o, const std::string& file, const std::string& store,
                     MarketReport* report) {
  std::string log = o.work + "/import.log";
  ChildResult child = RunChild({o.landscape, "--db", store, "import", file}, log);
  RequireSuccess(child, "landscape import", log, "output", 1);
  report->import_s = child.seconds;
  report->import_peak_mib = static_cast<double>(child.max_rss_kib) / 1024;
  report->store_mib = DirectoryMiB(store);
}

// Runs `work` in a forked child and waits for it; its wall time in seconds. The memory it
// takes stays in the child, so that this process is small when it later forks the cold
// `landscape` processes (Linux counts a forked process's pages in the peak RSS of what it
// execs, and copying a large process slows the fork).
double InChild(const std::string& what, const std::function<void()>& work) {
  std::fflush(stdout);
  std::fflush(stderr);
  Clock::time_point start = Clock::now();
  pid_t pid = fork();
  if (pid < 0) Die("fork failed");
  if (pid == 0) {
    work();
    std::fflush(stdout);
    std::_Exit(0);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) Die("waitpid failed");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) Die(what + " failed");
  return SecondsSince(start);
}

// The parameter lists, chosen by SQLite in a child (see InChild) and passed back in a file.
MarketParameters ChooseInChild(const Options& o, const std::string& sqlite_path) {
  std::string path = o.work + "/parameters.txt";
  InChild("choosing the parameters", [&] {
    MarketParameters p = SqliteMarket::Open(sqlite_path)->ChooseParameters();
    std::ofstream out(path);
    for (const std::string& c : p.companies) out << "company " << c << '\n';
    for (const auto& [a, b] : p.path_pairs) out << "pair " << a << ' ' << b << '\n';
    if (!out) Die("cannot write " + path);
  });
  MarketParameters params;
  std::ifstream in(path);
  for (std::string kind, a, b; in >> kind >> a;) {
    if (kind == "company") {
      params.companies.push_back(a);
    } else if (in >> b) {
      params.path_pairs.emplace_back(a, b);
    }
  }
  return params;
}

void ImportSqlite(const std::string& file, const std::string& db, MarketReport* report) {
  report->sqlite_import_s = InChild("the SQLite import", [&] { SqliteMarket::Load(file, db); });
  report->sqlite_mib = FileMiB(db);
}

// ---------------------------------------------------------------------------------------------
// Cross-checks

template <typename Answer>
void Compare(const std::string& what, const Answer& landscape, const Answer& sqlite,
             MarketReport* report) {
  if (landscape == sqlite) return;
  report->mismatches.push_back(
      fmt::format("{}: Landscape gave {} rows, SQLite {} rows{}", what, landscape.size(),
                  sqlite.size(), landscape.size() == sqlite.size() ? " (rows differ)" : ""));
}

void ComparePath(const std::string& what, const PathAnswer& landscape, const PathAnswer& sqlite,
                 SqliteMarket& db, MarketReport* report) {
  if (landscape.hops() != sqlite.hops()) {
    report->mismatches.push_back(fmt::format("{}: Landscape {} hops, SQLite {} hops", what,
                                             landscape.hops(), sqlite.hops()));
    return;
  }
  for (size_t i = 1; i < landscape.ids.size(); ++i) {
    if (!db.Adjacent(landscape.ids[i - 1], landscape.ids[i])) {
      report->mismatches.push_back(fmt::format("{}: Landscape's hop {} → {} is not a relation",
                                               what, landscape.ids[i - 1], landscape.ids[i]));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The operations

using Pair = std::pair<std::string, std::string>;

OperationFigures Figures(const char* name, const char* description, size_t parameters,
                         double target_ms, double cold_target) {
  OperationFigures f;
  f.name = name;
  f.description = description;
  f.parameters = parameters;
  f.target_ms = target_ms;
  f.cold_target = cold_target;
  f.check = "match";
  return f;
}

void RunQ1(const Options& o, const landscape::Store& store, SqliteMarket& db,
           const MarketParameters& params, MarketReport* report, OperationFigures* f) {
  for (const std::string& id : params.companies) {
    Compare("Q1 " + id, LandscapeInvestors(store, id), db.Investors(id), report);
  }
  f->warm_ms = MedianPerCall<std::string>(
      params.companies, o.runs, [&](const std::string& id) { LandscapeInvestors(store, id); });
  f->sqlite_ms = MedianPerCall<std::string>(params.companies, o.runs,
                                            [&](const std::string& id) { db.Investors(id); });
}

void RunQ2(const Options& o, const landscape::Store& store, SqliteMarket& db,
           const MarketParameters& params, MarketReport* report, OperationFigures* f) {
  for (const std::string& id : params.companies) {
    Compare("Q2 " + id, LandscapeShared(store, id), db.SharedInvestorCompanies(id), report);
  }
  f->warm_ms = MedianPerCall<std::string>(
      params.companies, o.runs, [&](const std::string& id) { LandscapeShared(store, id); });
  f->sqlite_ms = MedianPerCall<std::string>(
      params.companies, o.runs, [&](const std::string& id) { db.SharedInvestorCompanies(id); });
}

void RunQ3(const Options& o, const landscape::Store& store, SqliteMarket& db,
           const MarketParameters& params, MarketReport* report, OperationFigures* f) {
  for (const auto& [a, b] : params.path_pairs) {
    ComparePath(fmt::format("Q3 {} {}", a, b), LandscapePath(store, a, b),
                db.ShortestPath(a, b, kPathMaxHops), db, report);
  }
  f->warm_ms = MedianPerCall<Pair>(params.path_pairs, o.runs,
                                   [&](const Pair& p) { LandscapePath(store, p.first, p.second); });
  f->sqlite_ms = MedianPerCall<Pair>(params.path_pairs, o.sqlite_slow_runs, [&](const Pair& p) {
    db.ShortestPath(p.first, p.second, kPathMaxHops);
  });
}

void RunQ4(const Options& o, const landscape::Store& store, SqliteMarket& db, MarketReport* report,
           OperationFigures* f) {
  Compare("Q4", LandscapeTotals(store), db.TopTotalRaisedUsd(kRankLimit), report);
  std::vector<int> once = {0};
  f->warm_ms = MedianPerCall<int>(once, o.runs, [&](int) { LandscapeTotals(store); });
  f->sqlite_ms =
      MedianPerCall<int>(once, o.sqlite_slow_runs, [&](int) { db.TopTotalRaisedUsd(kRankLimit); });
}

void RunQ5(const Options& o, const landscape::Store& store, OperationFigures* f) {
  if (LandscapePageRank(store).size() != kRankLimit) Die("rank --by pagerank: not 20 rows");
  std::vector<int> once = {0};
  f->warm_ms = MedianPerCall<int>(once, o.runs, [&](int) { LandscapePageRank(store); });
  f->check = "no SQLite PageRank";
}

// What the graph image saves Q4 and Q5, measured warm so that nobody mistakes reading stored
// results for computing them: the totals summed and converted from the image's rounds, and
// PageRank computed over a view built from the store.
void RunComputed(const Options& o, const landscape::Store& store, MarketReport* report) {
  auto image = landscape::GraphImage::OpenIfCurrent(store);
  if (!image) Die("the import left no current graph image");
  std::vector<int> once = {0};
  OperationFigures totals = Figures("Q4c", "… summed from rounds, no stored totals", 1, NAN, NAN);
  totals.warm_ms = MedianPerCall<int>(once, o.runs, [&](int) {
    Must(landscape::SumRoundsRaised(store, image->rounds(), image->vertex_count(), "USD"),
         "summing totals");
  });
  OperationFigures pagerank = Figures("Q5c", "… computed: view build + PageRank", 1, NAN, NAN);
  pagerank.warm_ms = MedianPerCall<int>(once, o.runs, [&](int) {
    auto view = Must(landscape::GraphView::Build(store), "building the view");
    landscape::PageRank(view);
  });
  for (OperationFigures* f : {&totals, &pagerank}) {
    f->check = "what the image saves";
    report->operations.push_back(*f);
  }
}

// `check` as a whole process: issue 13's target is 2 s at 10^6 relations.
void RunCheck(const Options& o, const std::string& store, MarketReport* report) {
  OperationFigures f = Figures("C", "check, the whole store", 1, NAN, NAN);
  ColdFigures c = RunCold(o, store, {{"check"}}, o.cold_runs);
  f.cold_ms = c.ms;
  f.cold_peak_mib = c.peak_mib;
  f.target_text = "≤ 2 s at 10^6";
  f.check = "sound";
  report->operations.push_back(f);
}

// The companies' ids, for the edits.
std::vector<std::string> CompanyIds(const landscape::Store& store) {
  const landscape::KindDef* company = store.schema().FindKind("company");
  if (!company) Die("the market has no kind company");
  std::vector<std::string> ids;
  landscape::Status scanned =
      store.ScanIds([&](std::string_view id, const landscape::keys::IdEntry& e) {
        if (e.kind == company->tag) ids.emplace_back(id);
        return landscape::Status::Ok();
      });
  if (!scanned.ok() || ids.size() < 2) Die("reading the companies failed");
  return ids;
}

// `edits` runs of `landscape add relation`, each its own process and change: rivalries
// between companies drawn with a fixed seed. (Not in a forked child of this process, which has
// had RocksDB's threads: a fork can inherit one of their locks held.) The median ms of one.
double AddRelationEdits(const Options& o, const std::string& store_path,
                        const std::vector<std::string>& companies, int edits) {
  std::mt19937_64 random(13);
  std::uniform_int_distribution<size_t> pick(0, companies.size() - 1);
  std::vector<double> ms;
  std::string log = o.work + "/edit.log";
  for (int i = 0; i < edits; ++i) {
    const std::string& from = companies[pick(random)];
    std::string to;
    do {
      to = companies[pick(random)];
    } while (to == from);
    ChildResult child = RunChild({o.landscape, "--db", store_path, "add", "relation", "--type",
                                  "rival_of", "--from", from, "--to", to},
                                 log);
    RequireSuccess(child, "landscape add relation", log, "output", 3);
    ms.push_back(child.seconds * 1000);
  }
  return Median(ms);
}

// The global queries right after the edits, when the image no longer matches the store.
// Their answers differ from SQLite's, which has not had the edits: not cross-checked here.
void RunAfterEdits(const Options& o, const std::string& store_path, const MarketParameters& params,
                   const std::vector<std::string>& companies, MarketReport* report) {
  OperationFigures edit = Figures("E", "`landscape add relation`, each edit", o.edits, NAN, NAN);
  edit.cold_ms = AddRelationEdits(o, store_path, companies, o.edits);
  edit.check = "each its own change";
  auto current = [&](const char* name) {
    for (const OperationFigures& f : report->operations) {
      if (f.name == name) return f.warm_ms;
    }
    return static_cast<double>(NAN);
  };
  OperationFigures q2 =
      Figures("Q2e", "… Q2 after the edits", params.companies.size(), 1.5 * current("Q2"), NAN);
  OperationFigures q3 =
      Figures("Q3e", "… Q3 after the edits", params.path_pairs.size(), 1.5 * current("Q3"), NAN);
  OperationFigures q5 = Figures("Q5e", "… Q5 after the edits", 1, NAN, NAN);
  q2.target_text = fmt::format("≤ {} ms (1.5× Q2)", Ms(q2.target_ms));
  q3.target_text = fmt::format("≤ {} ms (1.5× Q3)", Ms(q3.target_ms));
  q5.target_text = "≤ igraph's, same run";
  {
    auto store = Must(landscape::Store::Open(store_path, landscape::OpenMode::kRead), store_path);
    q2.warm_ms = MedianPerCall<std::string>(
        params.companies, o.runs, [&](const std::string& id) { LandscapeShared(*store, id); });
    q3.warm_ms = MedianPerCall<Pair>(params.path_pairs, o.runs, [&](const Pair& p) {
      LandscapePath(*store, p.first, p.second);
    });
    std::vector<int> once = {0};
    q5.warm_ms = MedianPerCall<int>(once, o.runs, [&](int) { LandscapePageRank(*store); });
  }
  using ArgLists = std::vector<std::vector<std::string>>;
  ArgLists q2_args, q3_args, q5_args = {PageRankArgs()};
  for (const std::string& id : params.companies) q2_args.push_back(SharedArgs(id));
  for (const auto& [a, b] : params.path_pairs) q3_args.push_back(PathArgs(a, b));
  for (auto [f, args] : {std::pair<OperationFigures*, const ArgLists*>{&q2, &q2_args},
                         {&q3, &q3_args},
                         {&q5, &q5_args}}) {
    ColdFigures c = RunCold(o, store_path, *args, o.cold_runs);
    f->cold_ms = c.ms;
    f->cold_peak_mib = c.peak_mib;
    f->check = "after edits: not cross-checked";
  }
  for (const OperationFigures& f : {edit, q2, q3, q5}) report->operations.push_back(f);
}

void RunColdQueries(const Options& o, const std::string& store, const MarketParameters& params,
                    MarketReport* report) {
  ColdFigures floor = RunCold(o, store, {FloorArgs()}, o.cold_runs * 5);
  report->floor_ms = floor.ms;
  report->floor_peak_mib = floor.peak_mib;
  std::vector<std::vector<std::string>> q1, q2, q3;
  for (const std::string& id : params.companies) {
    q1.push_back(InvestorsArgs(id));
    q2.push_back(SharedArgs(id));
  }
  for (const auto& [a, b] : params.path_pairs) q3.push_back(PathArgs(a, b));
  std::map<std::string, std::vector<std::vector<std::string>>> by_name = {
      {"Q1", q1}, {"Q2", q2}, {"Q3", q3}, {"Q4", {TotalsArgs()}}, {"Q5", {PageRankArgs()}}};
  for (OperationFigures& f : report->operations) {
    ColdFigures c = RunCold(o, store, by_name.at(f.name), o.cold_runs);
    f.cold_ms = c.ms;
    f.cold_peak_mib = c.peak_mib;
  }
}

// The relations and organisations of a generated file, by its one-record-per-line form.
void CountFile(const std::string& path, MarketReport* report) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Die("cannot read " + path);
  for (std::string line; std::getline(in, line);) {
    if (line.find(R"("type":"relation")") != std::string::npos) {
      ++report->relations;
    } else if (line.find(R"("kind":"company")") != std::string::npos ||
               line.find(R"("kind":"investor")") != std::string::npos) {
      ++report->organisations;
    }
  }
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) Die("cannot write " + path);
}

std::string CommandLine(int argc, char** argv) {
  std::string s = std::filesystem::path(argv[0]).filename().string();
  for (int i = 1; i < argc; ++i) s += std::string(" ") + argv[i];
  return s;
}

}  // namespace
}  // namespace landscape_bench

int main(int argc, char** argv) {
  using namespace landscape_bench;
  Options o = ParseOptions<Options>(argc, argv, kUsage, OwnFlag);
  bool own_work = PrepareWorkDir(o, "landscape-market");
  MarketReport report;
  report.command = CommandLine(argc, argv);
  std::string file = o.file;
  if (file.empty()) {
    file = o.work + "/market.jsonl";
    fmt::print(stderr, "generating {} relations into {}\n", o.relations, file);
    InChild("generating", [&] { Generate(file, o.relations, o.seed); });
  }
  report.file_mib = static_cast<double>(std::filesystem::file_size(file)) / kMiB;
  CountFile(file, &report);
  std::string store_path = o.work + "/market.landscape", sqlite_path = o.work + "/market.sqlite";
  std::filesystem::remove_all(store_path);
  std::filesystem::remove(sqlite_path);
  fmt::print(stderr, "L: importing into Landscape and SQLite\n");
  ImportLandscape(o, file, store_path, &report);
  ImportSqlite(file, sqlite_path, &report);

  MarketParameters params = ChooseInChild(o, sqlite_path);
  report.operations = {
      Figures("Q1", "investors of a company", params.companies.size(), 0.09, 1.5),
      Figures("Q2", "companies sharing investors", params.companies.size(), 40, 1.5),
      Figures("Q3", "shortest path", params.path_pairs.size(), 3, 1.5),
      Figures("Q4", "total raised in USD, top 20", 1, 55, 1.5),
      Figures("Q5", "PageRank, top 20", 1, 350, 3)};
  fmt::print(stderr, "cold: whole landscape processes\n");
  RunColdQueries(o, store_path, params, &report);
  fmt::print(stderr, "warm: Q1 Q2 Q3 Q4 Q5 with both engines\n");
  auto db = SqliteMarket::Open(sqlite_path);
  auto store = Must(landscape::Store::Open(store_path, landscape::OpenMode::kRead), store_path);
  RunQ1(o, *store, *db, params, &report, &report.operations[0]);
  RunQ2(o, *store, *db, params, &report, &report.operations[1]);
  RunQ3(o, *store, *db, params, &report, &report.operations[2]);
  RunQ4(o, *store, *db, &report, &report.operations[3]);
  RunQ5(o, *store, &report.operations[4]);
  RunComputed(o, *store, &report);
  std::vector<std::string> companies = CompanyIds(*store);
  store.reset();
  db.reset();
  // Last, since they change the store: check, then the edits and the queries after them.
  fmt::print(stderr, "check, then {} edits and the global queries after them\n", o.edits);
  RunCheck(o, store_path, &report);
  RunAfterEdits(o, store_path, params, companies, &report);

  PrintReport(report);
  for (const std::string& m : report.mismatches) fmt::print("MISMATCH {}\n", m);
  if (!o.json_out.empty()) WriteText(o.json_out, ReportJson(report).dump(2) + "\n");
  if (!o.markdown_out.empty()) WriteText(o.markdown_out, ReportMarkdown(report));
  RemoveWorkDir(o, own_work);
  return report.mismatches.empty() ? 0 : 1;
}
