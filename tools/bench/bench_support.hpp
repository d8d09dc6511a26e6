#pragma once
// What the benchmark programs (import_bench.cpp, query_bench.cpp) and market_generator.hpp
// share: the options both programs take, their work directory, running the landscape CLI as a
// child process with its wall clock, CPU time and peak RSS, and the small helpers of their
// tables. Both measure the CLI from the outside; one copy keeps the two measuring alike.
//
// Uses only the standard library, POSIX and fmt. Each program defines
// landscape_bench::kProgramName.

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

// CMake passes the CLI built alongside; this default serves a build without it.
#ifndef LANDSCAPE_CLI_PATH
#define LANDSCAPE_CLI_PATH "landscape"
#endif

namespace landscape_bench {

using Clock = std::chrono::steady_clock;

constexpr double kMiB = 1024.0 * 1024.0;

// The program's own name, which starts its error messages.
extern const char kProgramName[];

// Reports `message` on stderr and exits with status 1.
[[noreturn]] inline void Die(const std::string& message) {
  std::fflush(stdout);  // so the message follows the part of the table already printed
  std::fprintf(stderr, "%s: %s\n", kProgramName, message.c_str());
  std::exit(1);
}

inline double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

inline double Median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// The 1, 5 and 15 minute load averages (Linux), to tell a busy machine's numbers apart.
inline std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  if (!(in >> one >> five >> fifteen)) return "unknown";
  return fmt::format("{} {} {} ({} cpus)", one, five, fifteen, sysconf(_SC_NPROCESSORS_ONLN));
}

// ---------------------------------------------------------------------------------------------
// Options

// The options both programs take, with the same meaning and limits.
struct CommonOptions {
  explicit CommonOptions(int default_runs) : runs(default_runs) {}
  uint64_t seed = 1;
  int runs;
  std::string work;  // empty: a fresh temporary directory, removed at the end
  std::string landscape = LANDSCAPE_CLI_PATH;
  bool keep = false;
};

// A program's --help: its own lines, then those of --work, --landscape and --keep, which
// ParseOptions reads and whose wording names what the program keeps in the work directory.
struct Usage {
  const char* own_lines;
  const char* outputs;  // "files and the stores"
};

inline void PrintUsage(const Usage& usage) {
  std::fputs(usage.own_lines, stdout);
  fmt::print(
      "  --work DIR       where the {0} go (default: a fresh temporary\n"
      "                   directory, removed at the end)\n"
      "  --landscape PATH the landscape CLI (default {1})\n"
      "  --keep           keep the generated {0}\n",
      usage.outputs, LANDSCAPE_CLI_PATH);
}

inline int64_t ParseInt(std::string_view flag, const std::string& text, int64_t min, int64_t max) {
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || v < min || v > max) {
    Die(fmt::format("{} needs an integer from {} to {}, not '{}'", flag, min, max, text));
  }
  return v;
}

// The value of the flag being read: after its '=' or the next argument. A flag without one
// (--keep) does not call it, so that the argument after it is read as a flag.
using FlagValue = std::function<std::string()>;

// Reads argv, `--flag value` or `--flag=value`, into the program's Options, which derive from
// CommonOptions. A flag that CommonOptions does not have goes to `own_flag`, which returns false
// if the program does not know it either.
template <typename Options>
Options ParseOptions(int argc, char** argv, const Usage& usage,
                     bool (*own_flag)(Options& o, const std::string& flag,
                                      const FlagValue& value)) {
  static_assert(std::is_base_of_v<CommonOptions, Options>);
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
      PrintUsage(usage);
      std::exit(0);
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
    } else if (!own_flag(o, arg, next)) {
      PrintUsage(usage);
      Die(fmt::format("unknown argument '{}'", arg));
    }
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// The work directory

// Checks that the CLI runs, before minutes of generating, and makes o.work: a fresh
// `$TMPDIR/<name>.XXXXXX` when none was given. Returns whether it made a fresh one, which
// RemoveWorkDir then removes.
inline bool PrepareWorkDir(CommonOptions& o, std::string_view name) {
  if (access(o.landscape.c_str(), X_OK) != 0) {
    Die(fmt::format("cannot run {} (pass --landscape PATH)", o.landscape));
  }
  if (!o.work.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.work, ec);
    if (ec) Die(fmt::format("cannot create {}: {}", o.work, ec.message()));
    return false;
  }
  const char* tmp = std::getenv("TMPDIR");
  std::string templ = fmt::format("{}/{}.XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) Die(fmt::format("mkdtemp {}: {}", templ, std::strerror(errno)));
  o.work = buf.data();
  return true;
}

// The results are printed by now, so a directory left behind only warrants a warning.
inline void RemoveWorkDir(const CommonOptions& o, bool own_work) {
  if (!own_work || o.keep) return;
  std::error_code ec;
  std::filesystem::remove_all(o.work, ec);
  if (ec) fmt::print(stderr, "warning: cannot remove {}: {}\n", o.work, ec.message());
}

// ---------------------------------------------------------------------------------------------
// Running the CLI

struct ChildResult {
  int exit_code = -1;  // -1: killed by a signal
  int signal = 0;
  double seconds = 0;      // wall clock, fork to reaped
  double cpu_seconds = 0;  // user + system
  int64_t max_rss_kib = 0;
};

// Runs args[0] (a path) with stdin from /dev/null, stdout to `stdout_path` and stderr to
// `stderr_path`, or with an empty `stderr_path` to the same open file as stdout, so that the
// two streams follow each other instead of overwriting each other.
inline ChildResult RunChild(const std::vector<std::string>& args, const std::string& stdout_path,
                            const std::string& stderr_path = "") {
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
    int out = open(stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err =
        stderr_path.empty() ? out : open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) _exit(126);
    dup2(in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    close(in);
    close(out);
    if (err != out) close(err);
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

// At most the last `max_bytes`: a failing child says why at the end.
inline std::string ReadFile(const std::string& path, size_t max_bytes = 4000) {
  std::ifstream in(path, std::ios::binary);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (s.size() > max_bytes) s = "..." + s.substr(s.size() - max_bytes);
  return s;
}

// Unless the child exited with status 0, dies saying how it ended and showing the end of
// `output_path`. `output_label` names what that file caught ("output", "stderr"); `decimals`
// suits the program's scale: seconds for an import, milliseconds for a query.
inline void RequireSuccess(const ChildResult& r, const std::string& what,
                           const std::string& output_path, std::string_view output_label,
                           int decimals) {
  if (r.exit_code == 0) return;
  std::string how = r.signal ? fmt::format("was killed by signal {}", r.signal)
                             : fmt::format("exited with status {}", r.exit_code);
  if (r.exit_code == 127) how += " (could not run the landscape binary?)";
  Die(fmt::format("{} {} after {:.{}f} s; its {} ({}):\n{}", what, how, r.seconds, decimals,
                  output_label, output_path, ReadFile(output_path)));
}

}  // namespace landscape_bench
