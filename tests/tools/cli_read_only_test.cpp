// A store the user may not change, through the real binary: a clear error, and reads still work.
// Before, a writer met RocksDB's "While renaming a file to …/LOG.old" (or, since the info log
// went, "opening …/landscape-open.lock: Permission denied").

#include <doctest/doctest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "tests/test_support.hpp"
#include "tests/tools/cli_test_util.hpp"

namespace landscape {
namespace {

using testing::ProcessResult;
using testing::TempDir;
using testing::cli::Contains;
using testing::cli::ExportOf;
using testing::cli::ImportBundled;
using testing::cli::RunCli;

constexpr int kNoReadOnlyMount = 125;

// Runs the binary with `db` read-only for it: for root, whom permissions do not stop, a
// read-only bind mount in a mount namespace of its own (nothing changes outside the child);
// for other users, the directory's write permission taken away meanwhile.
ProcessResult RunOnReadOnlyStore(const std::string& db, const std::vector<std::string>& args) {
  if (geteuid() != 0) {
    chmod(db.c_str(), 0555);
    ProcessResult r = RunCli(args);
    chmod(db.c_str(), 0755);
    return r;
  }
  return testing::RunLandscape(args, "", [db] {
    if (unshare(CLONE_NEWNS) != 0 ||
        mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        mount(db.c_str(), db.c_str(), nullptr, MS_BIND, nullptr) != 0 ||
        mount(nullptr, db.c_str(), nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY, nullptr) != 0) {
      _exit(kNoReadOnlyMount);
    }
  });
}

TEST_CASE("cli read-only store: a write is refused in plain words, reads work") {
  TempDir dir;
  const std::string db = dir / "store";
  ImportBundled(db);
  const std::string before = ExportOf(db);

  ProcessResult add = RunOnReadOnlyStore(db, {"--db", db, "add", "entity", "--id", "minimax",
                                              "--kind", "company", "--name", "MiniMax"});
  REQUIRE_MESSAGE(add.exit_code != kNoReadOnlyMount, "could not make a read-only mount");
  INFO("stderr: ", add.err);
  CHECK(add.exit_code == 1);
  CHECK(Contains(add.err, "store " + db + " cannot be changed: "));
  CHECK(Contains(add.err, "read-only commands (show, find, list, export, check) work"));
  CHECK_FALSE(Contains(add.err, "RocksDB"));

  ProcessResult show = RunOnReadOnlyStore(db, {"--db", db, "show", "deepseek"});
  CHECK(show.exit_code == 0);
  CHECK(Contains(show.out, "DeepSeek"));
  CHECK(ExportOf(db) == before);
}

}  // namespace
}  // namespace landscape
