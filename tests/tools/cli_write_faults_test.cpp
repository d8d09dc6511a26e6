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
  std::string file = dir / "zhipu.jsonl";
  testing::WriteFile(file,
                     "{\"type\": \"entity\", \"id\": \"zhipu-ai\", \"kind\": \"company\", "
                     "\"name\": \"Zhipu AI\"}\n"
                     "{\"type\": \"relation\", \"relation\": \"rival_of\", \"from\": "
                     "\"zhipu-ai\", \"to\": \"deepseek\"}\n");
  // 1 KiB: the store's open fails (its MANIFEST, its info log); then an `add` and an import
  // with a little more room, which fail later, at their write.
  for (rlim_t limit : {rlim_t{1024}, rlim_t{16 * 1024}}) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"--db", db, "add", "entity", "--id", "minimax", "--kind",
                                   "company", "--name", "MiniMax"},
          std::vector<std::string>{"--db", db, "import", file}}) {
      CAPTURE(limit);
      CAPTURE(args[2]);
      ProcessResult r = RunWithFileLimit(args, limit);
      INFO("stderr: ", r.err);
      if (r.exit_code == 0) continue;  // it fitted: nothing to check here
      CHECK(r.exit_code == 1);         // not 134, SIGABRT
      CHECK(Contains(r.err, "the system refused a write"));
      CHECK(Contains(r.err, "the store is as it was"));
      CHECK(ExportOf(db) == before);
      RequireSound(db);
    }
  }
  // The 1 KiB case must have failed: it is the one that aborted before.
  ProcessResult tight = RunWithFileLimit(
      {"--db", db, "add", "entity", "--id", "minimax", "--kind", "company", "--name", "MiniMax"},
      1024);
  CHECK(tight.exit_code == 1);
  // With room again, the same commands go through.
  CHECK(RunCli({"--db", db, "import", file}).exit_code == 0);
  RequireSound(db);
}

}  // namespace
}  // namespace landscape
