#pragma once
// Helpers shared by the end-to-end tests of the `landscape` command line (tests/tools/).
// Everything here drives the real binary as a child process; see tests/test_support.hpp.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/test_support.hpp"

namespace landscape::testing::cli {

inline bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

inline size_t CountOf(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

// What the bundled dataset holds: 11 entities (2 of them sources), 9 relations, 20 names.
inline constexpr long kBundledEntities = 11;
inline constexpr long kBundledRelations = 9;
inline constexpr long kBundledNames = 20;

inline ProcessResult RunCli(const std::vector<std::string>& args, const std::string& input = "") {
  return RunLandscape(args, input);
}

inline std::string BundledDatasetPath() { return BundledDataset(); }

// Imports the bundled dataset into `db` (creating it) and requires success.
inline void ImportBundled(const std::string& db) {
  ProcessResult r = RunCli({"--db", db, "import", BundledDatasetPath()});
  INFO("import stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
}

// `landscape export` of `db`; requires success.
inline std::string ExportOf(const std::string& db, bool jsonl = false) {
  std::vector<std::string> args{"--db", db, "export"};
  if (jsonl) args.push_back("--jsonl");
  ProcessResult r = RunCli(args);
  INFO("export stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(!r.out.empty());
  return r.out;
}

// What `landscape check` says: its exit code, stdout (the problems) and the counts of its
// stderr summary "DB: N entities, N relations, N names, N FX rates: ok".
struct CheckSummary {
  int exit_code = -1;
  bool parsed = false;
  long entities = -1, relations = -1, names = -1, fx_rates = -1;
  std::string verdict;  // "ok" or "N problems"
  std::string out, err;
};

inline CheckSummary CheckOf(const std::string& db) {
  ProcessResult r = RunCli({"--db", db, "check"});
  CheckSummary s;
  s.exit_code = r.exit_code;
  s.out = r.out;
  s.err = r.err;
  // Parsed by hand: std::regex draws -Wmaybe-uninitialized from GCC 12 in sanitizer builds.
  size_t at = r.err.find(" entities, ");
  while (at != std::string::npos && at > 0 &&
         std::isdigit(static_cast<unsigned char>(r.err[at - 1]))) {
    --at;
  }
  int used = 0;
  if (at != std::string::npos &&
      std::sscanf(r.err.c_str() + at, "%ld entities, %ld relations, %ld names, %ld FX rates: %n",
                  &s.entities, &s.relations, &s.names, &s.fx_rates, &used) == 4 &&
      used > 0) {
    s.parsed = true;
    s.verdict = r.err.substr(at + used, r.err.find('\n', at + used) - (at + used));
  }
  return s;
}

// Requires `check` to pass: exit 0, no problems on stdout, a parsable "ok" summary.
inline CheckSummary RequireSound(const std::string& db) {
  CheckSummary s = CheckOf(db);
  INFO("check stdout: ", s.out);
  INFO("check stderr: ", s.err);
  REQUIRE(s.exit_code == 0);
  REQUIRE(s.out.empty());
  REQUIRE(s.parsed);
  REQUIRE(s.verdict == "ok");
  return s;
}

// Starts `landscape ARGS...` without waiting; stdin is /dev/null, stdout and stderr go to the
// given files. Returns the child's pid.
inline pid_t SpawnLandscape(const std::vector<std::string>& args, const std::string& out_path,
                            const std::string& err_path) {
  std::string bin = LandscapeBinary();
  std::vector<std::string> copies = args;
  std::vector<char*> argv{bin.data()};
  for (std::string& a : copies) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    int in = open("/dev/null", O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) _exit(126);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

}  // namespace landscape::testing::cli
