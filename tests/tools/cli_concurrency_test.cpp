// End-to-end tests of the `landscape` binary beside other users of the same store: a second
// writer is refused with a clear message while readers keep working, readers never see half an
// import, and an import killed with SIGKILL leaves the store either without the import or with
// all of it.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "storage/importer.hpp"
#include "storage/store.hpp"
#include "tests/test_support.hpp"
#include "tests/tools/cli_test_util.hpp"

namespace landscape {
namespace {

using testing::ProcessResult;
using testing::TempDir;
using testing::WriteFile;
using testing::cli::CheckOf;
using testing::cli::CheckSummary;
using testing::cli::Contains;
using testing::cli::ExportOf;
using testing::cli::ImportBundled;
using testing::cli::kBundledEntities;
using testing::cli::kBundledNames;
using testing::cli::kBundledRelations;
using testing::cli::RequireSound;
using testing::cli::RunCli;
using testing::cli::SpawnLandscape;

constexpr const char* kZhipuDocument = R"({
  "format": "landscape/1",
  "entities": [
    {"id": "zhipu-ai", "kind": "company", "name": "Zhipu AI", "aliases": ["智谱"]},
    {"id": "zhipu-series-c", "kind": "funding_round", "name": "Zhipu Series C",
     "attributes": {"amount": "3B CNY"}}
  ],
  "relations": [
    {"relation": "raised", "from": "zhipu-ai", "to": "zhipu-series-c"},
    {"relation": "invested_in", "from": "tencent", "to": "zhipu-series-c",
     "properties": {"lead": true}},
    {"relation": "rival_of", "from": "zhipu-ai", "to": "deepseek"}
  ]
}
)";

void CheckBusy(const ProcessResult& r) {
  INFO("stderr: ", r.err);
  CHECK(r.exit_code != 0);
  CHECK(r.exit_code < 128);
  CHECK(r.out.empty());
  CHECK(Contains(r.err, "in use by another writer"));
  // RocksDB's own words must not be all the user gets, nor leak beside ours.
  CHECK_FALSE(Contains(r.err, "IO error"));
  CHECK_FALSE(Contains(r.err, "While lock file"));
}

TEST_CASE("cli concurrency: a second writer gets a clear lock error while readers work") {
  TempDir dir;
  std::string db = dir / "store";
  ImportBundled(db);
  std::string before = ExportOf(db);
  std::string extra = dir / "zhipu.json";
  WriteFile(extra, kZhipuDocument);
  {
    auto writer = Store::Open(db, OpenMode::kWrite);
    REQUIRE_OK(writer);

    CheckBusy(RunCli({"--db", db, "add", "entity", "--id", "minimax", "--kind", "company", "--name",
                      "MiniMax"}));
    CheckBusy(RunCli({"--db", db, "import", extra}));
    CheckBusy(RunCli({"--db", db, "add", "relation", "--type", "rival_of", "--from", "moonshot-ai",
                      "--to", "tencent"}));
    CheckBusy(RunCli({"--db", db, "remove", "catl"}));

    // Readers work meanwhile.
    ProcessResult show = RunCli({"--db", db, "show", "DeepSeek"});
    INFO("show stderr: ", show.err);
    CHECK(show.exit_code == 0);
    CHECK(Contains(show.out, "51,000,000,000 CNY"));
    CHECK(Contains(show.out, "CATL"));
    CHECK(RunCli({"--db", db, "find", "moon"}).exit_code == 0);
    CHECK(ExportOf(db) == before);
    CheckSummary check = CheckOf(db);
    CHECK(check.exit_code == 0);
    CHECK(check.relations == kBundledRelations);
  }
  // Nothing was written by the refused writers.
  CHECK(ExportOf(db) == before);
  // Once the writer is gone, the same commands succeed: the refusals were the lock's doing.
  ProcessResult add = RunCli(
      {"--db", db, "add", "entity", "--id", "minimax", "--kind", "company", "--name", "MiniMax"});
  INFO("add stderr: ", add.err);
  CHECK(add.exit_code == 0);
  ProcessResult import = RunCli({"--db", db, "import", extra});
  INFO("import stderr: ", import.err);
  CHECK(import.exit_code == 0);
  CHECK(RunCli({"--db", db, "show", "智谱"}).exit_code == 0);
  RequireSound(db);
}

