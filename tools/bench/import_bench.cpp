// landscape_import_bench: import throughput and peak memory of `landscape import` on a
// generated line-delimited landscape/1 file (docs/data-format.md, "The line-delimited form").
//
// It generates, deterministically from --seed, a .jsonl file of --relations relations between
// companies, investors and funding rounds, all citing one source; then runs
// `landscape --db STORE import FILE` --runs times as a child process, each into a fresh store,
// timing the wall clock and reading the child's peak RSS from wait4(); then runs
// `landscape --db STORE check` once on the last store. It prints a table on stdout.
//
// The shape of the data is described in market_generator.hpp, which query_bench.cpp shares.
//
// Uses only the standard library, POSIX and fmt: it measures the CLI from the outside.

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "bench_support.hpp"
#include "market_generator.hpp"

const char landscape_bench::kProgramName[] = "landscape_import_bench";

namespace {

using namespace landscape_bench;
namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Options

struct Options : CommonOptions {
  Options() : CommonOptions(/*default_runs=*/3) {}
  int64_t relations = 1000000;
};

constexpr Usage kUsage = {
    "usage: landscape_import_bench [--relations N] [--seed S] [--runs R] [--work DIR]\n"
    "                              [--landscape PATH] [--keep]\n"
    "  --relations N    relations in the generated file (default 1000000)\n"
    "  --seed S         generator seed (default 1)\n"
    "  --runs R         timed imports, each into a fresh store (default 3)\n",
    "file and the store"};

bool ParseOwnFlag(Options& o, const std::string& flag, const FlagValue& value) {
  if (flag != "--relations") return false;
  o.relations = ParseInt(flag, value(), 1, int64_t{1} << 36);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Reading the results

// Disk usage of a directory tree, as du counts it: allocated blocks.
uint64_t DiskUsage(const std::string& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    struct stat st;
    if (lstat(it->path().c_str(), &st) == 0) total += static_cast<uint64_t>(st.st_blocks) * 512;
  }
  return total;
}

// "relations: 123 added" in the import's summary line, if it printed one.
std::optional<int64_t> RelationsAdded(const std::string& output) {
  std::string_view key = "relations: ";
  size_t at = output.find(key);
  if (at == std::string::npos) return std::nullopt;
  char* end = nullptr;
  long long n = std::strtoll(output.c_str() + at + key.size(), &end, 10);
  if (end == output.c_str() + at + key.size() || std::string_view(end).rfind(" added", 0) != 0) {
    return std::nullopt;
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt = ParseOptions(argc, argv, kUsage, ParseOwnFlag);
  bool own_work = PrepareWorkDir(opt, "landscape-bench");
  const std::string file = opt.work + "/bench.jsonl";
  const std::string store = opt.work + "/store";
  const std::string output = opt.work + "/landscape.out";

  fmt::print("landscape import benchmark\n");
  fmt::print("  landscape  {}\n", opt.landscape);
  fmt::print("  work dir   {}{}\n", opt.work, own_work && !opt.keep ? " (removed at the end)" : "");
  fmt::print("  seed {}, {} relations requested, {} run{}\n\n", opt.seed, opt.relations, opt.runs,
             opt.runs == 1 ? "" : "s");

  Clock::time_point gen_start = Clock::now();
  GenStats st = Generate(file, opt.relations, opt.seed);
  double gen_seconds = SecondsSince(gen_start);

  fmt::print("generated {} in {:.2f} s\n", file, gen_seconds);
  fmt::print("  {:<14} {:>10.1f} MiB\n", "file size", st.bytes / kMiB);
  fmt::print("  {:<14} {:>10}  (raised {}, invested_in {}, rival_of {})\n", "relations",
             st.relations, st.raised, st.invested_in, st.rival_of);
  fmt::print("  {:<14} {:>10}  (1 source, {} companies, {} investors, {} funding rounds)\n",
             "entities", st.entities, st.companies, st.investors, st.rounds);
  fmt::print("  {:<14} {:>10}  (most rounds one investor is in; most rivals of one company: {})\n",
             "skew", st.top_investor_rounds, st.top_company_rivals);
  fmt::print("\n");

  fmt::print("load average before the runs: {}\n", LoadAverage());
  fmt::print("{:>6} {:>9} {:>13} {:>9} {:>13} {:>13}\n", "run", "seconds", "relations/s", "cpu s",
             "rel/cpu s", "peak RSS MiB");
  std::vector<double> seconds, rates, cpu_seconds, cpu_rates;
  int64_t max_rss_kib = 0;
  for (int run = 1; run <= opt.runs; ++run) {
    std::error_code ec;
    fs::remove_all(store, ec);
    if (ec) Die(fmt::format("cannot remove {}: {}", store, ec.message()));
    ChildResult r = RunChild({opt.landscape, "--db", store, "import", file}, output);
    RequireSuccess(r, fmt::format("import run {}", run), output, "output", 2);
    if (auto added = RelationsAdded(ReadFile(output, 1 << 20)); added && *added != st.relations) {
      Die(fmt::format("import run {} added {} relations, the file has {}: {}", run, *added,
                      st.relations, ReadFile(output)));
    }
    double rate = static_cast<double>(st.relations) / r.seconds;
    seconds.push_back(r.seconds);
    rates.push_back(rate);
    max_rss_kib = std::max(max_rss_kib, r.max_rss_kib);
    double cpu_rate = static_cast<double>(st.relations) / r.cpu_seconds;
    cpu_seconds.push_back(r.cpu_seconds);
    cpu_rates.push_back(cpu_rate);
    fmt::print("{:>6} {:>9.2f} {:>13.0f} {:>9.2f} {:>13.0f} {:>13.1f}\n", run, r.seconds, rate,
               r.cpu_seconds, cpu_rate, r.max_rss_kib / 1024.0);
  }
  fmt::print("{:>6} {:>9.2f} {:>13.0f} {:>9.2f} {:>13.0f}\n", "median", Median(seconds),
             Median(rates), Median(cpu_seconds), Median(cpu_rates));
  fmt::print("load average after the runs: {}\n", LoadAverage());
  fmt::print("\n");

  uint64_t store_bytes = DiskUsage(store);
  ChildResult check = RunChild({opt.landscape, "--db", store, "check"}, output);
  RequireSuccess(check, "check", output, "output", 2);

  fmt::print("{:<34} {:>10.2f} s\n", "generation", gen_seconds);
  fmt::print("{:<34} {:>10.1f} MiB\n", "file size", st.bytes / kMiB);
  fmt::print("{:<34} {:>10}\n", "relations", st.relations);
  fmt::print("{:<34} {:>10}\n", "entities", st.entities);
  fmt::print("{:<34} {:>10.2f} s\n", "median import", Median(seconds));
  fmt::print("{:<34} {:>10.0f}\n", "median relations/s", Median(rates));
  fmt::print("{:<34} {:>10.0f}\n", "median relations/cpu s", Median(cpu_rates));
  fmt::print("{:<34} {:>10.1f} MiB\n", "peak RSS (max over runs)", max_rss_kib / 1024.0);
  fmt::print("{:<34} {:>10.1f} MiB\n", "store size on disk (du)", store_bytes / kMiB);
  fmt::print("{:<34} {:>10}   ({:.2f} s)\n", "check", "ok", check.seconds);

  RemoveWorkDir(opt, own_work);
  return 0;
}
