// Writes the system refuses, through the real binary: the writer reports a clear error and
// leaves the store as it was. The refusal is made with RLIMIT_FSIZE (a file may not grow past
// a limit; SIGXFSZ ignored, so the write fails with EFBIG), which needs no privilege, in the
// place of a full disk: before, Debian's RocksDB aborted the process (SIGABRT, an assertion in
// its info log's writer) instead of returning the error.

#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/test_support.hpp"
#include "tests/tools/cli_test_util.hpp"

namespace landscape {
namespace {

using testing::ProcessResult;
using testing::TempDir;
using testing::cli::Contains;
using testing::cli::ExportOf;
using testing::cli::ImportBundled;
using testing::cli::RequireSound;
using testing::cli::RunCli;

// `landscape ARGS` with no file allowed to grow past `max_file_bytes`.
ProcessResult RunWithFileLimit(const std::vector<std::string>& args, rlim_t max_file_bytes) {
  return testing::RunLandscape(args, "", [max_file_bytes] {
    signal(SIGXFSZ, SIG_IGN);  // the write fails with EFBIG instead of killing the process
    rlimit limit{max_file_bytes, max_file_bytes};
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0) _exit(126);
  });
}

TEST_CASE("cli write faults: a refused write is a clear error and the store is as it was") {
  TempDir dir;
  std::string db = dir / "store";
  ImportBundled(db);
  std::string before = ExportOf(db);
  // 2,000 companies: a write of more than 16 KiB to the log.
  std::string file = dir / "many.jsonl";
  std::string lines;
  for (int i = 0; i < 2000; ++i) {
    lines += "{\"type\": \"entity\", \"id\": \"gen-" + std::to_string(i) +
             "\", \"kind\": \"company\", \"name\": \"Generated company " + std::to_string(i) +
             "\"}\n";
  }
  testing::WriteFile(file, lines);
  struct Refusal {
    rlim_t limit;
    std::vector<std::string> args;
    std::string where;  // the step that fails
  };
  // 1 KiB: the store's open fails (its MANIFEST); this is the case that aborted before.
  // 16 KiB: the open goes through and the import's write to the log fails.
  for (const Refusal& refusal :
       {Refusal{1024,
                {"--db", db, "add", "entity", "--id", "minimax", "--kind", "company", "--name",
                 "MiniMax"},
                "opening store"},
        Refusal{16 * 1024, {"--db", db, "import", file}, "writing the import"}}) {
    CAPTURE(refusal.limit);
    ProcessResult r = RunWithFileLimit(refusal.args, refusal.limit);
    INFO("stderr: ", r.err);
    CHECK(r.exit_code == 1);  // not 134, SIGABRT
    bool named = Contains(r.err, refusal.where + " " + db + ": the system refused a write") ||
                 Contains(r.err, refusal.where + ": the system refused a write");
    CHECK(named);
    CHECK(Contains(r.err, "the store is as it was"));
    CHECK(ExportOf(db) == before);
    RequireSound(db);
  }
  // With room again, the same import goes through.
  CHECK(RunCli({"--db", db, "import", file}).exit_code == 0);
  RequireSound(db);
}

}  // namespace
}  // namespace landscape
