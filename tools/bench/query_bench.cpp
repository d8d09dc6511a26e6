// landscape_query_bench: do local queries scale with the neighbourhood they read, not with the
// store? Times `landscape show ID` and `landscape investors ID` as whole processes on stores of
// different sizes, and the in-memory graph view and one PageRank on the largest store.
//
// For each size in --sizes (relations): generates the market file of market_generator.hpp
// (fixed --seed), imports it with the CLI into a fresh store (timed, for information), and
// picks 20 companies by fixed profiles of (rounds raised, relations), quiet ones and busy ones,
// so that each size gets companies with about the same neighbourhoods. Then, --runs times,
// runs `show ID` and `investors ID` for every company, and two floors: `show bench-source`
// (opens the store read-only and reads one entity without relations) and `list --kind
// source` (the store has one source, but `list` reads every entity to find it). Each is a
// child process (fork/exec, stdout to /dev/null); the wall clock, the CPU time and the peak
// RSS come from wait4(). One untimed pass first warms the page cache.
//
// It prints the median per size and verb, and the ratio median(largest)/median(smallest) for
// `show` and `investors`: PASS when below 1.5, FAIL otherwise (the exit status stays 0: this is
// a benchmark, not a test). Then, in this process on the largest store: Store::Open read-only,
// GraphView::Build and one PageRank (default options), median of --view-runs each; the
// iteration count, which PageRank does not return, is found by re-running it with a smaller
// max_iterations until the result differs.
//
// Writes only under --work (a fresh temporary directory, removed at the end unless --keep).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "bench_support.hpp"
#include "market_generator.hpp"
#include "query/graph_algorithms.hpp"
#include "query/graph_view.hpp"
#include "storage/store.hpp"

const char landscape_bench::kProgramName[] = "landscape_query_bench";