TEST_CASE("cli concurrency: readers see the store as it was while an import is in progress") {
  // Both commit paths: one WriteBatch, and SST files ingested at once (batch_write_limit 0).
  for (bool bulk : {false, true}) {
    CAPTURE(bulk);
    TempDir dir;
    std::string db = dir / "store";
    ImportBundled(db);
    std::string before = ExportOf(db);
    bool reached = false;
    ProcessResult new_entity, new_alias, old_entity, check;
    {
      auto store = Store::Open(db, OpenMode::kWrite);
      REQUIRE_OK(store);
      ImportOptions options;
      if (bulk) options.batch_write_limit = 0;
      options.fault_injection = [&](std::string_view point) {
        if (point == "before-commit") {
          reached = true;
          new_entity = RunCli({"--db", db, "show", "zhipu-ai"});
          new_alias = RunCli({"--db", db, "show", "智谱"});
          old_entity = RunCli({"--db", db, "show", "DeepSeek"});
          check = RunCli({"--db", db, "check"});
        }
        return Status::Ok();
      };
      Importer importer(store->get(), options);
      REQUIRE_OK(importer.AddDocument("zhipu.json", kZhipuDocument));
      auto summary = importer.Commit();
      REQUIRE_OK(summary);
      CHECK(summary->ingested_as_files == bulk);
      CHECK(summary->entities_added == 2);
      CHECK(summary->relations_added == 3);
    }
    REQUIRE(reached);
    INFO("show zhipu-ai during the import: ", new_entity.out, new_entity.err);
    CHECK(new_entity.exit_code != 0);
    CHECK(new_entity.out.empty());
    CHECK(Contains(new_entity.err, "no entity named 'zhipu-ai'"));
    CHECK(new_alias.exit_code != 0);
    CHECK(old_entity.exit_code == 0);
    CHECK(Contains(old_entity.out, "51,000,000,000 CNY"));
    CHECK_FALSE(Contains(old_entity.out, "zhipu-ai"));  // not its new rival either
    CHECK(check.exit_code == 0);
    CHECK(Contains(check.err, "11 entities, 9 relations"));

    // After Commit and close, everything is there.
    ProcessResult after = RunCli({"--db", db, "show", "智谱"});
    INFO("show after: ", after.err);
    CHECK(after.exit_code == 0);
    CHECK(Contains(after.out, "zhipu-series-c"));
    CHECK(Contains(after.out, "Tencent"));
    CHECK(Contains(RunCli({"--db", db, "show", "DeepSeek"}).out, "zhipu-ai"));
    CheckSummary sound = RequireSound(db);
    CHECK(sound.entities == kBundledEntities + 2);
    CHECK(sound.relations == kBundledRelations + 3);
  }
}

TEST_CASE("cli concurrency: an import that fails at commit leaves the store as it was") {
  for (bool bulk : {false, true}) {
    CAPTURE(bulk);
    TempDir dir;
    std::string db = dir / "store";
    ImportBundled(db);
    std::string before = ExportOf(db);
    {
      auto store = Store::Open(db, OpenMode::kWrite);
      REQUIRE_OK(store);
      ImportOptions options;
      if (bulk) options.batch_write_limit = 0;
      options.fault_injection = [](std::string_view point) {
        return point == "before-commit" ? Status::IOError("injected failure") : Status::Ok();
      };
      Importer importer(store->get(), options);
      REQUIRE_OK(importer.AddDocument("zhipu.json", kZhipuDocument));
      auto summary = importer.Commit();
      CHECK_FALSE(summary.ok());
      CHECK(Contains(summary.status().message(), "injected failure"));
    }
    CHECK(ExportOf(db) == before);
    RequireSound(db);
    // And the next import of the same file goes through.
    std::string file = dir / "zhipu.json";
    WriteFile(file, kZhipuDocument);
    ProcessResult r = RunCli({"--db", db, "import", file});
    INFO("stderr: ", r.err);
    CHECK(r.exit_code == 0);
    CHECK(Contains(r.err, "entities: 2 added"));
  }
}

