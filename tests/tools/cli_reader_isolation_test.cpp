// Readers beside a writer see each change whole or not at all: a writer process loops small
// imports and `add`s while this process loops `export` and `check` on the same store, and
// every read must hold each change entirely or not at all.
//
// Each import K adds three companies w-K-a, w-K-b, w-K-c (two with an alias), two rival_of
// relations between them and an FX rate dated (1000 + K)-01 (K < 1000): recognisable in an export.
// Each `add` pair adds an entity x-K with an alias and a relation to w-K-a, whose halves (names,
// mirrored edges) `check` verifies. The short run is part of the suite (40 changes, 10 under
// the sanitizers); set
// LANDSCAPE_ISOLATION_CHANGES to run longer (tools/reliability/reader_isolation.sh).

#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/test_support.hpp"
#include "tests/tools/cli_test_util.hpp"

namespace landscape {
namespace {

using testing::ProcessResult;
using testing::TempDir;
using testing::cli::CheckOf;
using testing::cli::CheckSummary;
using testing::cli::ImportBundled;
using testing::cli::RunCli;

int ChangeCount() {
  const char* env = std::getenv("LANDSCAPE_ISOLATION_CHANGES");
  return env ? std::clamp(std::atoi(env), 1, 999) : testing::kSanitized ? 10 : 40;
}

void WriteChange(const std::string& path, int k) {
  std::string id = "w-" + std::to_string(k) + "-";
  std::ofstream out(path, std::ios::trunc);
  out << R"({"type":"entity","id":")" << id << R"(a","kind":"company","name":"W )" << k
      << R"( A","aliases":["wa)" << k << "\"]}\n";
  out << R"({"type":"entity","id":")" << id << R"(b","kind":"company","name":"W )" << k
      << R"( B","aliases":["wb)" << k << "\"]}\n";
  out << R"({"type":"entity","id":")" << id << R"(c","kind":"company","name":"W )" << k
      << " C\"}\n";
  out << R"({"type":"relation","relation":"rival_of","from":")" << id << R"(a","to":")" << id
      << "b\"}\n";
  out << R"({"type":"relation","relation":"rival_of","from":")" << id << R"(b","to":")" << id
      << "c\"}\n";
  out << R"({"type":"fx_rate","date":")" << 1000 + k
      << R"(-01","base":"CNY","quote":"USD","rate":"0.14"})"
      << "\n";
}

// The writer, in a child process: every change in turn; exits 0 when all succeeded.
[[noreturn]] void RunWriter(const std::string& db, const std::string& dir, int changes) {
  for (int k = 1; k <= changes; ++k) {
    std::string file = dir + "/change-" + std::to_string(k) + ".jsonl";
    std::string x = "x-" + std::to_string(k);
    bool ok = RunCli({"--db", db, "import", file}).exit_code == 0 &&
              RunCli({"--db", db, "add", "entity", "--id", x, "--kind", "company", "--name",
                      "X " + std::to_string(k), "--alias", "ex" + std::to_string(k)})
                      .exit_code == 0 &&
              RunCli({"--db", db, "add", "relation", "--type", "rival_of", "--from", x, "--to",
                      "w-" + std::to_string(k) + "-a"})
                      .exit_code == 0;
    if (!ok) _exit(1);
  }
  _exit(0);
}

// Per import K seen in an export: its entities, its relations, whether its FX rate is there.
struct Seen {
  int entities = 0;
  int relations = 0;
  bool fx = false;
};

// The number K of an id "w-K-…", or 0.
int ChangeOf(const std::string& id) {
  if (id.rfind("w-", 0) != 0) return 0;
  return std::atoi(id.c_str() + 2);
}

// The imports an export shows in part: "K: 3 entities, 1 relations, fx" for each.
std::string PartialChanges(const std::string& jsonl, int changes) {
  std::map<int, Seen> seen;
  std::istringstream lines(jsonl);
  for (std::string line; std::getline(lines, line);) {
    nlohmann::json record = nlohmann::json::parse(line);
    std::string type = record.value("type", "");
    if (type == "entity") {
      if (int k = ChangeOf(record["id"])) ++seen[k].entities;
    } else if (type == "relation") {
      // The import's own relations: the `add`ed one ties x-K to w-K-a.
      int k = ChangeOf(record["from"]);
      if (k && k == ChangeOf(record["to"]) && record["relation"] == "rival_of") {
        ++seen[k].relations;
      }
    } else if (type == "fx_rate") {
      int k = std::atoi(record["date"].get<std::string>().c_str()) - 1000;
      if (k >= 1 && k <= changes) seen[k].fx = true;
    }
  }
  std::string partial;
  for (const auto& [k, s] : seen) {
    if (s.entities != 3 || s.relations != 2 || !s.fx) {
      partial += std::to_string(k) + ": " + std::to_string(s.entities) + " entities, " +
                 std::to_string(s.relations) + " relations" + (s.fx ? ", fx" : ", no fx") + "; ";
    }
  }
  return partial;
}

TEST_CASE("cli concurrency: readers beside a writer of small changes see each change whole") {
  int changes = ChangeCount();
  TempDir dir;
  std::string db = dir / "store";
  ImportBundled(db);
  for (int k = 1; k <= changes; ++k) {
    WriteChange(dir / ("change-" + std::to_string(k) + ".jsonl"), k);
  }
  std::fflush(nullptr);
  pid_t writer = fork();
  REQUIRE(writer >= 0);
  if (writer == 0) RunWriter(db, dir.path(), changes);

  int exports = 0, checks = 0, partial_exports = 0, failed_checks = 0;
  int status = 0;
  pid_t done = 0;
  do {  // at least one round of reads, whenever the writer ends
    ProcessResult exported = RunCli({"--db", db, "export", "--jsonl"});
    INFO("export stderr: ", exported.err);
    REQUIRE(exported.exit_code == 0);
    ++exports;
    std::string partial = PartialChanges(exported.out, changes);
    if (!partial.empty()) {
      ++partial_exports;
      MESSAGE("an export saw part of a change: ", partial);
    }
    CheckSummary check = CheckOf(db);
    ++checks;
    if (check.exit_code != 0 || !check.out.empty()) {
      ++failed_checks;
      MESSAGE("check beside the writer: ", check.out.substr(0, 500), check.err);
    }
    done = waitpid(writer, &status, WNOHANG);
  } while (done == 0);
  REQUIRE(done == writer);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  MESSAGE(exports, " exports and ", checks, " checks beside ", changes, " changes");
  CHECK(partial_exports == 0);
  CHECK(failed_checks == 0);
  // Once the writer is done, every change is there, whole.
  ProcessResult last = RunCli({"--db", db, "export", "--jsonl"});
  REQUIRE(last.exit_code == 0);
  CHECK(PartialChanges(last.out, changes).empty());
  CHECK(testing::cli::CountOf(last.out, "\"w-" + std::to_string(changes) + "-c\"") >= 1);
  testing::cli::RequireSound(db);
}

}  // namespace
}  // namespace landscape