namespace {

using namespace landscape_bench;
namespace fs = std::filesystem;

constexpr double kPassRatio = 1.5;

// ---------------------------------------------------------------------------------------------
// Options

struct Options : CommonOptions {
  Options() : CommonOptions(/*default_runs=*/5) {}
  std::vector<int64_t> sizes = {10000, 1000000};
  int view_runs = 3;
};

constexpr Usage kUsage = {
    "usage: landscape_query_bench [--sizes N,N...] [--seed S] [--runs R] [--view-runs V]\n"
    "                             [--work DIR] [--landscape PATH] [--keep]\n"
    "  --sizes N,N...   relations of each store, smallest first (default 10000,1000000)\n"
    "  --seed S         generator seed (default 1)\n"
    "  --runs R         timed processes per company and verb (default 5)\n"
    "  --view-runs V    timed GraphView::Build and PageRank runs (default 3)\n",
    "files and the stores"};

bool ParseOwnFlag(Options& o, const std::string& flag, const FlagValue& value) {
  if (flag == "--sizes") {
    o.sizes.clear();
    std::string list = value();
    for (size_t start = 0; start <= list.size();) {
      size_t comma = std::min(list.find(',', start), list.size());
      o.sizes.push_back(ParseInt(flag, list.substr(start, comma - start), 100, int64_t{1} << 32));
      start = comma + 1;
    }
    std::sort(o.sizes.begin(), o.sizes.end());
    o.sizes.erase(std::unique(o.sizes.begin(), o.sizes.end()), o.sizes.end());
  } else if (flag == "--view-runs") {
    o.view_runs = static_cast<int>(ParseInt(flag, value(), 1, 100));
  } else {
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Reporting

std::string SizeLabel(int64_t n) {
  int64_t p = 1;
  int e = 0;
  while (p < n && e < 18) {
    p *= 10;
    ++e;
  }
  return p == n ? fmt::format("10^{}", e) : fmt::format("{}", n);
}

// ---------------------------------------------------------------------------------------------
// Choosing companies: the same profiles at every size, so every size times companies with
// about the same neighbourhoods (a rank-based choice would not: the busiest company of a
// bigger market has many more rivals and corporate investments).

struct Profile {
  const char* kind;  // "quiet" or "busy"
  int64_t rounds;    // rounds raised
  int64_t degree;    // relations
};

constexpr Profile kProfiles[] = {
    {"quiet", 1, 1}, {"quiet", 1, 2}, {"quiet", 2, 2},  {"quiet", 2, 3},  {"quiet", 3, 3},
    {"quiet", 3, 4}, {"quiet", 4, 4}, {"quiet", 4, 6},  {"quiet", 5, 6},  {"quiet", 5, 8},
    {"busy", 6, 10}, {"busy", 6, 20}, {"busy", 7, 15},  {"busy", 7, 30},  {"busy", 8, 20},
    {"busy", 8, 40}, {"busy", 4, 60}, {"busy", 5, 100}, {"busy", 5, 150}, {"busy", 6, 250},
};

struct Pick {
  const Profile* profile;
  int64_t index;
  std::string id;
  CompanyStats stats;
};

std::vector<Pick> ChooseCompanies(const std::vector<CompanyStats>& companies) {
  std::vector<Pick> picks;
  std::vector<bool> taken(companies.size(), false);
  for (const Profile& p : kProfiles) {
    double best_score = INFINITY;
    int64_t best = -1;
    for (size_t i = 0; i < companies.size(); ++i) {
      if (taken[i]) continue;
      const CompanyStats& c = companies[i];
      double score = std::fabs(static_cast<double>(c.rounds - p.rounds)) / p.rounds +
                     std::fabs(static_cast<double>(c.degree() - p.degree)) / p.degree;
      if (score < best_score) {  // ties: the lowest index
        best_score = score;
        best = static_cast<int64_t>(i);
      }
    }
    if (best < 0) break;  // fewer companies than profiles
    taken[static_cast<size_t>(best)] = true;
    picks.push_back(Pick{&p, best, CompanyId(best), companies[static_cast<size_t>(best)]});
  }
  return picks;
}

// ---------------------------------------------------------------------------------------------
// One store

struct Samples {
  std::vector<double> ms, cpu_ms;
  int64_t max_rss_kib = 0;
  void Add(const ChildResult& r) {
    ms.push_back(r.seconds * 1000);
    cpu_ms.push_back(r.cpu_seconds * 1000);
    max_rss_kib = std::max(max_rss_kib, r.max_rss_kib);
  }
};

// The rows of the tables, in order.
const std::vector<std::string> kVerbs = {"show", "investors", "floor: show bench-source",
                                         "floor: list --kind source"};

struct SizeResult {
  int64_t size = 0;
  GenStats gen;
  double import_seconds = 0;
  uint64_t store_bytes = 0;
  std::string store;
  std::vector<Pick> picks;
  std::map<std::string, Samples> by_verb;
  std::string load_before, load_after;
};

uint64_t DiskUsage(const std::string& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

SizeResult RunSize(const Options& opt, int64_t size) {
  SizeResult res;
  res.size = size;
  const std::string dir = fmt::format("{}/n{}", opt.work, size);
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) Die(fmt::format("cannot create {}: {}", dir, ec.message()));
  const std::string file = dir + "/market.jsonl";
  const std::string err = dir + "/stderr.txt";
  res.store = dir + "/store";

  fmt::print("== {} relations ({})\n", size, SizeLabel(size));
  std::vector<CompanyStats> companies;
  Clock::time_point gen_start = Clock::now();
  res.gen = Generate(file, size, opt.seed, &companies);
  fmt::print(
      "generated {:.1f} MiB in {:.2f} s: {} relations, {} entities ({} companies, {} "
      "investors, {} rounds)\n",
      res.gen.bytes / kMiB, SecondsSince(gen_start), res.gen.relations, res.gen.entities,
      res.gen.companies, res.gen.investors, res.gen.rounds);

  ChildResult imp = RunChild({opt.landscape, "--db", res.store, "import", file}, err);
  RequireSuccess(imp, "import", err, "stderr", 3);
  res.import_seconds = imp.seconds;
  res.store_bytes = DiskUsage(res.store);
  fmt::print("imported in {:.2f} s ({:.2f} cpu s, peak RSS {:.1f} MiB); store {:.1f} MiB\n",
             imp.seconds, imp.cpu_seconds, imp.max_rss_kib / 1024.0, res.store_bytes / kMiB);
  if (!opt.keep) fs::remove(file, ec);

  res.picks = ChooseCompanies(companies);

  auto command = [&](const std::string& verb, const std::string& id) {
    std::vector<std::string> args = {opt.landscape, "--db", res.store};
    if (verb == "floor: list --kind source") {
      args.insert(args.end(), {"list", "--kind", "source"});
    } else if (verb == "floor: show bench-source") {
      args.insert(args.end(), {"show", std::string(kSource)});
    } else {
      args.insert(args.end(), {verb, id});
    }
    return args;
  };
  auto run = [&](const std::vector<std::string>& args) {
    ChildResult r = RunChild(args, "/dev/null", err);
    RequireSuccess(r, fmt::format("`{}`", fmt::join(args, " ")), err, "stderr", 3);
    return r;
  };

  // Warm-up: one untimed pass over every command.
  for (const Pick& p : res.picks) {
    for (const char* verb : {"show", "investors"}) run(command(verb, p.id));
  }
  run(command("floor: show bench-source", ""));
  run(command("floor: list --kind source", ""));

  // Per company and verb, the wall times of its runs.
  std::map<std::pair<std::string, std::string>, std::vector<double>> per_company;
  res.load_before = LoadAverage();
  for (int r = 0; r < opt.runs; ++r) {
    for (const Pick& p : res.picks) {
      for (const char* verb : {"show", "investors"}) {
        ChildResult c = run(command(verb, p.id));
        res.by_verb[verb].Add(c);
        per_company[{p.id, verb}].push_back(c.seconds * 1000);
      }
      res.by_verb["floor: show bench-source"].Add(run(command("floor: show bench-source", "")));
    }
    res.by_verb["floor: list --kind source"].Add(run(command("floor: list --kind source", "")));
  }
  res.load_after = LoadAverage();

  fmt::print("load average before the runs: {}; after: {}\n", res.load_before, res.load_after);
  fmt::print("{:<6} {:<12} {:>6} {:>8} {:>7} {:>9} {:>8} {:>13}\n", "kind", "company", "rounds",
             "inv.rows", "rivals", "relations", "show ms", "investors ms");
  for (const Pick& p : res.picks) {
    fmt::print("{:<6} {:<12} {:>6} {:>8} {:>7} {:>9} {:>8.1f} {:>13.1f}\n", p.profile->kind, p.id,
               p.stats.rounds, p.stats.participations, p.stats.rivals, p.stats.degree(),
               Median(per_company[{p.id, "show"}]), Median(per_company[{p.id, "investors"}]));
  }
  int64_t degree = 0, participations = 0;
  for (const Pick& p : res.picks) {
    degree += p.stats.degree();
    participations += p.stats.participations;
  }
  fmt::print(
      "(rounds: rounds raised; inv.rows: rows of `investors`; relations: of the `show` card;\n"
      " medians of {} runs; totals over the {} companies: {} relations, {} inv.rows)\n",
      opt.runs, res.picks.size(), degree, participations);
  fmt::print("{:<26} {:>7} {:>10} {:>8} {:>8} {:>11} {:>12}\n", "process", "samples", "median ms",
             "min ms", "max ms", "median cpu", "peak RSS MiB");
  for (const std::string& verb : kVerbs) {
    const Samples& s = res.by_verb[verb];
    fmt::print("{:<26} {:>7} {:>10.1f} {:>8.1f} {:>8.1f} {:>11.1f} {:>12.1f}\n", verb, s.ms.size(),
               Median(s.ms), *std::min_element(s.ms.begin(), s.ms.end()),
               *std::max_element(s.ms.begin(), s.ms.end()), Median(s.cpu_ms),
               s.max_rss_kib / 1024.0);
  }
  fmt::print("\n");
  return res;
}

// ---------------------------------------------------------------------------------------------
// In process: the graph view and PageRank

struct ViewResult {
  double open_ms = 0;
  size_t vertices = 0;
  size_t relations = 0;
  double build_ms = 0;
  double pagerank_ms = 0;
  int iterations = 0;
  std::string load;
};

// How many iterations PageRank ran with the default options: the smallest max_iterations
// whose result is bit-for-bit the default result (it stops at the first iteration whose L1
// change is below the tolerance; any earlier stop leaves a different vector).
int PageRankIterations(const landscape::GraphView& view, const std::vector<double>& reference) {
  auto same_at = [&](int k) {
    landscape::PageRankOptions o;
    o.max_iterations = k;
    return landscape::PageRank(view, o) == reference;
  };
  int limit = landscape::PageRankOptions().max_iterations;
  int hi = 1;
  while (hi < limit && !same_at(hi)) hi = std::min(hi * 2, limit);
  int lo = hi / 2;  // not the same at lo (or lo == 0)
  while (hi - lo > 1) {
    int mid = lo + (hi - lo) / 2;
    (same_at(mid) ? hi : lo) = mid;
  }
  return hi;
}

ViewResult RunView(const Options& opt, const std::string& store_path) {
  ViewResult res;
  Clock::time_point open_start = Clock::now();
  auto store = landscape::Store::Open(store_path, landscape::OpenMode::kRead);
  if (!store.ok()) Die("opening " + store_path + ": " + store.status().message());
  res.open_ms = SecondsSince(open_start) * 1000;

  std::vector<double> build_ms, pagerank_ms;
  std::optional<landscape::GraphView> view;
  for (int r = 0; r < opt.view_runs; ++r) {
    view.reset();
    Clock::time_point start = Clock::now();
    auto built = landscape::GraphView::Build(**store);
    build_ms.push_back(SecondsSince(start) * 1000);
    if (!built.ok()) Die("GraphView::Build: " + built.status().message());
    view.emplace(std::move(built).value());
  }
  res.vertices = view->vertex_count();
  res.relations = view->relation_count();
  std::vector<double> ranks;
  for (int r = 0; r < opt.view_runs; ++r) {
    Clock::time_point start = Clock::now();
    ranks = landscape::PageRank(*view);
    pagerank_ms.push_back(SecondsSince(start) * 1000);
  }
  res.build_ms = Median(build_ms);
  res.pagerank_ms = Median(pagerank_ms);
  res.iterations = PageRankIterations(*view, ranks);
  res.load = LoadAverage();
  return res;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt = ParseOptions(argc, argv, kUsage, ParseOwnFlag);
  bool own_work = PrepareWorkDir(opt, "landscape-qbench");

  fmt::print("landscape query benchmark\n");
  fmt::print("  landscape  {}\n", opt.landscape);
  fmt::print("  work dir   {}{}\n", opt.work, own_work && !opt.keep ? " (removed at the end)" : "");
  fmt::print("  seed {}, sizes {} relations, {} runs per company and verb, {} view runs\n",
             opt.seed, fmt::join(opt.sizes, ", "), opt.runs, opt.view_runs);
  fmt::print("  load average at the start: {}\n\n", LoadAverage());

  std::vector<SizeResult> sizes;
  for (int64_t size : opt.sizes) sizes.push_back(RunSize(opt, size));
  const SizeResult& small = sizes.front();
  const SizeResult& large = sizes.back();

  fmt::print("== in process on the {} store: GraphView::Build and PageRank\n", large.size);
  ViewResult view = RunView(opt, large.store);
  fmt::print(
      "Store::Open (read-only) {:.1f} ms; {} vertices, {} relations; build {:.1f} ms, "
      "PageRank {:.1f} ms ({} iterations), medians of {}; load average {}\n\n",
      view.open_ms, view.vertices, view.relations, view.build_ms, view.pagerank_ms, view.iterations,
      opt.view_runs, view.load);

  // The summary.
  bool compare = sizes.size() > 1;
  std::string ratio_head =
      compare ? fmt::format("{}/{}", SizeLabel(large.size), SizeLabel(small.size)) : "ratio";
  fmt::print("== summary (whole processes: median wall ms over {} companies x {} runs)\n",
             small.picks.size(), opt.runs);
  fmt::print("{:<34}", "relations");
  for (const SizeResult& s : sizes) fmt::print(" {:>10}", SizeLabel(s.size));
  fmt::print(" {:>11}  {}\n", ratio_head, "verdict");
  for (const std::string& verb : kVerbs) {
    fmt::print("{:<34}", verb + " ms");
    for (const SizeResult& s : sizes) fmt::print(" {:>10.1f}", Median(s.by_verb.at(verb).ms));
    double ratio = Median(large.by_verb.at(verb).ms) / Median(small.by_verb.at(verb).ms);
    std::string verdict;
    if (compare && (verb == "show" || verb == "investors")) {
      verdict = fmt::format("{} (< {})", ratio < kPassRatio ? "PASS" : "FAIL", kPassRatio);
    }
    fmt::print(" {:>11.2f}  {}\n", ratio, verdict);
  }
  for (std::string verb : {"show", "investors"}) {
    fmt::print("{:<34}", verb + " cpu ms");
    for (const SizeResult& s : sizes) fmt::print(" {:>10.1f}", Median(s.by_verb.at(verb).cpu_ms));
    fmt::print(" {:>11.2f}\n",
               Median(large.by_verb.at(verb).cpu_ms) / Median(small.by_verb.at(verb).cpu_ms));
  }
  for (std::string verb : {"show", "investors"}) {
    fmt::print("{:<34}", verb + " cpu ms above the floor");
    for (const SizeResult& s : sizes) {
      fmt::print(" {:>10.1f}", Median(s.by_verb.at(verb).cpu_ms) -
                                   Median(s.by_verb.at("floor: show bench-source").cpu_ms));
    }
    fmt::print("\n");
  }
  for (std::string verb : {"show", "investors"}) {
    fmt::print("{:<34}", verb + " peak RSS MiB");
    for (const SizeResult& s : sizes)
      fmt::print(" {:>10.1f}", s.by_verb.at(verb).max_rss_kib / 1024.0);
    fmt::print("\n");
  }
  fmt::print("{:<34}", "import s (one run)");
  for (const SizeResult& s : sizes) fmt::print(" {:>10.2f}", s.import_seconds);
  fmt::print("\n{:<34}", "store MiB");
  for (const SizeResult& s : sizes) fmt::print(" {:>10.1f}", s.store_bytes / kMiB);
  fmt::print("\n{:<34}", "load (1 min) before/after runs");
  for (const SizeResult& s : sizes) {
    fmt::print(" {:>10}", s.load_before.substr(0, s.load_before.find(' ')) + "/" +
                              s.load_after.substr(0, s.load_after.find(' ')));
  }
  fmt::print("\n");
  fmt::print("{:<34} {:>10}\n", fmt::format("view on {}: vertices", SizeLabel(large.size)),
             view.vertices);
  fmt::print("{:<34} {:>10}\n", "view: relations", view.relations);
  fmt::print("{:<34} {:>10.1f}\n", "GraphView::Build ms (median)", view.build_ms);
  fmt::print("{:<34} {:>10.1f}\n", "PageRank ms (median)", view.pagerank_ms);
  fmt::print("{:<34} {:>10}\n", "PageRank iterations", view.iterations);
  fmt::print("{:<34} {}\n", "load average at the end", LoadAverage());

  RemoveWorkDir(opt, own_work);
  return 0;
}
