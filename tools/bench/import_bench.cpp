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

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "market_generator.hpp"

#ifndef LANDSCAPE_CLI_PATH
#define LANDSCAPE_CLI_PATH "landscape"
#endif

namespace landscape_bench {

[[noreturn]] void Die(const std::string& message) {
  std::fflush(stdout);
  std::fprintf(stderr, "landscape_import_bench: %s\n", message.c_str());
  std::exit(1);
}

}  // namespace landscape_bench

namespace {

using namespace landscape_bench;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr double kMiB = 1024.0 * 1024.0;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// ---------------------------------------------------------------------------------------------
// Options

struct Options {
  int64_t relations = 1000000;
  uint64_t seed = 1;
  int runs = 3;
  std::string work;  // empty: a fresh temporary directory, removed at the end
  std::string landscape = LANDSCAPE_CLI_PATH;
  bool keep = false;
};

void PrintUsage() {
  std::printf(
      "usage: landscape_import_bench [--relations N] [--seed S] [--runs R] [--work DIR]\n"
      "                              [--landscape PATH] [--keep]\n"
      "  --relations N    relations in the generated file (default 1000000)\n"
      "  --seed S         generator seed (default 1)\n"
      "  --runs R         timed imports, each into a fresh store (default 3)\n"
      "  --work DIR       where the file and the store go (default: a fresh temporary\n"
      "                   directory, removed at the end)\n"
      "  --landscape PATH the landscape CLI (default %s)\n"
      "  --keep           keep the generated file and the store\n",
      LANDSCAPE_CLI_PATH);
}

int64_t ParseInt(std::string_view flag, const std::string& text, int64_t min, int64_t max) {
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || v < min || v > max) {
    Die(fmt::format("{} needs an integer from {} to {}, not '{}'", flag, min, max, text));
  }
  return v;
}

Options ParseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    bool has_value = false;
    if (auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_value = true;
    }
    auto next = [&]() -> std::string {
      if (has_value) return value;
      if (i + 1 >= argc) Die(fmt::format("{} needs a value", arg));
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") {
      PrintUsage();
      std::exit(0);
    } else if (arg == "--relations") {
      o.relations = ParseInt(arg, next(), 1, int64_t{1} << 36);
    } else if (arg == "--seed") {
      o.seed = static_cast<uint64_t>(ParseInt(arg, next(), 0, INT64_MAX));
    } else if (arg == "--runs") {
      o.runs = static_cast<int>(ParseInt(arg, next(), 1, 1000));
    } else if (arg == "--work") {
      o.work = next();
    } else if (arg == "--landscape") {
      o.landscape = next();
    } else if (arg == "--keep") {
      o.keep = true;
    } else {
      PrintUsage();
      Die(fmt::format("unknown argument '{}'", arg));
    }
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// Running the CLI

struct ChildResult {
  int exit_code = -1;  // -1: killed by a signal
  int signal = 0;
  double seconds = 0;      // wall clock
  double cpu_seconds = 0;  // user + system
  int64_t max_rss_kib = 0;
};

// Runs argv[0] (a path) with stdin from /dev/null and stdout+stderr to `output_path`.
ChildResult RunChild(const std::vector<std::string>& args, const std::string& output_path) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  Clock::time_point start = Clock::now();
  pid_t pid = fork();
  if (pid < 0) Die(fmt::format("fork: {}", std::strerror(errno)));
  if (pid == 0) {
    int in = open("/dev/null", O_RDONLY);
    int out = open(output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0) _exit(126);
    dup2(in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(out, STDERR_FILENO);
    close(in);
    close(out);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  struct rusage usage;
  std::memset(&usage, 0, sizeof usage);
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) Die(fmt::format("wait4: {}", std::strerror(errno)));
  }
  ChildResult r;
  r.seconds = SecondsSince(start);
  r.max_rss_kib = usage.ru_maxrss;  // Linux: KiB
  auto tv = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  r.cpu_seconds = tv(usage.ru_utime) + tv(usage.ru_stime);
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  return r;
}

std::string ReadFile(const std::string& path, size_t max_bytes = 4000) {
  std::ifstream in(path, std::ios::binary);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (s.size() > max_bytes) s = "..." + s.substr(s.size() - max_bytes);
  return s;
}

void RequireSuccess(const ChildResult& r, const std::string& what, const std::string& output) {
  if (r.exit_code == 0) return;
  std::string how = r.signal ? fmt::format("was killed by signal {}", r.signal)
                             : fmt::format("exited with status {}", r.exit_code);
  if (r.exit_code == 127) how += " (could not run the landscape binary?)";
  Die(fmt::format("{} {} after {:.2f} s; its output ({}):\n{}", what, how, r.seconds, output,
                  ReadFile(output)));
}

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

// The 1, 5 and 15 minute load averages (Linux), to tell a busy machine's numbers apart.
std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  if (!(in >> one >> five >> fifteen)) return "unknown";
  return fmt::format("{} {} {} ({} cpus)", one, five, fifteen, sysconf(_SC_NPROCESSORS_ONLN));
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt = ParseOptions(argc, argv);
  if (access(opt.landscape.c_str(), X_OK) != 0) {
    Die(fmt::format("cannot run {} (pass --landscape PATH)", opt.landscape));
  }

  bool own_work = opt.work.empty();
  if (own_work) {
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/landscape-bench.XXXXXX";
    std::vector<char> buf(templ.begin(), templ.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data())) Die(fmt::format("mkdtemp {}: {}", templ, std::strerror(errno)));
    opt.work = buf.data();
  } else {
    std::error_code ec;
    fs::create_directories(opt.work, ec);
    if (ec) Die(fmt::format("cannot create {}: {}", opt.work, ec.message()));
  }
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
    RequireSuccess(r, fmt::format("import run {}", run), output);
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
  RequireSuccess(check, "check", output);

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

  if (own_work && !opt.keep) {
    std::error_code ec;
    fs::remove_all(opt.work, ec);
    if (ec) fmt::print(stderr, "warning: cannot remove {}: {}\n", opt.work, ec.message());
  }
  return 0;
}
