// The graph image through the real binary: an image is used only by the store it was built
// from. Two stores bulk-imported once each have the same RocksDB sequence number, so an image
// copied from one to the other passed as current and answered for the wrong graph.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "storage/store.hpp"
#include "tests/test_support.hpp"
#include "tests/tools/cli_test_util.hpp"

namespace landscape {
namespace {

using testing::ProcessResult;
using testing::TempDir;
using testing::cli::Contains;
using testing::cli::RunCli;

// `companies` companies co-0, co-1, ..., each a rival of the one `step` ahead: enough of them
// that the import is one bulk ingestion (its sequence number does not grow with its size).
void WriteChain(const std::string& path, int companies, int step) {
  std::ofstream out(path, std::ios::trunc);
  for (int i = 0; i < companies; ++i) {
    out << "{\"type\": \"entity\", \"id\": \"co-" << i
        << "\", \"kind\": \"company\", \"name\": \"Company " << i << "\", \"aliases\": [\"C" << i
        << "\"]}\n";
  }
  for (int i = 0; i + step < companies; ++i) {
    out << "{\"type\": \"relation\", \"relation\": \"rival_of\", \"from\": \"co-" << i
        << "\", \"to\": \"co-" << i + step << "\"}\n";
  }
}

uint64_t SequenceOf(const std::string& db) {
  auto store = Store::Open(db, OpenMode::kRead);
  REQUIRE_OK(store);
  return (*store)->LatestSequence();
}

TEST_CASE("cli graph image: an image copied from another store is not used") {
  constexpr int kCompanies = 15000;
  TempDir dir;
  std::string one = dir / "one", two = dir / "two";
  WriteChain(dir / "one.jsonl", kCompanies, 1);  // co-0 — co-1 — co-2 …
  WriteChain(dir / "two.jsonl", kCompanies, 2);  // co-0 — co-2 — co-4 …
  for (const auto& [db, file] : {std::pair{one, dir / "one.jsonl"}, {two, dir / "two.jsonl"}}) {
    ProcessResult r = RunCli({"--db", db, "import", file});
    INFO("import stderr: ", r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(std::filesystem::exists(db + "/graph.image"));
  }
  REQUIRE(SequenceOf(one) == SequenceOf(two));  // what let the copy pass before

  std::vector<std::string> path{"--db", two,    "--format", "csv", "--table",
                                "hops", "path", "co-0",     "co-4"};
  ProcessResult own = RunCli(path);
  INFO("path stderr: ", own.err);
  REQUIRE(own.exit_code == 0);
  CHECK(Contains(own.out, "co-2"));
  CHECK_FALSE(Contains(own.out, "co-1,"));

  std::filesystem::copy_file(one + "/graph.image", two + "/graph.image",
                             std::filesystem::copy_options::overwrite_existing);
  ProcessResult copied = RunCli(path);
  INFO("path stderr with the copied image: ", copied.err);
  CHECK(copied.exit_code == 0);
  CHECK(copied.out == own.out);  // two hops through co-2, as store two holds it
  ProcessResult check = RunCli({"--db", two, "check"});
  CHECK(check.exit_code == 0);  // another store's image is no damage: it is not used
}

TEST_CASE("cli graph image: check reports a damaged image, and queries still answer") {
  TempDir dir;
  std::string db = dir / "store";
  testing::cli::ImportBundled(db);
  std::vector<std::string> path{"--db", db, "path", "CATL", "Baidu"};
  ProcessResult before = RunCli(path);
  REQUIRE(before.exit_code == 0);
  REQUIRE(RunCli({"--db", db, "check"}).exit_code == 0);
  // Before: `check` said ok whatever the image held.
  testing::FlipByte(db + "/graph.image", std::filesystem::file_size(db + "/graph.image") - 4);
  ProcessResult check = RunCli({"--db", db, "check"});
  INFO("check stdout: ", check.out, " stderr: ", check.err);
  CHECK(check.exit_code != 0);
  CHECK(Contains(check.out, "graph image"));
  CHECK(Contains(check.out, "checksum mismatch"));
  CHECK(Contains(check.out, "the next import rewrites it"));
  ProcessResult after = RunCli(path);
  CHECK(after.exit_code == 0);
  CHECK(after.out == before.out);

  // The image is derived: a repair builds it again, and then check passes.
  ProcessResult repair = RunCli({"--db", db, "check", "--repair"});
  INFO("repair stdout: ", repair.out, " stderr: ", repair.err);
  CHECK(repair.exit_code == 0);
  CHECK(Contains(repair.err, "repaired: the damaged graph image removed"));
  CHECK(RunCli({"--db", db, "check"}).exit_code == 0);
  CHECK(RunCli(path).out == before.out);
}

}  // namespace
}  // namespace landscape
