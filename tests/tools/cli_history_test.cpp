// End-to-end tests of the store's whole record: `export --history` of a store after edits of
// every kind, imported into a new store, gives the same log and the same answers at every
// `--recorded-by`; a broken history file is refused whole, with its line, and makes no store.

#include <doctest/doctest.h>

#include <filesystem>

#include <string>
#include <vector>

#include "tests/test_support.hpp"
#include "tests/tools/cli_test_util.hpp"

namespace landscape {
namespace {

using testing::ProcessResult;
using testing::TempDir;
using testing::WriteFile;
using testing::cli::Contains;
using testing::cli::ImportBundled;
using testing::cli::RunCli;

void Run(const std::vector<std::string>& args) {
  ProcessResult r = RunCli(args);
  INFO("landscape ", args.back(), ": ", r.err);
  REQUIRE(r.exit_code == 0);
}

std::string Out(const std::string& db, std::vector<std::string> args) {
  args.insert(args.begin(), {"--db", db});
  ProcessResult r = RunCli(args);
  INFO("stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
  return r.out;
}

// A store with a change of every kind: import, set, retract (claim and relation), remove,
// revert of the remove, add (entity, relation, fx, round), import --replace.
void MakeHistory(const std::string& db, const std::string& source_dir) {
  ImportBundled(db);
  Run({"--db", db, "set", "DeepSeek Series A", "amount", "$7.5B", "--as-of", "2025-02"});
  Run({"--db", db, "retract", "DeepSeek", "country", "--value", "China"});
  Run({"--db", db, "retract", "relation", "--type", "rival_of", "--from", "Baidu", "--to",
       "DeepSeek"});
  Run({"--db", db, "remove", "moonshot-ai"});
  Run({"--db", db, "revert", "5"});
  Run({"--db", db, "add", "entity", "--id", "zhipu", "--kind", "company", "--name", "Zhipu AI"});
  Run({"--db", db, "add", "relation", "--type", "rival_of", "--from", "Zhipu AI", "--to",
       "Moonshot AI"});
  Run({"--db", db, "add", "fx", "--base", "EUR", "--quote", "USD", "--rate", "1.08", "--date",
       "2025-03"});
  Run({"--db", db, "add", "round", "--company", "Zhipu AI", "--stage", "Series B", "--amount",
       "¥3.5B", "--date", "2025-03", "--lead", "Tencent"});
  Run({"--db", db, "remove", "zhipu-series-b"});
  Run({"--db", db, "import", "--replace", source_dir + "/tests/cases/data/market_v1.json"});
}

TEST_CASE(
    "cli history: export --history, imported into a new store, gives the same log and "
    "the same answers at every --recorded-by") {
  TempDir dir;
  std::string db = dir / "store", copy = dir / "copy", file = dir / "history.jsonl";
  MakeHistory(db, testing::SourceDir());
  Run({"--db", db, "export", "--history", "--out", file});
  ProcessResult imported = RunCli({"--db", copy, "import", file});
  INFO("import stderr: ", imported.err);
  REQUIRE(imported.exit_code == 0);
  CHECK(Contains(imported.err, "replayed 12 changes"));
  std::string log = Out(db, {"log"});
  CHECK(Out(copy, {"log"}) == log);
  for (int change = 0; change <= 12; ++change) {
    CAPTURE(change);
    std::string at = std::to_string(change);
    CHECK(Out(copy, {"--recorded-by", at, "export"}) == Out(db, {"--recorded-by", at, "export"}));
    if (change == 0) continue;  // the empty store: no DeepSeek to ask about
    CHECK(Out(copy, {"--recorded-by", at, "investors", "DeepSeek"}) ==
          Out(db, {"--recorded-by", at, "investors", "DeepSeek"}));
  }
  for (const char* name : {"DeepSeek", "DeepSeek Series A", "Moonshot AI", "Zhipu AI", "Baidu"}) {
    CAPTURE(name);
    CHECK(Out(copy, {"history", name}) == Out(db, {"history", name}));
  }
  // The copy's own record is the same file again.
  CHECK(Out(copy, {"export", "--history"}) == testing::ReadFile(file));
}

TEST_CASE("cli history: a broken history file is refused with its line, and makes no store") {
  TempDir dir;
  std::string db = dir / "store", copy = dir / "copy", file = dir / "history.jsonl";
  MakeHistory(db, testing::SourceDir());
  std::string text = Out(db, {"export", "--history"});
  // A relation to an entity no change made, on the last line.
  text += R"({"type":"relation","relation":"rival_of","from":"deepseek","to":"nobody"})";
  text += "\n";
  WriteFile(file, text);
  size_t lines = 0;
  for (char c : text) lines += c == '\n';
  ProcessResult r = RunCli({"--db", copy, "import", file});
  CHECK(r.exit_code == 1);
  CHECK(Contains(r.err, "history.jsonl:" + std::to_string(lines) + ":"));
  CHECK(Contains(r.err, "nobody"));
  CHECK(Contains(r.err, "nothing imported"));
  CHECK_FALSE(std::filesystem::exists(copy));
  CHECK_FALSE(std::filesystem::exists(copy + ".partial"));
  // A history goes into a new store only.
  ProcessResult again = RunCli({"--db", db, "import", dir / "history.jsonl"});
  CHECK(again.exit_code == 1);
  CHECK(Contains(again.err, "a history is imported into a new store"));
}

}  // namespace
}  // namespace landscape