// A valid .jsonl file of `companies` companies, as many funding rounds (one raised by each
// company), and relations_per_round - 1 investors (other companies) in each round: about
// companies * relations_per_round relations.
void WriteLargeImport(const std::string& path, int companies, int relations_per_round) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << "{\"format\": \"landscape/1\"}\n";
  for (int i = 0; i < companies; ++i) {
    out << "{\"type\": \"entity\", \"id\": \"gen-co-" << i
        << "\", \"kind\": \"company\", \"name\": \"Generated Company " << i
        << "\", \"aliases\": [\"GC" << i << "\"]}\n";
  }
  for (int i = 0; i < companies; ++i) {
    out << "{\"type\": \"entity\", \"id\": \"gen-round-" << i
        << "\", \"kind\": \"funding_round\", \"name\": \"Generated Round " << i
        << "\", \"attributes\": {\"stage\": \"Series A\", \"amount\": \"" << (i % 900 + 1)
        << "M USD\"}}\n";
  }
  for (int i = 0; i < companies; ++i) {
    out << "{\"type\": \"relation\", \"relation\": \"raised\", \"from\": \"gen-co-" << i
        << "\", \"to\": \"gen-round-" << i << "\"}\n";
    for (int k = 1; k < relations_per_round; ++k) {
      out << "{\"type\": \"relation\", \"relation\": \"invested_in\", \"from\": \"gen-co-"
          << (i + k * 37) % companies << "\", \"to\": \"gen-round-" << i
          << "\", \"properties\": {\"lead\": " << (k == 1 ? "true" : "false") << "}}\n";
    }
  }
  // Some existing entities take part too.
  out << "{\"type\": \"relation\", \"relation\": \"invested_in\", \"from\": \"tencent\", "
         "\"to\": \"gen-round-0\"}\n";
  out << "{\"type\": \"relation\", \"relation\": \"rival_of\", \"from\": \"gen-co-0\", "
         "\"to\": \"deepseek\"}\n";
}

TEST_CASE("cli concurrency: an import killed with SIGKILL is wholly present or wholly absent") {
  // 200,002 relations (40,002 under the sanitizers): far more than 50 ms of work either way.
  constexpr int kCompanies = testing::kSanitized ? 2000 : 10000;
  constexpr int kPerRound = 20;
  constexpr long kEntities = 2L * kCompanies;
  constexpr long kRelations = static_cast<long>(kCompanies) * kPerRound + 2;
  TempDir dir;
  std::string data = dir / "large.jsonl";
  WriteLargeImport(data, kCompanies, kPerRound);

  // One import run to completion: the reference for "wholly present", and how long a whole
  // import takes here, so that some kills also land near its commit.
  std::string reference = dir / "store-reference";
  ImportBundled(reference);
  auto start = std::chrono::steady_clock::now();
  ProcessResult full = RunCli({"--db", reference, "import", data});
  long full_ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::steady_clock::now() - start)
                                       .count());
  INFO("reference import stderr: ", full.err);
  REQUIRE(full.exit_code == 0);
  CheckSummary complete = RequireSound(reference);
  REQUIRE(complete.relations == kBundledRelations + kRelations);
  REQUIRE(complete.entities == kBundledEntities + kEntities);
  std::string reference_card = RunCli({"--db", reference, "show", "Generated Round 0"}).out;
  CHECK(Contains(reference_card, "Tencent"));

  std::vector<long> delays = {50, 150, 300, 600, 1200};
  for (double fraction : {0.9, 1.0}) {
    delays.push_back(static_cast<long>(full_ms * fraction));
  }
  int absent = 0, present = 0, killed = 0;
  std::string rerun_db;
  for (size_t i = 0; i < delays.size(); ++i) {
    long delay_ms = delays[i];
    CAPTURE(delay_ms);
    std::string db = dir / ("store-" + std::to_string(i));
    ImportBundled(db);
    pid_t pid =
        SpawnLandscape({"--db", db, "import", data}, dir / "import.out", dir / "import.err");
    REQUIRE(pid > 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));  // the deliberate delay
    kill(pid, SIGKILL);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    bool was_killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    if (was_killed) {
      ++killed;
    } else {
      INFO("import stderr: ", testing::ReadFile(dir / "import.err"));
      CHECK(WIFEXITED(status));
      CHECK(WEXITSTATUS(status) == 0);
    }

    CheckSummary check = CheckOf(db);
    INFO("check stdout: ", check.out.substr(0, 1000));
    INFO("check stderr: ", check.err);
    CHECK(check.exit_code == 0);
    CHECK(check.out.empty());
    REQUIRE(check.parsed);
    bool is_absent = check.relations == kBundledRelations;
    bool is_present = check.relations == kBundledRelations + kRelations;
    CHECK_MESSAGE((is_absent || is_present), "a partial import is visible: ", check.relations,
                  " relations");
    if (is_absent) {
      ++absent;
      CHECK(check.entities == kBundledEntities);
      CHECK(check.names == kBundledNames);
      CHECK(RunCli({"--db", db, "show", "gen-co-1"}).exit_code != 0);
      if (was_killed) rerun_db = db;
    }
    if (is_present) {
      ++present;
      CHECK(check.entities == complete.entities);
      CHECK(check.names == complete.names);
      CHECK(RunCli({"--db", db, "show", "Generated Round 0"}).out == reference_card);
    }
    if (!was_killed) CHECK(is_present);  // it ran to completion: all of it is there
  }
  MESSAGE("whole import took ", full_ms, " ms; SIGKILL iterations: ", killed, " killed, ", absent,
          " absent, ", present, " present");
  // 50 ms is far less than reading and validating the relations takes, so at least one
  // iteration must have killed the import before its commit.
  CHECK_MESSAGE(absent >= 1, "no iteration killed the import before it committed");

  // Running the import again on a store whose import was killed completes, and check passes.
  REQUIRE_FALSE(rerun_db.empty());
  ProcessResult again = RunCli({"--db", rerun_db, "import", data});
  INFO("re-run stderr: ", again.err);
  CHECK(again.exit_code == 0);
  CHECK(again.out.empty());
  CHECK(Contains(again.err, "relations: " + std::to_string(kRelations) + " added"));
  CheckSummary final_check = RequireSound(rerun_db);
  CHECK(final_check.relations == complete.relations);
  CHECK(final_check.entities == complete.entities);
  CHECK(final_check.names == complete.names);
  CHECK(RunCli({"--db", rerun_db, "show", "Generated Round 0"}).out == reference_card);
}

}  // namespace
}  // namespace landscape

