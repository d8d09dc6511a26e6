// End-to-end tests of the `landscape` verbs on the bundled dataset (data/deepseek.json): each
// test runs the real binary as a child process on a store in its own temporary directory.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/key_codec.hpp"
#include "storage/store.hpp"
#include "storage/store_handles.hpp"
#include "tests/test_support.hpp"
#include "tests/tools/cli_test_util.hpp"

namespace landscape {
namespace {

using nlohmann::json;
using testing::ProcessResult;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;
using testing::cli::CheckOf;
using testing::cli::Contains;
using testing::cli::CountOf;
using testing::cli::ExportOf;
using testing::cli::ImportBundled;
using testing::cli::kBundledEntities;
using testing::cli::kBundledRelations;
using testing::cli::RequireSound;
using testing::cli::RunCli;

// A store holding the bundled dataset, in a fresh temporary directory.
struct BundledStore {
  TempDir dir;
  std::string db = dir / "store";
  BundledStore() { ImportBundled(db); }
  ProcessResult Run(std::vector<std::string> args, const std::string& input = "") const {
    args.insert(args.begin(), {"--db", db});
    return RunCli(args, input);
  }
};

void CheckDeepSeekCard(const ProcessResult& r) {
  INFO("stderr: ", r.err);
  INFO("stdout: ", r.out);
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  for (const char* expected : {"deepseek", "DeepSeek", "深度求索", "51,000,000,000 CNY",
                               "7,400,000,000 USD", "400,000,000,000 CNY", "Tencent", "CATL",
                               "Moonshot AI", "Baidu", "pandaily-deepseek-series-a"}) {
    CHECK_MESSAGE(Contains(r.out, expected), "card lacks ", expected);
  }
}

TEST_CASE("cli: importing the bundled dataset succeeds with its summary on stderr only") {
  TempDir dir;
  std::string db = dir / "store";
  ProcessResult r = RunCli({"--db", db, "import", testing::cli::BundledDatasetPath()});
  INFO("stderr: ", r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK(Contains(r.err, "entities: 11 added"));
  CHECK(Contains(r.err, "relations: 9 added"));
  auto check = RequireSound(db);
  CHECK(check.entities == kBundledEntities);
  CHECK(check.relations == kBundledRelations);
}

TEST_CASE("cli: show finds DeepSeek by id and name and full-width name and Chinese alias") {
  BundledStore s;
  ProcessResult by_name = s.Run({"show", "DeepSeek"});
  CheckDeepSeekCard(by_name);
  for (const char* name : {"deepseek", "ＤｅｅｐＳｅｅｋ", "深度求索", "  DEEPSEEK "}) {
    CAPTURE(name);
    ProcessResult r = s.Run({"show", name});
    CheckDeepSeekCard(r);
    CHECK(r.out == by_name.out);
  }
}

TEST_CASE("cli: show --format json parses and the rounds table has Tencent as lead") {
  BundledStore s;
  ProcessResult r = s.Run({"show", "--format", "json", "DeepSeek"});
  INFO("stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  json card = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  REQUIRE_FALSE(card.is_discarded());
  REQUIRE(card.is_object());
  // The card is an object: `.entity.name` in jq terms; the other tables are arrays of rows.
  CHECK(card["entity"]["name"] == "DeepSeek");
  CHECK(card["entity"]["aliases"] == json::array({"深度求索"}));
  for (const char* table : {"attributes", "relations", "rounds"}) {
    CAPTURE(table);
    REQUIRE(card.contains(table));
    CHECK(card[table].is_array());
  }
  bool saw_tencent = false, saw_catl = false;
  for (const json& row : card["rounds"]) {
    CHECK(row.value("round", "") == "deepseek-series-a");
    // Money is data: a number, its currency and the exact decimal.
    CHECK(row["amount"]["value"] == 51000000000);
    CHECK(row["amount"]["currency"] == "CNY");
    CHECK(row["amount"]["approximate"] == false);
    CHECK(row["amount"]["exact"] == "51000000000");
    CHECK(row["reported_as"]["value"] == 7400000000);
    CHECK(row["reported_as"]["currency"] == "USD");
    if (row.value("investor", "") == "Tencent") {
      saw_tencent = true;
      CHECK(row["lead"] == json(true));
    }
    if (row.value("investor", "") == "CATL") {
      saw_catl = true;
      CHECK(row["lead"] == json(false));
    }
  }
  CHECK(saw_tencent);
  CHECK(saw_catl);
  bool saw_valuation = false;
  for (const json& row : card["attributes"]) {
    if (row.value("attribute", "") == "valuation") {
      saw_valuation = true;
      CHECK(row["value"]["exact"] == "400000000000");
      CHECK(row["value"]["currency"] == "CNY");
      CHECK(row.value("confidence", "") == "filing");
    }
  }
  CHECK(saw_valuation);
  // The global option also works before the verb.
  ProcessResult before = s.Run({"--format", "json", "show", "DeepSeek"});
  CHECK(before.exit_code == 0);
  CHECK(before.out == r.out);
}

TEST_CASE("cli: find matches any script and ranks the best match first") {
  BundledStore s;
  ProcessResult r = s.Run({"find", "深度", "--format", "json"});
  INFO("stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
  json result = json::parse(r.out, nullptr, false);
  REQUIRE(result.is_object());
  json rows = result["matches"];
  REQUIRE(rows.is_array());
  REQUIRE(rows.size() >= 1);
  CHECK(rows[0].value("id", "") == "deepseek");
  CHECK(rows[0].value("matched", "") == "深度求索");

  r = s.Run({"find", "moon", "--format", "json"});
  REQUIRE(r.exit_code == 0);
  rows = json::parse(r.out, nullptr, false)["matches"];
  REQUIRE(rows.is_array());
  REQUIRE(rows.size() == 2);  // Moonshot AI and Moonshot AI Series B
  CHECK(rows[0].value("id", "") == "moonshot-ai");
  CHECK(rows[1].value("id", "") == "moonshot-ai-series-b");

  // Table form too.
  r = s.Run({"find", "moon"});
  REQUIRE(r.exit_code == 0);
  size_t first = r.out.find("moonshot-ai ");
  size_t second = r.out.find("moonshot-ai-series-b");
  CHECK(first != std::string::npos);
  CHECK(second != std::string::npos);
  CHECK(first < second);

  r = s.Run({"find", "zzz-nothing-like-this"});
  CHECK(r.exit_code == 0);
  CHECK_FALSE(Contains(r.out, "deepseek"));
}

TEST_CASE("cli: list --kind company --format csv has a header and 6 companies") {
  BundledStore s;
  ProcessResult r = s.Run({"list", "--kind", "company", "--format", "csv"});
  INFO("stderr: ", r.err);
  INFO("stdout: ", r.out);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.rfind("id,kind,name,aliases\r\n", 0) == 0);
  CHECK(CountOf(r.out, "\r\n") == 7);  // header + 6 rows, no quoted line breaks
  CHECK(CountOf(r.out, ",company,") == 6);
  for (const char* id : {"baidu", "bytedance", "catl", "deepseek", "moonshot-ai", "tencent"}) {
    CHECK_MESSAGE(Contains(r.out, std::string("\r\n") + id + ",company,"), id);
  }
  CHECK_FALSE(Contains(r.out, "funding_round"));
  CHECK_FALSE(Contains(r.out, "ernie-bot"));

  r = s.Run({"list", "--kind", "startup"});
  CHECK(r.exit_code != 0);
  CHECK(r.out.empty());
  CHECK(Contains(r.err, "unknown kind 'startup'"));
}

TEST_CASE("cli: show of an unknown name fails with a message on stderr and nothing on stdout") {
  BundledStore s;
  ProcessResult r = s.Run({"show", "Nobody Such"});
  CHECK(r.exit_code != 0);
  CHECK(r.out.empty());
  CHECK(Contains(r.err, "no entity named 'Nobody Such'"));

  // A near miss suggests candidates, still on stderr.
  r = s.Run({"show", "Moonshot"});
  CHECK(r.exit_code != 0);
  CHECK(r.out.empty());
  CHECK(Contains(r.err, "did you mean"));
  CHECK(Contains(r.err, "moonshot-ai"));
}

TEST_CASE("cli: show of an ambiguous name lists the candidates") {
  BundledStore s;
  ProcessResult a = s.Run({"add", "entity", "--id", "twin-one", "--kind", "company", "--name",
                           "Twin One", "--alias", "Gemini Labs"});
  REQUIRE(a.exit_code == 0);
  ProcessResult b = s.Run({"add", "entity", "--id", "twin-two", "--kind", "investor", "--name",
                           "Twin Two", "--alias", "GEMINI  labs"});
  REQUIRE(b.exit_code == 0);
  ProcessResult r = s.Run({"show", "gemini labs"});
  INFO("stderr: ", r.err);
  CHECK(r.exit_code != 0);
  CHECK(r.out.empty());
  CHECK(Contains(r.err, "ambiguous"));
  CHECK(Contains(r.err, "twin-one"));
  CHECK(Contains(r.err, "twin-two"));
  // Each is still reachable by its id.
  CHECK(s.Run({"show", "twin-one"}).exit_code == 0);
  CHECK(s.Run({"show", "twin-two"}).exit_code == 0);
}

TEST_CASE("cli: add entity and add relation with attributes and properties and sources") {
  BundledStore s;
  const std::string src = "pandaily-deepseek-series-a";
  ProcessResult r = s.Run({"add", "entity", "--id", "zhipu-ai", "--kind", "company", "--name",
                           "Zhipu AI", "--alias", "智谱", "--attr", "country=China", "--attr",
                           "valuation=20B CNY", "--source", src, "--confidence", "reported"});
  INFO("stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK(Contains(r.err, "entities: 1 added"));
  r = s.Run({"add", "entity", "--id", "zhipu-series-c", "--kind", "funding_round", "--name",
             "Zhipu Series C", "--attr", "stage=Series C", "--attr", "amount=3B CNY", "--attr",
             "announced=2025-03"});
  REQUIRE(r.exit_code == 0);
  r = s.Run(
      {"add", "relation", "--type", "raised", "--from", "zhipu-ai", "--to", "zhipu-series-c"});
  REQUIRE(r.exit_code == 0);
  CHECK(Contains(r.err, "relations: 1 added"));
  r = s.Run({"add", "relation", "--type", "invested_in", "--from", "tencent", "--to",
             "zhipu-series-c", "--prop", "lead=true", "--prop", "amount=1B CNY", "--prop",
             "rationale=Strategic bet", "--source", src, "--confidence", "reported"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.empty());

  ProcessResult card = s.Run({"show", "智谱"});
  INFO("card: ", card.out);
  REQUIRE(card.exit_code == 0);
  for (const char* expected : {"zhipu-ai", "Zhipu AI", "China", "20,000,000,000 CNY", "reported",
                               "zhipu-series-c", "3,000,000,000 CNY", "2025-03", "Tencent"}) {
    CHECK_MESSAGE(Contains(card.out, expected), "card lacks ", expected);
  }

  ProcessResult j = s.Run({"show", "--format", "json", "zhipu-ai"});
  REQUIRE(j.exit_code == 0);
  json tables = json::parse(j.out, nullptr, false);
  REQUIRE(tables.is_object());
  bool valuation = false;
  for (const json& row : tables["attributes"]) {
    if (row.value("attribute", "") != "valuation") continue;
    valuation = true;
    CHECK(row["value"]["exact"] == "20000000000");
    CHECK(row["value"]["currency"] == "CNY");
    CHECK(row.value("confidence", "") == "reported");
    CHECK(row["sources"] == json::array({src}));
  }
  CHECK(valuation);
  REQUIRE(tables.contains("rounds"));
  REQUIRE(tables["rounds"].size() == 1);
  CHECK(tables["rounds"][0].value("investor", "") == "Tencent");
  CHECK(tables["rounds"][0]["lead"] == json(true));
  CHECK(tables["rounds"][0]["sources"] == json::array({src}));

  ProcessResult round = s.Run({"show", "--format", "json", "zhipu-series-c"});
  REQUIRE(round.exit_code == 0);
  json round_tables = json::parse(round.out, nullptr, false);
  REQUIRE(round_tables.is_object());
  bool invested = false;
  for (const json& row : round_tables["relations"]) {
    if (row.value("relation", "") != "invested_in") continue;
    invested = true;
    CHECK(row.value("id", "") == "tencent");
    CHECK(row.value("direction", "") == "in");
    std::string props = row.value("properties", "");
    CHECK(Contains(props, "lead: true"));
    CHECK(Contains(props, "amount: 1000000000 CNY"));
    CHECK(Contains(props, "rationale: Strategic bet"));
  }
  CHECK(invested);

  auto check = RequireSound(s.db);
  CHECK(check.entities == kBundledEntities + 2);
  CHECK(check.relations == kBundledRelations + 2);
}

TEST_CASE("cli: add rejects bad fields and changes nothing") {
  BundledStore s;
  std::string before = ExportOf(s.db);
  struct Bad {
    std::vector<std::string> args;
    const char* expected;
  };
  const std::vector<Bad> bad = {
      {{"add", "entity", "--id", "x", "--kind", "startup", "--name", "X"}, "unknown kind"},
      {{"add", "entity", "--id", "X Y", "--kind", "company", "--name", "X"}, "not a valid id"},
      {{"add", "entity", "--id", "x", "--kind", "company", "--name", "X", "--attr",
        "valuation=51B XYZ"},
       "'XYZ' is not an ISO 4217 currency code"},
      {{"add", "entity", "--id", "x", "--kind", "company", "--name", "X", "--attr", "revenue=1"},
       "'revenue' is not declared"},
      {{"add", "entity", "--id", "deepseek", "--kind", "investor", "--name", "X"},
       "is of kind company in the store"},
      {{"add", "relation", "--type", "invested_in", "--from", "tencent", "--to",
        "deepseek-series-a", "--prop", "lead=maybe"},
       "'maybe'"},
      {{"add", "relation", "--type", "acquired", "--from", "tencent", "--to", "deepseek"},
       "unknown relation type 'acquired'"},
  };
  for (const Bad& b : bad) {
    ProcessResult r = s.Run(b.args);
    INFO("args: ", b.args[1], " ", b.args.back());
    INFO("stderr: ", r.err);
    CHECK(r.exit_code != 0);
    CHECK(r.out.empty());
    CHECK(Contains(r.err, b.expected));
  }
  CHECK(ExportOf(s.db) == before);
}

TEST_CASE("cli: add relation refuses an unknown entity and changes nothing") {
  BundledStore s;
  std::string before = ExportOf(s.db);
  ProcessResult r =
      s.Run({"add", "relation", "--type", "rival_of", "--from", "deepseek", "--to", "nobody"});
  INFO("stderr: ", r.err);
  CHECK(r.exit_code != 0);
  CHECK(r.out.empty());
  CHECK(Contains(r.err, "--to: no entity named 'nobody'"));
  CHECK(ExportOf(s.db) == before);
}

TEST_CASE("cli: add relation refuses endpoint kinds the schema forbids and changes nothing") {
  BundledStore s;
  std::string before = ExportOf(s.db);
  // raised goes from a company to a funding_round; here it starts at a funding_round.
  ProcessResult r = s.Run({"add", "relation", "--type", "raised", "--from", "deepseek-series-a",
                           "--to", "moonshot-ai-series-b"});
  INFO("stderr: ", r.err);
  CHECK(r.exit_code != 0);
  CHECK(r.out.empty());
  CHECK(Contains(r.err, "cannot start at 'deepseek-series-a'"));
  CHECK(Contains(r.err, "funding_round"));
  // ... and here it ends at a company.
  r = s.Run({"add", "relation", "--type", "raised", "--from", "deepseek", "--to", "tencent"});
  CHECK(r.exit_code != 0);
  CHECK(r.out.empty());
  CHECK(Contains(r.err, "cannot end at 'tencent'"));
  CHECK(ExportOf(s.db) == before);
  RequireSound(s.db);
}

TEST_CASE("cli: remove deletes an entity and its relations") {
  BundledStore s;
  ProcessResult r = s.Run({"remove", "moonshot-ai"});
  INFO("stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK(Contains(r.err, "removed moonshot-ai"));

  // moonshot-ai took part in 3 relations: rival_of baidu, rival_of deepseek, raised its round.
  auto check = RequireSound(s.db);
  CHECK(check.entities == kBundledEntities - 1);
  CHECK(check.relations == kBundledRelations - 3);

  ProcessResult gone = s.Run({"show", "moonshot-ai"});
  CHECK(gone.exit_code != 0);
  CHECK(gone.out.empty());
  gone = s.Run({"show", "月之暗面"});  // its alias is gone from the name index too
  CHECK(gone.exit_code != 0);
  ProcessResult card = s.Run({"show", "DeepSeek"});
  REQUIRE(card.exit_code == 0);
  CHECK_FALSE(Contains(card.out, "Moonshot AI "));
  CHECK(Contains(card.out, "Baidu"));  // other relations stay
  std::string exported = ExportOf(s.db);
  CHECK_FALSE(Contains(exported, "\"moonshot-ai\""));
  CHECK(Contains(exported, "\"moonshot-ai-series-b\""));  // the round itself stays

  // Removing it again fails and says so.
  r = s.Run({"remove", "moonshot-ai"});
  CHECK(r.exit_code != 0);
  CHECK(Contains(r.err, "no entity named 'moonshot-ai'"));

  // The exported store imports into a new one as is.
  TempDir other;
  std::string file = other / "export.json";
  WriteFile(file, exported);
  ProcessResult again = RunCli({"--db", other / "store", "import", file});
  INFO("re-import stderr: ", again.err);
  CHECK(again.exit_code == 0);
  CHECK(ExportOf(other / "store") == exported);
}

// Removing a source that other facts still cite must not leave a store that `check` rejects
// and whose export cannot be imported: remove should refuse, or also drop the citations.
TEST_CASE("cli: remove of a source that is still cited keeps the store consistent") {
  BundledStore s;
  std::string before = ExportOf(s.db);
  ProcessResult r = s.Run({"remove", "pandaily-deepseek-series-a"});
  INFO("remove stderr: ", r.err);
  if (r.exit_code != 0) {
    // Refused: the store must be unchanged.
    CHECK(r.out.empty());
    CHECK(ExportOf(s.db) == before);
    return;
  }
  auto check = CheckOf(s.db);
  INFO("check stdout: ", check.out.substr(0, 500));
  CHECK(check.exit_code == 0);
  CHECK(check.out.empty());
  // Whatever remove did, export → import must still work.
  TempDir other;
  std::string file = other / "export.json";
  WriteFile(file, ExportOf(s.db));
  ProcessResult again = RunCli({"--db", other / "store", "import", file});
  INFO("re-import stderr: ", again.err);
  CHECK(again.exit_code == 0);
}

TEST_CASE("cli: check exits 0 on a good store with the summary on stderr") {
  BundledStore s;
  ProcessResult r = s.Run({"check"});
  INFO("stderr: ", r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK(Contains(r.err, "11 entities, 9 relations"));
  CHECK(Contains(r.err, ": ok"));

  // A path with no store is an error, not an empty store.
  TempDir empty;
  r = RunCli({"--db", empty / "missing", "check"});
  CHECK(r.exit_code != 0);
  CHECK(r.out.empty());
  CHECK(Contains(r.err, "no store at"));
}

// Writes `value` as meta/next_id of the store at `db`, or deletes it when empty: the damage
// `check` must see, since the next `add` would overwrite an entity.
void SetNextId(const std::string& db, const std::string& value) {
  auto store = Store::Open(db, OpenMode::kWrite);
  REQUIRE_OK(store);
  const StoreHandles& h = (*store)->handles();
  auto* meta = h.cf(ColumnFamily::kMeta);
  std::string key(keys::kMetaNextId);
  rocksdb::Status s = value.empty() ? h.db->Delete(rocksdb::WriteOptions(), meta, key)
                                    : h.db->Put(rocksdb::WriteOptions(), meta, key, value);
  REQUIRE(s.ok());
}

TEST_CASE("cli: check finds a next entity number that is missing, malformed or in use") {
  std::string one;
  keys::AppendU64(&one, 1);
  for (const auto& [damage, expected] : std::vector<std::pair<std::string, std::string>>{
           {"", "meta/next_id is missing"},
           {"xyz", "meta/next_id is malformed (3 bytes"},
           {one, "meta/next_id is 1 but entity #11 exists"}}) {
    CAPTURE(expected);
    BundledStore s;
    SetNextId(s.db, damage);
    ProcessResult r = s.Run({"check"});
    INFO("stdout: ", r.out, "stderr: ", r.err);
    CHECK(r.exit_code != 0);
    CHECK(Contains(r.out, expected));
    CHECK(Contains(r.err, "1 problems"));

    // Mended without loss: the next number above every one in use, and an add then takes it.
    ProcessResult repair = s.Run({"check", "--repair"});
    INFO("repair stdout: ", repair.out, "stderr: ", repair.err);
    CHECK(repair.exit_code == 0);
    CHECK(Contains(repair.err, "repaired: meta/next_id set to 12, above every entity number"));
    CHECK(Contains(repair.err, ": ok"));
    std::string before = testing::cli::ExportOf(s.db);
    CHECK(s.Run({"add", "entity", "--id", "minimax", "--kind", "company", "--name", "MiniMax"})
              .exit_code == 0);
    std::string after = testing::cli::ExportOf(s.db);
    CHECK(after.size() > before.size());  // nothing overwritten: every entity still there
    CHECK(Contains(after, "\"minimax\""));
    CHECK(Contains(after, "\"deepseek\""));
    testing::cli::RequireSound(s.db);
  }
}

TEST_CASE("cli: a reader killed in the middle of its output leaves no temporary directory") {
  TempDir dir;
  std::string db = dir / "store";
  std::string data = dir / "many.jsonl";
  {
    std::ofstream out(data);
    for (int i = 0; i < 3000; ++i) {
      out << "{\"type\": \"entity\", \"id\": \"co-" << i
          << "\", \"kind\": \"company\", \"name\": \"Company number " << i << "\"}\n";
    }
  }
  REQUIRE(RunCli({"--db", db, "import", data}).exit_code == 0);
  std::string tmp = dir / "tmp";
  std::filesystem::create_directory(tmp);
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  std::string bin = testing::LandscapeBinary();
  std::fflush(nullptr);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {  // `landscape list` writing into a pipe that nobody drains: it blocks
    setenv("TMPDIR", tmp.c_str(), 1);
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    execl(bin.c_str(), bin.c_str(), "--db", db.c_str(), "list", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  char first[64];
  CHECK(read(fds[0], first, sizeof first) > 0);  // the reader is open and printing
  // Any private directory it holds a file open in, wherever it is (a build that kept RocksDB's
  // info log there, in /tmp whatever TMPDIR said, left it behind when killed).
  std::vector<std::string> private_dirs;
  for (const auto& fd :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) {
    std::error_code ec;
    std::string target = std::filesystem::read_symlink(fd.path(), ec).string();
    size_t at = target.find("landscape-reader-");
    if (!ec && at != std::string::npos)
      private_dirs.push_back(target.substr(0, target.find('/', at)));
  }
  kill(pid, SIGKILL);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  close(fds[0]);
  CHECK(WIFSIGNALED(status));
  for (const std::string& d : private_dirs) {
    INFO("the reader's directory: ", d);
    CHECK_FALSE(std::filesystem::exists(d));
  }
  CHECK(std::filesystem::is_empty(tmp));  // where this build makes it, and removes it at once
}

TEST_CASE("cli: control characters from the store are shown escaped, never sent raw") {
  TempDir dir;
  std::string db = dir / "store";
  std::string data = dir / "evil.jsonl";
  // ESC [2J clears a terminal; ESC ]0; sets its title; BEL rings; U+009B is the C1 CSI.
  WriteFile(
      data,
      "{\"type\": \"entity\", \"id\": \"evil\", \"kind\": \"company\", \"name\": "
      "\"Evil\\u001b[2J Corp\", \"aliases\": [\"\\u001b]0;pwned\\u0007\", \"C1\\u009b1m\"]}\n"
      "{\"type\": \"entity\", \"id\": \"good\", \"kind\": \"company\", \"name\": \"Good\\nCo\"}\n");
  REQUIRE(RunCli({"--db", db, "import", data}).exit_code == 0);
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"list"},
           {"show", "evil"},
           {"find", "corp"},
           {"--format", "csv", "list"},
           {"--format", "csv", "--table", "entity", "show", "evil"},
           {"--format", "json", "list"}}) {
    std::vector<std::string> full{"--db", db};
    full.insert(full.end(), args.begin(), args.end());
    ProcessResult r = RunCli(full);
    INFO("args: ", args.back(), " ", args.size());
    INFO("stdout: ", r.out);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find('\x1b') == std::string::npos);
    CHECK(r.out.find('\x07') == std::string::npos);
    if (args.front() != "--format" || args[1] != "json") {  // JSON keeps C1 exact, as JSON does
      CHECK(r.out.find("\xc2\x9b") == std::string::npos);
      CHECK((Contains(r.out, "Evil\\x1B[2J Corp") || Contains(r.out, "\\x1B]0;pwned\\x07")));
    }
  }
  ProcessResult list = RunCli({"--db", db, "list"});
  CHECK(Contains(list.out, "Good\\x0ACo"));  // one row, not two
  ProcessResult show = RunCli({"--db", db, "show", "evil"});
  CHECK(Contains(show.out, "\\x1B]0;pwned\\x07"));
  // Messages too: a name the store does not hold, echoed in the error.
  ProcessResult missing = RunCli({"--db", db, "show", "Nobody\x1b[2J"});
  CHECK(missing.exit_code != 0);
  CHECK(missing.err.find('\x1b') == std::string::npos);
  CHECK(Contains(missing.err, "Nobody\\x1B[2J"));
  CHECK(Contains(show.out, "C1\\u009B1m"));
}

TEST_CASE("cli: export then import into a new store then export is byte-identical") {
  BundledStore s;
  std::string first = ExportOf(s.db);
  CHECK(Contains(first, "\"format\": \"landscape/1\""));
  CHECK(Contains(first, "51000000000 CNY"));  // canonical money
  TempDir dir;
  std::string file = dir / "first.json";
  // Through --out as well as stdout: both give the same bytes.
  ProcessResult out = s.Run({"export", "--out", file});
  REQUIRE(out.exit_code == 0);
  CHECK(out.out.empty());
  CHECK(ReadFile(file) == first);

  ProcessResult r = RunCli({"--db", dir / "copy", "import", file});
  INFO("stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
  std::string second = ExportOf(dir / "copy");
  CHECK(second == first);
  RequireSound(dir / "copy");
}

TEST_CASE("cli: export --out an existing directory is one clear error and writes nothing") {
  BundledStore s;
  TempDir dir;
  std::filesystem::create_directory(dir / "reports");
  ProcessResult r = s.Run({"export", "--out", dir / "reports"});
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK(r.err == "landscape: " + dir / "reports" + " is a directory; name a file\n");
  std::vector<std::string> left;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    left.push_back(e.path().filename().string());
  }
  CHECK(left == std::vector<std::string>{"reports"});
  CHECK(std::filesystem::is_empty(dir / "reports"));
}

TEST_CASE("cli: export --jsonl then import --jsonl then export --jsonl is byte-identical") {
  BundledStore s;
  std::string first = ExportOf(s.db, /*jsonl=*/true);
  CHECK(first.rfind("{\"format\":\"landscape/1\"}\n", 0) == 0);
  CHECK(CountOf(first, "\"type\":\"relation\"") == kBundledRelations);
  TempDir dir;
  // A name without .jsonl, so that --jsonl is what makes it line-delimited.
  std::string file = dir / "first.lines";
  WriteFile(file, first);
  ProcessResult r = RunCli({"--db", dir / "copy", "import", "--jsonl", file});
  INFO("stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(ExportOf(dir / "copy", true) == first);
  // Both forms hold the same facts.
  CHECK(ExportOf(dir / "copy") == ExportOf(s.db));

  // From stdin too.
  r = RunCli({"--db", dir / "stdin-copy", "import", "--jsonl", "-"}, first);
  INFO("stdin import stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(ExportOf(dir / "stdin-copy", true) == first);
}

TEST_CASE("cli: round trip keeps schema extensions and claims and symmetric edges and FX rates") {
  TempDir dir;
  std::string file = dir / "rich.json";
  WriteFile(file, R"({
  "format": "landscape/1",
  "schema": {
    "kinds": {"product": {"attributes": {"launched": "date", "users": "integer",
                                         "tags": "list<text>"}},
              "company": {"attributes": {"employees": "integer"}}},
    "relations": {"makes": {"from": ["company"], "to": ["product"],
                            "properties": {"since": "date"}},
                  "rival_of": {"from": ["product"], "to": ["product"]}}
  },
  "sources": [{"id": "src-a", "name": "Source A",
               "attributes": {"published": "2026-03-01", "url": "https://example.com/a"}}],
  "entities": [
    {"id": "zeta", "kind": "company", "name": "Zeta", "aliases": ["ゼータ", "Zeta Inc"],
     "attributes": {"employees": 1200,
                    "valuation": [{"value": "~2B USD", "as_of": "2025", "sources": ["src-a"],
                                   "confidence": "rumor"},
                                  {"value": "1.5B USD", "as_of": "2026-03",
                                   "confidence": "official"}],
                    "techniques": ["a", "b"]}},
    {"id": "alpha", "kind": "company", "name": "Alpha"},
    {"id": "p1", "kind": "product", "name": "P1",
     "attributes": {"launched": "2024-05-06", "users": -5,
                    "tags": [{"value": ["x", "y"], "sources": ["src-a"]}]}},
    {"id": "p2", "kind": "product", "name": "P2"},
    {"id": "alpha-sub", "kind": "company", "name": "Alpha Sub"}
  ],
  "relations": [
    {"relation": "rival_of", "from": "zeta", "to": "alpha", "properties": {"basis": "x"}},
    {"relation": "rival_of", "from": "p2", "to": "p1"},
    {"relation": "makes", "from": "zeta", "to": "p1", "properties": {"since": "2024"}},
    {"relation": "subsidiary_of", "from": "alpha-sub", "to": "alpha",
     "properties": {"stake": "0.51"}}
  ],
  "fx_rates": [{"date": "2026-03", "base": "CNY", "quote": "USD", "rate": "0.1451",
                "sources": ["src-a"], "confidence": "official"}]
}
)");
  ProcessResult r = RunCli({"--db", dir / "a", "import", file});
  INFO("stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(Contains(r.err, "schema extended"));
  std::string first = ExportOf(dir / "a");
  CHECK(Contains(first,
                 "\"from\":\"alpha\",\"properties\":{\"basis\":\"x\"},"
                 "\"relation\":\"rival_of\",\"to\":\"zeta\""));  // symmetric: from < to
  CHECK(Contains(first, "\"from\":\"p1\",\"relation\":\"rival_of\",\"to\":\"p2\""));
  CHECK(Contains(first, "~2000000000 USD"));
  CHECK(Contains(first, "\"rate\":\"0.1451\""));
  CHECK(Contains(first, "\"stake\":\"0.51\""));
  std::string copy_file = dir / "first.json";
  WriteFile(copy_file, first);
  r = RunCli({"--db", dir / "b", "import", copy_file});
  REQUIRE(r.exit_code == 0);
  CHECK(ExportOf(dir / "b") == first);

  std::string lines = ExportOf(dir / "a", true);
  std::string lines_file = dir / "first.jsonl";
  WriteFile(lines_file, lines);
  r = RunCli({"--db", dir / "c", "import", lines_file});
  REQUIRE(r.exit_code == 0);
  CHECK(ExportOf(dir / "c", true) == lines);
  CHECK(ExportOf(dir / "c") == first);
  auto check = RequireSound(dir / "c");
  CHECK(check.fx_rates == 1);
  CHECK(check.relations == 4);
}

TEST_CASE("cli: re-importing the same file prints 'nothing changed' and changes nothing") {
  BundledStore s;
  std::string before = ExportOf(s.db);
  ProcessResult r = s.Run({"import", testing::cli::BundledDatasetPath()});
  INFO("stderr: ", r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK(Contains(r.err, "nothing changed"));
  CHECK(ExportOf(s.db) == before);

  // Its own export re-imported also changes nothing.
  TempDir dir;
  std::string file = dir / "export.json";
  WriteFile(file, before);
  r = s.Run({"import", file});
  CHECK(r.exit_code == 0);
  CHECK(Contains(r.err, "nothing changed"));
  CHECK(ExportOf(s.db) == before);
}

TEST_CASE("cli: --help works on every verb") {
  TempDir dir;
  std::string db = dir / "store";
  const std::vector<std::vector<std::string>> verbs = {
      {},      {"init"},   {"import"},        {"export"},          {"show"}, {"find"}, {"list"},
      {"add"}, {"remove"}, {"add", "entity"}, {"add", "relation"}, {"check"}};
  for (std::vector<std::string> args : verbs) {
    std::string label = args.empty() ? "(none)" : args.back();
    CAPTURE(label);
    args.insert(args.begin(), {"--db", db});
    args.push_back("--help");
    ProcessResult r = RunCli(args);
    CHECK(r.exit_code == 0);
    CHECK_FALSE(r.out.empty());
    CHECK(Contains(r.out, "Usage"));
  }
  // --help creates nothing.
  CHECK_FALSE(std::filesystem::exists(db));
}

TEST_CASE("cli: results go to stdout and messages to stderr") {
  TempDir dir;
  std::string db = dir / "store";
  ProcessResult r = RunCli({"--db", db, "init"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK(Contains(r.err, "created an empty store"));

  r = RunCli({"--db", db, "import", testing::cli::BundledDatasetPath()});
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK_FALSE(r.err.empty());

  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"export"}, {"export", "--jsonl"}, {"show", "CATL"}, {"find", "deep"}, {"list"}}) {
    CAPTURE(args[0]);
    args.insert(args.begin(), {"--db", db});
    r = RunCli(args);
    CHECK(r.exit_code == 0);
    CHECK_FALSE(r.out.empty());
    CHECK(r.err.empty());
  }

  r = RunCli({"--db", db, "add", "entity", "--id", "x", "--kind", "company", "--name", "X"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK_FALSE(r.err.empty());
  r = RunCli({"--db", db, "remove", "x"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK_FALSE(r.err.empty());
  r = RunCli({"--db", db, "check"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK_FALSE(r.err.empty());

  // init on an existing store refuses and leaves it alone.
  std::string before = ExportOf(db);
  r = RunCli({"--db", db, "init"});
  CHECK(r.exit_code != 0);
  CHECK(r.out.empty());
  CHECK(Contains(r.err, "already exists"));
  CHECK(ExportOf(db) == before);
}

}  // namespace
}  // namespace landscape