namespace landscape {
namespace {

// How many changes `log` lists, and the valuation `show` gives DeepSeek.
struct LoggedState {
  size_t changes = 0;
  std::string valuation;
};

LoggedState StateOf(const std::string& db) {
  ProcessResult log = RunCli({"--db", db, "--format", "csv", "log"});
  REQUIRE(log.exit_code == 0);
  LoggedState state;
  for (char c : log.out) state.changes += c == '\n';
  state.changes -= 1;  // the header
  ProcessResult card =
      RunCli({"--db", db, "--format", "csv", "--table", "attributes", "show", "DeepSeek"});
  REQUIRE(card.exit_code == 0);
  size_t at = card.out.find("\nvaluation,");
  REQUIRE(at != std::string::npos);
  state.valuation = card.out.substr(at + 11, card.out.find(',', at + 11) - at - 11);
  return state;
}

TEST_CASE("cli concurrency: a set killed with SIGKILL leaves the old state or the new, logged") {
  TempDir dir;
  std::string db = dir / "store";
  ImportBundled(db);
  LoggedState before = StateOf(db);
  REQUIRE(before.changes == 1);
  int old_state = 0, new_state = 0;
  // Delays from nothing to past a whole `set` (about 40 ms here): some kills land before the
  // write, some after, and any state in between must not show.
  for (int i = 0; i < 40; ++i) {
    std::string value = std::to_string(500 + i) + "B CNY";
    CAPTURE(value);
    pid_t pid = SpawnLandscape({"--db", db, "set", "DeepSeek", "valuation", value}, dir / "set.out",
                               dir / "set.err");
    REQUIRE(pid > 0);
    std::this_thread::sleep_for(std::chrono::microseconds(1500 * i));  // the deliberate delay
    kill(pid, SIGKILL);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    LoggedState after = StateOf(db);
    bool is_new = after.valuation == std::to_string(500 + i) + "000000000";
    if (is_new) {
      ++new_state;
      CHECK(after.changes == before.changes + 1);  // the change is in the log with its value
    } else {
      ++old_state;
      CHECK(after.valuation == before.valuation);
      CHECK(after.changes == before.changes);
    }
    CHECK(CheckOf(db).exit_code == 0);
    before = after;
  }
  MESSAGE("SIGKILL during set: ", old_state, " old, ", new_state, " new");
  CHECK(old_state + new_state == 40);
}

}  // namespace
}  // namespace landscape
